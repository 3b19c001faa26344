#include "ingest/formats/survey_import.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "core/time_zones.h"
#include "ingest/csv_reader.h"
#include "ingest/field_mapping.h"
#include "ingest/json_codec.h"

namespace peakend::ingest {
namespace {

constexpr std::size_t kMaxQuestionInNote = 60;  // bytes of a question quoted in a note

// Reads the time column through the file until its slash dates tell day-first from month-first
// (DateOrderEvidence), before anything is stored, so no row is stored under an order a later row
// contradicts. Only that column is looked at; a row the reader cannot get past ends the reading,
// as it ends the import.
void SettleDateOrder(const std::string& path, SurveyMapping& mapping) {
  std::optional<std::size_t> column = TimeColumn(mapping);
  auto reader = CsvReader::Open(path);
  if (!column || !reader.ok()) return;
  DateOrderEvidence evidence;
  CsvRecord record;
  std::size_t headers_left = mapping.header_rows;
  for (;;) {
    auto more = (*reader)->Next(record);
    if (!more.ok() || !*more) break;
    bool blank = std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) { return f.empty(); });
    if (blank) continue;
    if (headers_left > 0) {
      --headers_left;
      continue;
    }
    if (*column < record.fields.size() && evidence.Add(record.fields[*column], record.line)) break;
  }
  evidence.Settle(mapping);
}

// A saved mapping names its columns by header and question, not by place: next month's export
// may have them in another order, or a question added, moved or renumbered. Each column of the
// file takes the field of the saved column with the same header and question; else of the same
// question; else of the same header, whose changed question is noted. A column the mapping does
// not know is kept as an attribute, and a mapped column the file lacks is noted.
void FitToFile(const ExportSample& sample, SurveyMapping& saved) {
  // The file's own headers and questions, read as the saved mapping's format reads them.
  auto proposed = ProposeMapping(sample, saved.format);
  std::vector<SurveyMapping::Column> file_columns;
  if (proposed.ok()) {
    file_columns = proposed->columns;
  } else if (!sample.rows.empty()) {
    for (const auto& header : sample.rows[0]) file_columns.push_back({header, "", ""});
  }
  std::vector<bool> taken(saved.columns.size(), false);
  auto find = [&](auto&& same) -> std::optional<std::size_t> {
    for (std::size_t k = 0; k < saved.columns.size(); ++k) {
      if (!taken[k] && same(saved.columns[k])) return k;
    }
    return std::nullopt;
  };
  std::vector<std::optional<std::size_t>> source(file_columns.size());
  // Whole matches first, so that a renumbered question does not take a column that matches whole.
  for (std::size_t c = 0; c < file_columns.size(); ++c) {
    const auto& f = file_columns[c];
    source[c] = find([&](const SurveyMapping::Column& s) { return s.header == f.header && s.question == f.question; });
    if (source[c]) taken[*source[c]] = true;
  }
  for (std::size_t c = 0; c < file_columns.size(); ++c) {
    const auto& f = file_columns[c];
    if (source[c] || f.question.empty()) continue;
    source[c] = find([&](const SurveyMapping::Column& s) { return s.question == f.question; });
    if (source[c]) taken[*source[c]] = true;
  }
  std::vector<std::string> notes;
  for (std::size_t c = 0; c < file_columns.size(); ++c) {
    auto& f = file_columns[c];
    if (!source[c]) {
      source[c] = find([&](const SurveyMapping::Column& s) { return s.header == f.header; });
      if (source[c]) {
        taken[*source[c]] = true;
        const std::string& field = saved.columns[*source[c]].field;
        std::string proposed = f.field;  // what the file's own wording asks
        if ((IsRecordField(field) || IsRecordField(proposed)) && proposed != field) {
          // The question's own words say what it asks; the saved field was another question's.
          bool reworded = IsRecordField(proposed);
          notes.push_back("column '" + f.header + "' asks another question than when the mapping was saved (\"" +
                          f.question.substr(0, kMaxQuestionInNote) + "\"); " +
                          (reworded ? "mapped to " + proposed + " as its wording says, not to " + field
                                    : "it still maps to " + field) +
                          ". If that is wrong, change it with --map \"" + f.header + "=FIELD\".");
          if (reworded) continue;
        }
      }
    }
    if (source[c]) {
      f.field = saved.columns[*source[c]].field;
    } else {
      f.field = f.header.empty() ? "" : "attr:" + f.header;
      notes.push_back("column '" + f.header + "' is not in the saved mapping: kept as an attribute (map it with --map \"" +
                      f.header + "=FIELD\", and save the mapping again).");
    }
  }
  for (std::size_t k = 0; k < saved.columns.size(); ++k) {
    const auto& s = saved.columns[k];
    if (taken[k] || !IsRecordField(s.field)) continue;
    notes.push_back("the saved mapping's column '" + s.header + "' (" + s.field + ") is not in this file.");
  }
  saved.columns = std::move(file_columns);
  saved.notes.insert(saved.notes.end(), notes.begin(), notes.end());
}

