#include "ingest/labeled_csv.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/strings.h"
#include "ingest/csv_reader.h"

namespace peakend::ingest {
namespace {

constexpr std::array<std::string_view, 9> kTextColumns = {"text",    "comment", "comments",  "feedback", "review",
                                                          "verbatim", "tekst",  "opmerking", "toelichting"};
constexpr std::array<std::string_view, 6> kLabelColumns = {"label", "sentiment", "class", "category", "polarity", "klasse"};

struct LabelSpelling {
  std::string_view written;
  std::string_view label;
};
constexpr std::array<LabelSpelling, 12> kSentimentLabels = {{{"positive", "positive"},
                                                             {"pos", "positive"},
                                                             {"positief", "positive"},
                                                             {"negative", "negative"},
                                                             {"neg", "negative"},
                                                             {"negatief", "negative"},
                                                             {"neutral", "neutral"},
                                                             {"neu", "neutral"},
                                                             {"neutraal", "neutral"},
                                                             {"mixed", "neutral"},
                                                             {"gemengd", "neutral"},
                                                             {"neutre", "neutral"}}};

// The column named `wanted` (any case), or else the first header among `usual`.
int FindColumn(const std::vector<std::string>& header, const std::string& wanted,
               const std::string_view* usual_begin, const std::string_view* usual_end) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string name = AsciiLower(TrimSpace(header[i]));
    if (!wanted.empty() ? name == AsciiLower(wanted) : std::find(usual_begin, usual_end, name) != usual_end) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

std::string NormalizeLabel(const std::string& label) {
  std::string trimmed(TrimSpace(label));
  std::string lower = AsciiLower(trimmed);
  for (const auto& s : kSentimentLabels) {
    if (lower == s.written) return std::string(s.label);
  }
  return trimmed;
}

Result<LabeledCsv> ReadLabeledCsv(const std::string& path, const LabeledCsvOptions& options) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  CsvRecord record;
  auto header = (*reader)->Next(record);
  if (!header.ok()) return header.status();
  if (!*header) return Status::InvalidArgument("'" + path + "' is empty; it needs a header with a text and a label column");
  int text_col = FindColumn(record.fields, options.text_column, kTextColumns.data(), kTextColumns.data() + kTextColumns.size());
  int label_col =
      FindColumn(record.fields, options.label_column, kLabelColumns.data(), kLabelColumns.data() + kLabelColumns.size());
  if (text_col < 0 || label_col < 0) {
    std::string found;
    for (const auto& f : record.fields) found += (found.empty() ? "" : ", ") + std::string("'") + f + "'";
    std::string missing = text_col < 0 ? (options.text_column.empty() ? "text column (text, comment, feedback, ...)"
                                                                      : "column '" + options.text_column + "'")
                                       : (options.label_column.empty() ? "label column (label, sentiment, class, ...)"
                                                                       : "column '" + options.label_column + "'");
    return Status::InvalidArgument("'" + path + "' has no " + missing + "; its header has " + found +
                                   " (name the columns with --text-column and --label-column)");
  }
  LabeledCsv out;
  for (;;) {
    auto more = (*reader)->Next(record);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (static_cast<int>(record.fields.size()) <= std::max(text_col, label_col) || TrimSpace(record.fields[label_col]).empty()) {
      ++out.skipped;
      continue;
    }
    out.rows.push_back({record.fields[text_col], NormalizeLabel(record.fields[label_col])});
  }
  return out;
}

}  // namespace peakend::ingest