// The first rows of the file at `path`, as detection and FitToFile read them.
Result<ExportSample> ReadSample(const std::string& path) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  ExportSample sample;
  CsvRecord record;
  while (sample.rows.size() < kSampleRows) {
    auto more = (*reader)->Next(record);
    // A row the reader cannot get past (a quote never closed: a download cut short) ends the
    // sample as it ends the import, which stores the rows before it and names it.
    if (!more.ok() && sample.rows.empty()) return more.status().WithContext(path + ": ");
    if (!more.ok() || !*more) break;
    // Blank lines above the header are skipped, as the import skips them.
    if (sample.rows.empty() &&
        std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) { return f.empty(); })) {
      continue;
    }
    // Legacy Qualtrics lines end in a stray comma; drop the empty field it makes.
    if (!sample.rows.empty() && record.fields.size() == sample.rows[0].size() + 1 && record.fields.back().empty()) {
      record.fields.pop_back();
    }
    if (sample.rows.empty() && !record.fields.empty() && record.fields.back().empty()) record.fields.pop_back();
    sample.rows.push_back(record.fields);
  }
  if (sample.rows.empty()) return Status::InvalidArgument("'" + path + "' is empty");
  return sample;
}

}  // namespace

Result<SurveyMapping> LoadOrProposeMapping(const std::string& path, const std::string& from,
                                           const std::string& mapping_file) {
  if (!mapping_file.empty()) {
    std::ifstream in(mapping_file);
    if (!in) return Status::IoError("cannot read mapping file '" + mapping_file + "'");
    auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded()) return Status::InvalidArgument("mapping file '" + mapping_file + "' is not valid JSON");
    auto mapping = MappingFromJson(json);
    if (!mapping.ok()) return mapping.status().WithContext(mapping_file + ": ");
    auto sample = ReadSample(path);
    if (!sample.ok()) return sample.status();
    FitToFile(*sample, *mapping);
    return mapping;
  }
  auto sample = ReadSample(path);
  if (!sample.ok()) return sample.status();
  auto mapping = ProposeMapping(*sample, from);
  if (mapping.ok() && mapping->date_order_guessed) SettleDateOrder(path, *mapping);
  return mapping;
}

Status OverrideColumns(const std::vector<std::string>& overrides, SurveyMapping& mapping) {
  std::vector<ColumnMapping> columns;
  for (const auto& c : mapping.columns) columns.push_back({c.header, c.field});
  PEAKEND_RETURN_IF_ERROR(ApplyOverrides(RecordKind::kResponse, overrides, columns));
  for (std::size_t i = 0; i < columns.size(); ++i) mapping.columns[i].field = columns[i].field;
  return Status::Ok();
}

Status SaveMapping(const SurveyMapping& mapping, const std::string& path) {
  std::ofstream out(path);
  if (!out) return Status::IoError("cannot write mapping file '" + path + "'");
  out << ToJson(mapping).dump(2) << "\n";
  return out ? Status::Ok() : Status::IoError("cannot finish writing '" + path + "'");
}

Status SetTimeZone(const std::string& chosen, const std::string& organisation_zone, SurveyMapping& mapping) {
  bool assumed = chosen.empty();
  if (assumed && !mapping.time_zone.empty() && !UtcOffsetMinutes(mapping.time_zone, 0)) {
    // Said once for the file, not for every row whose time it would turn.
    return Status::InvalidArgument("the export says its times are in '" + mapping.time_zone +
                                       "', a time zone Peakend does not know; name the zone they are in with "
                                       "--time-zone, such as Europe/Amsterdam or UTC",
                                   "--time-zone");
  }
  if (assumed && (!mapping.time_zone.empty() || !WritesLocalTimes(mapping.format))) return Status::Ok();
  const std::string& zone = assumed ? organisation_zone : chosen;
  if (!UtcOffsetMinutes(zone, 0)) {
    return Status::InvalidArgument("time zone '" + zone + "' is not known; " + (assumed ? "set time_zone to" : "use") +
                                       " a zone such as Europe/Amsterdam, America/New_York or UTC",
                                   assumed ? "time_zone" : "--time-zone");
  }
  mapping.time_zone = zone;
  mapping.time_zone_assumed = assumed;
  return Status::Ok();
}

void ApplyMapping(const SurveyMapping& mapping, ImportOptions& options) {
  options.column_fields.clear();
  for (const auto& c : mapping.columns) options.column_fields.push_back(c.field);
  options.extra_header_rows = mapping.header_rows - 1;
  options.id_prefix = mapping.id_prefix;
  options.normalize_row = [mapping](std::vector<std::string>& fields) { return NormalizeRow(mapping, fields); };
  options.skip_row = nullptr;
  if (std::optional<std::size_t> column = SkipColumn(mapping)) {
    options.skip_row = [c = *column](const std::vector<std::string>& fields) {
      return c < fields.size() ? SkipReason(fields[c]) : std::string();
    };
  } else if (std::optional<std::size_t> submitted = IncompleteColumn(mapping)) {
    options.skip_row = [c = *submitted](const std::vector<std::string>& fields) {
      return c >= fields.size() || TrimSpace(fields[c]).empty() ? std::string("started but never submitted") : std::string();
    };
  }
}

std::string DescribeMapping(const SurveyMapping& m) {
  std::ostringstream out;
  out << "Format: " << m.format;
  if (m.confidence > 0) out << " (detected, confidence " << static_cast<int>(m.confidence * 100) << "%)";
  out << "\nHeader rows: " << m.header_rows;
  if (m.time_zone_assumed) {
    out << "\nTimes: " << m.format << " writes them without a zone, in local time; read in " << m.time_zone
        << ", the organisation's time zone (the time_zone setting). If the export was made in another zone, import "
           "with --time-zone ZONE.";
  } else if (!m.time_zone.empty()) {
    out << ", timestamps in " << m.time_zone;
  }
  bool has_ids = std::any_of(m.columns.begin(), m.columns.end(),
                             [](const SurveyMapping::Column& c) { return c.field == "external_id"; });
  if (!has_ids) {
    out << "\nResponse ids: " << ContentIdNote(RecordKind::kResponse);
    if (!m.id_prefix.empty()) out << " '" << m.id_prefix << "' is put before each.";
  } else if (!m.id_prefix.empty()) {
    out << "\nResponse ids: '" << m.id_prefix << "' put before each";
  } else if (IdsCountPerForm(m.format)) {
    out << "\nResponse ids: " << m.format << " numbers the responses of each form 1, 2, 3...; importing more than"
        << " one form, give each its own --id-prefix (such as the form's name), or responses of two forms with the"
        << " same number are taken for one and the later is skipped as already imported.";
  }
  bool month_first = m.date_order == DateOrder::kMonthFirst;
  const char* read = month_first ? "month-first (03/01/2026 is 1 March)" : "day-first (01/03/2026 is 1 March)";
  if (!TimeColumn(m)) {
    out << "\nTimes: no column maps to submitted_at, so every response is stored as submitted now, at the import"
        << " (and not looked at for moments of truth). If a column holds when it was given, map it: --map"
        << " \"Column=submitted_at\".";
  }
  if (m.date_order_guessed) {
    out << "\nDates: read " << read << " as " << m.format << " writes them by default; no date in the file has a"
        << " day above 12 to tell, nor does the order of its rows."
        << " If that is wrong, import with --date-order " << (month_first ? "day-first" : "month-first")
        << " (with --save-mapping it is kept in the mapping).";
  } else if (!m.date_order_reason.empty()) {
    out << "\nDates: read " << read << ": " << m.date_order_reason << ".";
  }
  if (!m.customer_fallback.empty()) {
    for (const auto& c : m.columns) {
      if (c.field == "customer") {
        out << "\nCustomers: " << c.header << ", or " << m.customer_fallback << " where " << c.header << " is empty.";
        break;
      }
    }
  }
  for (const auto& note : m.notes) out << "\nNote: " << note;
  out << "\nColumns:\n";
  std::vector<std::string> fields;  // as stored: a repeated attribute numbered
  for (const auto& c : m.columns) fields.push_back(c.field);
  fields = FieldsAsStored(std::move(fields));
  for (std::size_t i = 0; i < m.columns.size(); ++i) {
    const auto& c = m.columns[i];
    // Headers and questions may hold line breaks (SurveyMonkey's long questions).
    auto one_line = [](std::string text) {
      for (auto& ch : text) ch = (ch == '\n' || ch == '\r') ? ' ' : ch;
      return text;
    };
    std::string question = one_line(c.question);
    if (question.size() > 60) question = question.substr(0, 57) + "...";
    out << "  " << i + 1 << ". " << one_line(c.header);
    if (!question.empty() && question != c.header) out << " \"" << question << "\"";
    out << " -> " << (fields[i].empty() ? "(dropped)" : fields[i]) << "\n";
  }
  return out.str();
}

Result<std::string> DryRun(const std::string& path, const SurveyMapping& mapping, ImportOptions options) {
  ApplyMapping(mapping, options);
  options.strict = false;
  options.progress = nullptr;
  std::vector<Response> samples;
  // A response id seen earlier in the file is not imported twice; the store is not asked.
  std::set<std::string> ids;
  auto summary = ImportFile(path, options, [&](WriteRequest&& request) {
    WriteResult result;
    for (const auto& r : request.responses) {
      bool first = r.external_id.empty() || ids.insert(r.external_id).second;
      if (first && samples.size() < kDryRunSamples) samples.push_back(r);
      result.responses.push_back(RecordOutcome{0, first, Status::Ok(), false, {}});
    }
    for (std::size_t i = 0; i < request.interactions.size(); ++i) result.interactions.push_back({0, true, Status::Ok(), false, {}});
    std::promise<WriteResult> done;
    done.set_value(std::move(result));
    return done.get_future();
  });
  if (!summary.ok()) return summary.status();
  std::ostringstream out;
  out << DescribeMapping(mapping);
  out << "Rows: " << summary->rows_read << " read, " << summary->created << " would be imported, ";
  if (summary->duplicates > 0) out << summary->duplicates << " repeat a response id earlier in the file, ";
  out << summary->rejected << " rejected (references to locations, employees and interactions are checked on import)\n";
  out << DescribeSkipped(*summary);
  for (std::size_t i = 0; i < summary->errors.size() && i < kDryRunSamples; ++i) {
    const auto& e = summary->errors[i];
    out << "  line " << e.line << (e.column.empty() ? "" : ", column '" + e.column + "'") << ": " << e.reason << "\n";
  }
  out << "First rows as Peakend would store them:\n";
  for (const auto& r : samples) {
    auto j = ToJson(r);
    j.erase("id");
    j.erase("tags");
    j.erase("sentiment");
    j.erase("sentiment_label");
    j.erase("analysis");
    out << "  " << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return out.str();
}

}  // namespace peakend::ingest
