#include "ingest/importer.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <fstream>
#include <optional>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/limits.h"
#include "core/strings.h"
#include "ingest/binary_files.h"
#include "ingest/csv_reader.h"
#include "ingest/json_codec.h"
#include "ingest/validation.h"

namespace peakend::ingest {
namespace {

// The fields that name a record: ids and references to others.
bool IsReferenceField(std::string_view field) {
  return field == "external_id" || field == "customer" || field == "location" || field == "team" ||
         field == "employee" || field == "interaction" || field == "journey_id";
}

}  // namespace
namespace {

bool LooksLikeNdjson(const std::string& path) {
  auto ends = [&](const char* s) {
    std::string suffix = s;
    return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".ndjson") || ends(".jsonl") || ends(".json");
}

// Excel keeps the leading zeros of a code by exporting it as a formula, ="0123"; the value is
// what the formula shows.
void UnwrapExcelText(std::string& value) {
  if (value.size() >= 3 && value.compare(0, 2, "=\"") == 0 && value.find('"', 2) == value.size() - 1) {
    value = value.substr(2, value.size() - 3);
  }
}

// Of a rejected cell quoted in the summary and the --report file.
constexpr std::size_t kMaxReportedValueBytes = 100;
// Of a cell quoted inside the reason a row is refused for.
constexpr std::size_t kMaxQuotedCellBytes = 40;

// The columns a row must have cells for: up to the last one with a header. Spreadsheets give a
// header row empty cells to the right of the table ("Datum,NPS,Opmerking,,,") that the data rows
// leave out; those cells read as empty.
std::size_t NamedColumns(const std::vector<ColumnMapping>& columns) {
  std::size_t n = columns.size();
  while (n > 0 && columns[n - 1].header.empty()) --n;
  return n;
}

// The delimiter as a person reads it in a message.
std::string ShownDelimiter(char delimiter) {
  return delimiter == '\t' ? std::string("tab") : "'" + std::string(1, delimiter) + "'";
}

bool IsBlank(const CsvRecord& record) {
  for (const auto& f : record.fields) {
    if (!f.empty()) return false;
  }
  return true;
}

// Ids for the rows of a CSV file that has no column for external_id, made from what each row
// holds, so that importing the same export again, or a later one that has grown, adds only the
// rows that are new. The id hashes the non-empty cells with their column names, in the order of
// the names: a question added to the form later (an empty cell in the old rows) leaves the old
// rows' ids as they were, and so does a column moved in a spreadsheet.
// Identical rows in one file are numbered (row-<hash>, row-<hash>-2, ...): two customers who gave
// the same answers, in a file without a time or id to tell them apart, are two responses.
class ContentIds {
 public:
  ContentIds(const std::vector<ColumnMapping>& columns, std::string prefix) : prefix_(std::move(prefix)) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      // SurveyMonkey leaves the header of a question's second option column empty.
      names_.push_back(columns[i].header.empty() ? "#" + std::to_string(i + 1) : columns[i].header);
      by_name_.push_back(i);
    }
    std::stable_sort(by_name_.begin(), by_name_.end(), [&](std::size_t a, std::size_t b) { return names_[a] < names_[b]; });
  }

  std::string Next(const std::vector<std::string>& fields, std::size_t n) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, kDigestBytes);
    auto add = [&](const std::string& text) {
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    };
    // The separators are control characters that column names and cells do not hold, so
    // ("ab", "c") and ("a", "bc") differ.
    for (std::size_t i : by_name_) {
      if (i >= n || fields[i].empty()) continue;
      add(names_[i]);
      add("\x1f");
      add(fields[i]);
      add("\x1e");
    }
    unsigned char digest[kDigestBytes];
    crypto_generichash_final(&state, digest, kDigestBytes);
    char hex[kDigestBytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, kDigestBytes);
    std::uint64_t key = 0;
    std::memcpy(&key, digest, sizeof key);
    std::uint32_t occurrence = ++seen_[key];
    std::string id = prefix_ + kContentIdPrefix + hex;
    if (occurrence > 1) id += "-" + std::to_string(occurrence);
    return id;
  }

 private:
  // 128 bits: two different rows of even a billion-row history share an id with a chance
  // below 1 in 10^20.
  static constexpr std::size_t kDigestBytes = 16;
  std::vector<std::string> names_;
  std::vector<std::size_t> by_name_;  // column numbers in the order of their names
  std::string prefix_;
  std::unordered_map<std::uint64_t, std::uint32_t> seen_;  // rows seen so far by content
};

// One source record turned into a Peakend record, or the reason it was not.
struct Parsed {
  std::uint64_t line = 0;
  Response response;
  Interaction interaction;
  std::optional<RowError> error;
  std::string skipped;  // why the row is left out (ImportOptions::skip_row), "" to import it
};

// Reads records one at a time from CSV (with a mapping) or NDJSON.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  virtual Result<bool> Next(Parsed& out) = 0;
  virtual std::uint64_t bytes_done() const = 0;
  virtual std::uint64_t bytes_total() const = 0;
  // The text encoding the source was read in, as far as it has been read ("" when not text).
  virtual std::string encoding() const { return ""; }
  // The file's name for the column feeding Peakend's `field` (--map "Winkel=location": "Winkel"),
  // for errors said of the field; the field itself where the file names its columns so.
  virtual std::string ColumnOf(const std::string& field) const { return field; }
};

class CsvSource : public RecordSource {
 public:
  CsvSource(std::unique_ptr<CsvReader> reader, FieldMapping mapping, RecordKind kind, const Calendar* calendar,
            std::string file, std::function<Status(std::vector<std::string>&)> normalize,
            std::function<std::string(const std::vector<std::string>&)> skip, std::optional<ContentIds> content_ids)
      : reader_(std::move(reader)),
        mapping_(std::move(mapping)),
        kind_(kind),
        calendar_(calendar),
        file_(std::move(file)),
        normalize_(std::move(normalize)),
        skip_(std::move(skip)),
        content_ids_(std::move(content_ids)),
        named_columns_(NamedColumns(mapping_.columns())) {}

  Result<bool> Next(Parsed& out) override {
    if (stopped_) return false;
    for (;;) {
      auto more = reader_->Next(record_);
      if (!more.ok()) {
        // A record the reader cannot get past (a quote never closed, a field over the limit) ends
        // the file there. It is a rejected row like any other, so the rows before it are stored
        // whichever batch they fell in, and the summary and exit code say the file ended badly.
        stopped_ = true;
        std::string reason = more.status().message();
        const std::string prefix = "line " + std::to_string(record_.line) + ": ";
        if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
        out = Parsed{};
        out.line = record_.line;
        out.error = RowError{file_, record_.line, "", "", reason + "; the file was not read past this row"};
        return true;
      }
      if (!*more) return false;
      // Blank lines, and lines of empty cells (";;;;" from Excel), are skipped: spreadsheets leave
      // them at the end.
      if (IsBlank(record_)) continue;
      break;
    }
    out = Parsed{};
    out.line = record_.line;
    const auto& columns = mapping_.columns();
    // Trailing empty fields (a trailing delimiter) are tolerated, and so are missing cells under
    // the empty headers that end a header row; other ragged rows are not.
    std::size_t n = record_.fields.size();
    while (n > named_columns_ && record_.fields[n - 1].empty()) --n;
    if (n < named_columns_ || n > columns.size()) {
      out.error = RowError{file_, record_.line, "", "", RaggedRowReason(n)};
      return true;
    }
    n = columns.size();
    record_.fields.resize(n);
    if (kind_ == RecordKind::kResponse) out.response.channel = ResponseChannel::kImport;
    for (std::size_t i = 0; i < n; ++i) UnwrapExcelText(record_.fields[i]);
    if (skip_) {
      out.skipped = skip_(record_.fields);
      if (!out.skipped.empty()) return true;
    }
    // Made from the cells as the file has them, before labels and times are rewritten.
    if (content_ids_) {
      std::string id = content_ids_->Next(record_.fields, n);
      (kind_ == RecordKind::kResponse ? out.response.external_id : out.interaction.external_id) = std::move(id);
    }
    if (normalize_) {
      record_.fields.resize(columns.size());
      Status s = normalize_(record_.fields);
      if (!s.ok()) {
        // The rewrite leaves a cell it refuses as the file has it.
        std::string value;
        for (std::size_t i = 0; i < columns.size(); ++i) {
          if (columns[i].header == s.field()) value = record_.fields[i].substr(0, kMaxReportedValueBytes);
        }
        out.error = RowError{file_, record_.line, s.field(), value, s.message()};
        return true;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& field = columns[i].field;
      if (field.empty()) continue;
      const std::string& value = record_.fields[i];
      if (!IsValidUtf8(value)) {
        out.error = RowError{file_, record_.line, columns[i].header, "(invalid bytes)",
                             "is not valid UTF-8; save the file as UTF-8 (Excel: 'CSV UTF-8')"};
        return true;
      }
      // Spreadsheets pad cells ("R1 " beside "R1"); the API refuses such ids, a file's are trimmed.
      std::string_view text = WithoutFormulaGuard(value);
      if (IsReferenceField(field)) text = TrimSpace(text);
      Status s = kind_ == RecordKind::kResponse ? SetResponseField(out.response, field, text, calendar_)
                                                : SetInteractionField(out.interaction, field, text, calendar_);
      if (!s.ok()) {
        out.error = RowError{file_, record_.line, columns[i].header, value.substr(0, kMaxReportedValueBytes), s.message()};
        return true;
      }
    }
    Status valid = kind_ == RecordKind::kResponse ? ValidateResponse(out.response) : ValidateInteraction(out.interaction);
    if (!valid.ok()) {
      // A wide export (hundreds of embedded-data columns) fills more attributes than a response
      // keeps; the import can leave the ones nobody needs behind.
      std::string hint = valid.field() == "attributes"
                             ? "; leave out columns you do not need: --map \"Column=ignore\", or with --from set "
                               "their \"field\" to \"\" in a mapping saved with --save-mapping and import with --mapping"
                             : "";
      out.error = RowError{file_, record_.line, ColumnOf(valid.field()), "", valid.message() + hint};
    }
    return true;
  }
  // Why a row whose cells run to field `n` does not fit the header (NamedColumns and up to its
  // end): what is missing, or which cells lie beyond the header, and what to check.
  std::string RaggedRowReason(std::size_t n) const {
    if (n < named_columns_) {
      // A short last row without a line break is what a download or copy that stopped early leaves.
      return "has " + std::to_string(n) + " fields but the header names " + std::to_string(named_columns_) +
             " columns" +
             (record_.unterminated ? "; it is the last row and ends without a line break: was the file cut short?"
                                   : "; check for a line break in a cell that is not quoted");
    }
    std::size_t width = mapping_.columns().size(), extra = n - width;
    std::size_t first = width;  // the first cell beyond the header that holds something
    while (record_.fields[first].empty()) ++first;
    std::string held = "'" + Shorten(record_.fields[first], kMaxQuotedCellBytes) + "'";
    std::string unnamed = extra == 1 ? "column " + std::to_string(n) + " (" + held + ") has no header"
                                     : "columns " + std::to_string(width + 1) + " to " + std::to_string(n) +
                                           " have no header (column " + std::to_string(first + 1) + " holds " + held + ")";
    return "has " + std::to_string(n) + " fields, " + std::to_string(extra) + " more than the header's " +
           std::to_string(width) + " columns: " + unnamed + ". A cell holding a " +
           ShownDelimiter(reader_->delimiter()) +
           " must be in quotes, or it is split in two; a column of its own needs a name in the header";
  }
  std::string ColumnOf(const std::string& field) const override {
    for (const auto& c : mapping_.columns()) {
      if (c.field == field) return c.header;
    }
    return field;
  }
  std::uint64_t bytes_done() const override { return reader_->bytes_read(); }
  std::uint64_t bytes_total() const override { return reader_->total_bytes(); }
  std::string encoding() const override { return reader_->encoding(); }

 private:
  std::unique_ptr<CsvReader> reader_;
  FieldMapping mapping_;
  RecordKind kind_;
  const Calendar* calendar_;
  std::string file_;
  std::function<Status(std::vector<std::string>&)> normalize_;
  std::function<std::string(const std::vector<std::string>&)> skip_;
  std::optional<ContentIds> content_ids_;
  std::size_t named_columns_;  // NamedColumns of the mapping
  CsvRecord record_;
  bool stopped_ = false;
};

// One JSON record of an NDJSON line or an array element into `out`, or the reason it is not one.
// Decoded as NDJSON, so an array in its place is refused rather than read as several records.
void DecodeRecord(std::string_view text, RecordKind kind, const Calendar* calendar, const std::string& file, Parsed& out) {
  // A record pretty-printed over several lines is one NDJSON line once the line breaks between
  // its tokens are spaces. One inside a string is left, and refused: JSON writes it as \n.
  std::string one_line;
  if (text.find('\n') != std::string_view::npos) {
    one_line.assign(text);
    JsonTextState state;
    for (char& ch : one_line) {
      if (state.Take(ch) == JsonTextState::Byte::kStructure && (ch == '\n' || ch == '\r')) ch = ' ';
    }
    text = one_line;
  }
  auto strip = [](const std::string& field) -> std::string {  // "[0].nps" -> "nps"
    return field.rfind("[0].", 0) == 0 ? field.substr(4) : field == "[0]" || field == "body" ? "" : field;
  };
  auto fail = [&](const Status& s) {
    // The decoder counts lines within the text it was given; the row's line is the file's.
    std::string reason = nlohmann::json::accept(text) ? s.message() : "is not valid JSON; each record is one JSON object";
    out.error = RowError{file, out.line, strip(s.field()), "", reason};
  };
  if (kind == RecordKind::kResponse) {
    auto decoded = DecodeResponses(text, "application/x-ndjson", calendar);
    if (!decoded.ok()) return fail(decoded.status());
    out.response = std::move((*decoded)[0]);
    out.response.channel = ResponseChannel::kImport;
  } else {
    auto decoded = DecodeInteractions(text, "application/x-ndjson", calendar);
    if (!decoded.ok()) return fail(decoded.status());
    out.interaction = std::move((*decoded)[0]);
  }
}

class NdjsonSource : public RecordSource {
 public:
  NdjsonSource(std::ifstream in, std::uint64_t total, RecordKind kind, const Calendar* calendar, std::string file)
      : in_(std::move(in)), total_(total), kind_(kind), calendar_(calendar), file_(std::move(file)) {}

  Result<bool> Next(Parsed& out) override {
    std::string line;
    for (;;) {
      if (!std::getline(in_, line)) return false;
      ++line_;
      done_ += line.size() + 1;
      if (line.find_first_not_of(" \t\r") != std::string::npos) break;
    }
    out = Parsed{};
    out.line = line_;
    DecodeRecord(line, kind_, calendar_, file_, out);
    return true;
  }
  std::uint64_t bytes_done() const override { return done_; }
  std::uint64_t bytes_total() const override { return total_; }

 private:
  std::ifstream in_;
  std::uint64_t total_, done_ = 0, line_ = 0;
  RecordKind kind_;
  const Calendar* calendar_;
  std::string file_;
};

// A .json file holding one JSON array, as jq or json.dump write it: elements are cut out of the
// text as it streams in (strings and nesting followed), so each is decoded and rejected on its
// own, named by the line it starts on, without the whole file in memory.
class JsonArraySource : public RecordSource {
 public:
  // `in` is positioned just after the opening '['; `line` is the line it is on.
  JsonArraySource(std::ifstream in, std::uint64_t total, std::uint64_t done, std::uint64_t line, RecordKind kind,
                  const Calendar* calendar, std::string file)
      : in_(std::move(in)), total_(total), done_(done), line_(line), kind_(kind), calendar_(calendar), file_(std::move(file)) {}

  Result<bool> Next(Parsed& out) override {
    if (ended_) return false;
    int c = SkipSpace();
    if (c == ',' && !first_) c = SkipSpace();
    first_ = false;
    out = Parsed{};
    out.line = line_;
    if (c == ']') {
      ended_ = true;
      if (SkipSpace() == EOF) return false;
      out.line = line_;
      out.error = RowError{file_, line_, "", "", "there is text after the array's closing ']'; a .json file holds "
                                                 "one array of records (or use NDJSON, one record per line)"};
      return true;
    }
    if (c == EOF) {
      ended_ = true;
      out.error = RowError{file_, line_, "", "", "the file ends before the array is closed with ']'; was it cut short?"};
      return true;
    }
    std::string element(1, static_cast<char>(c));
    int depth = c == '[' || c == '{' ? 1 : 0;
    JsonTextState state;
    state.Take(static_cast<char>(c));
    while (depth > 0 || state.in_string()) {
      c = Get();
      if (c == EOF || element.size() > kMaxArrayRecordBytes) {
        ended_ = true;
        out.error = RowError{file_, out.line, "", "", c == EOF ? "the file ends inside this record; was it cut short?"
                                                                : "this record is larger than " +
                                                                      std::to_string(kMaxArrayRecordBytes) + " bytes"};
        return true;
      }
      element += static_cast<char>(c);
      if (state.Take(static_cast<char>(c)) != JsonTextState::Byte::kStructure) continue;
      if (c == '[' || c == '{') ++depth;
      else if (c == ']' || c == '}') --depth;
    }
    // A bare number, true, false or null is not a record, but is read whole to say so.
    while (element.size() <= kMaxArrayRecordBytes && (c = in_.peek()) != EOF && c != ',' && c != ']' &&
           !std::isspace(c) && !(element[0] == '{' || element[0] == '[' || element[0] == '"')) {
      element += static_cast<char>(Get());
    }
    DecodeRecord(element, kind_, calendar_, file_, out);
    return true;
  }
  std::uint64_t bytes_done() const override { return done_; }
  std::uint64_t bytes_total() const override { return total_; }

 private:
  // The largest record the API takes in one body is the largest one element may be.
  static constexpr std::size_t kMaxArrayRecordBytes = limits::kDefaultMaxBodyBytes;

  int Get() {
    int c = in_.get();
    if (c == EOF) return EOF;
    ++done_;
    if (c == '\n') ++line_;
    return c;
  }
  int SkipSpace() {
    int c = Get();
    while (c != EOF && std::isspace(c)) c = Get();
    return c;
  }

  std::ifstream in_;
  std::uint64_t total_, done_, line_;
  RecordKind kind_;
  const Calendar* calendar_;
  std::string file_;
  bool first_ = true, ended_ = false;
};

Result<std::unique_ptr<RecordSource>> OpenSource(const std::string& path, const ImportOptions& options,
                                                 ImportSummary& summary) {
  if (LooksLikeNdjson(path)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IoError("cannot open '" + path + "': check that the file exists and is readable");
    std::string head(kBinarySignatureBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    PEAKEND_RETURN_IF_ERROR(CheckNotBinary(head, path));
    in.clear();
    in.seekg(0, std::ios::end);
    std::uint64_t total = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    // One JSON array rather than a record per line: the first character after a byte order
    // mark and white space is '['.
    std::uint64_t done = 0, line = 1;
    char bom[3] = {0, 0, 0};
    in.read(bom, 3);
    if (in.gcount() == 3 && std::string_view(bom, 3) == "\xEF\xBB\xBF") done = 3;
    in.clear();
    in.seekg(static_cast<std::streamoff>(done));
    int c = in.get();
    for (; c != EOF && std::isspace(c); c = in.get()) {
      ++done;
      if (c == '\n') ++line;
    }
    if (c == '[') {
      summary.format = "json";
      return std::unique_ptr<RecordSource>(
          std::make_unique<JsonArraySource>(std::move(in), total, done + 1, line, options.kind, options.calendar, path));
    }
    in.clear();
    in.seekg(0);
    summary.format = "ndjson";
    return std::unique_ptr<RecordSource>(
        std::make_unique<NdjsonSource>(std::move(in), total, options.kind, options.calendar, path));
  }
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  CsvRecord header;
  Result<bool> has_header = false;
  // Spreadsheets leave blank lines (or lines of empty cells) above the header.
  do {
    has_header = (*reader)->Next(header);
    if (!has_header.ok()) return has_header.status().WithContext(path + ": ");
  } while (*has_header && IsBlank(header));
  if (!*has_header) {
    return Status::InvalidArgument("'" + path + "' is empty; the first line must name the columns (" +
                                   FieldList(options.kind) + ")");
  }
  // Some exports end every line with a delimiter, and a survey format's mapping leaves out the
  // empty last header that makes; a cell under it is kept as a column without a header is.
  std::vector<std::string> column_fields = options.column_fields;
  if (!column_fields.empty() && header.fields.size() == column_fields.size() + 1 && header.fields.back().empty()) {
    column_fields.push_back(options.kind == RecordKind::kResponse ? UnnamedColumnField(column_fields.size()) : "");
  }
  auto mapping = column_fields.empty() ? FieldMapping::Build(options.kind, header.fields, options.map_overrides)
                                       : FieldMapping::Fixed(options.kind, header.fields, column_fields);
  if (!mapping.ok()) return mapping.status();
  for (std::size_t i = 0; i < options.extra_header_rows; ++i) {
    auto skipped = (*reader)->Next(header);
    if (!skipped.ok()) return skipped.status();
    if (!*skipped) break;  // fewer lines than header rows: nothing to import
  }
  bool any = false;
  for (const auto& c : mapping->columns()) any = any || IsRecordField(c.field);
  if (!any) {
    return Status::InvalidArgument("no column of '" + path + "' maps to a Peakend field:\n" + mapping->Describe() +
                                   "name the columns with --map column=field (fields: " + FieldList(options.kind) + ")");
  }
  summary.format = "csv";
  summary.delimiter = (*reader)->delimiter();
  summary.encoding = (*reader)->encoding();
  summary.mapping = mapping->Describe();
  const auto& columns = mapping->columns();
  summary.content_ids =
      std::none_of(columns.begin(), columns.end(), [](const ColumnMapping& c) { return c.field == "external_id"; });
  std::optional<ContentIds> content_ids;
  if (summary.content_ids) content_ids.emplace(columns, options.id_prefix);
  return std::unique_ptr<RecordSource>(
      std::make_unique<CsvSource>(std::move(reader).value(), std::move(mapping).value(), options.kind, options.calendar,
                                  path, options.normalize_row, options.skip_row, std::move(content_ids)));
}

void AddError(ImportSummary& summary, RowError error) {
  ++summary.rejected;
  if (summary.errors.size() < limits::kMaxReportedRejections) summary.errors.push_back(std::move(error));
}

struct InFlight {
  std::future<WriteResult> result;
  std::vector<std::uint64_t> lines;
  std::vector<std::string> ids;  // the records' external ids, to name those that differ from the stored
  // Of each response: its time, and whether its row gave it (see ImportOptions::on_created).
  std::vector<Timestamp> times;
  std::vector<bool> timed;
};

// Folds one committed batch into the summary, turning store rejections into row errors.
Status Collect(InFlight& batch, const ImportOptions& options, const std::string& file, const RecordSource& source,
               ImportSummary& summary) {
  WriteResult result = batch.result.get();
  if (!result.status.ok()) {
    if (options.strict) {
      summary.committed = false;
      AddError(summary, RowError{file, 0, source.ColumnOf(result.status.field()), "", result.status.message()});
      return Status::Ok();
    }
    return result.status;
  }
  const auto& outcomes = options.kind == RecordKind::kResponse ? result.responses : result.interactions;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& o = outcomes[i];
    if (!o.status.ok()) {
      std::string message = o.status.message();
      // "responses[3]: unknown location ..." -> the reason alone; the line says which row.
      if (auto colon = message.find("]: "); colon != std::string::npos) message = message.substr(colon + 3);
      AddError(summary, RowError{file, batch.lines[i], source.ColumnOf(o.status.field()), "", message});
    } else if (o.created) {
      ++summary.created;
      if (options.kind == RecordKind::kResponse && i < batch.timed.size()) {
        if (!batch.timed[i]) ++summary.untimed;
        if (options.on_created) options.on_created(o.id, batch.times[i], batch.timed[i]);
      }
    } else {
      ++summary.duplicates;
      if (!o.differing_fields.empty() && summary.differing++ < kMaxReportedDifferences) {
        summary.differences.push_back(
            RowError{file, batch.lines[i], "", batch.ids[i], JoinWithCommas(o.differing_fields)});
      }
    }
  }
  return Status::Ok();
}

}  // namespace

bool LooksLikeExcelScientificNotation(std::string_view id) {
  // d[.,]ddddE+dd: one digit, perhaps a fraction, and a positive exponent.
  auto digits = [&id](std::size_t from) {
    std::size_t end = from;
    while (end < id.size() && id[end] >= '0' && id[end] <= '9') ++end;
    return end - from;
  };
  if (digits(0) != 1) return false;
  std::size_t at = 1;
  if (at < id.size() && (id[at] == '.' || id[at] == ',')) {
    std::size_t fraction = digits(at + 1);
    if (fraction == 0) return false;
    at += 1 + fraction;
  }
  if (at + 2 > id.size() || (id[at] != 'E' && id[at] != 'e') || id[at + 1] != '+') return false;
  std::size_t exponent = digits(at + 2);
  return exponent > 0 && at + 2 + exponent == id.size();
}

std::string ContentIdNote(RecordKind kind) {
  std::string record = kind == RecordKind::kResponse ? "response" : "interaction";
  return "no column holds an id of the " + record + " (external_id), so each row gets one made from its content ('" +
         kContentIdPrefix +
         "' and a hash of its cells): importing the same export again, or a later one that has grown, adds only the "
         "new rows. A row changed since (edited in the tool) is then a new " + record + "; identical rows in one file "
         "are kept as separate " + record + "s.";
}

std::string DescribeSkipped(const ImportSummary& summary) {
  if (summary.skipped.empty()) return "";
  std::string out = "Left out, as the export marks them as no customer's answer:";
  const char* separator = " ";
  for (const auto& [reason, count] : summary.skipped) {
    out += separator + std::to_string(count) + " " + reason;
    separator = ", ";
  }
  return out + "\n";
}

bool IsJsonRecordsFile(const std::string& path) { return LooksLikeNdjson(path); }

Result<ImportSummary> ImportFile(const std::string& path, const ImportOptions& options, const ImportSink& sink) {
  ImportSummary summary;
  auto source = OpenSource(path, options, summary);
  if (!source.ok()) return source.status();
  RecordSource& src = **source;

  WriteRequest batch;
  batch.atomicity = options.strict ? Atomicity::kAllOrNothing : Atomicity::kPerRecord;
  std::vector<std::uint64_t> lines;
  std::vector<std::string> ids;
  std::vector<Timestamp> times;
  std::vector<bool> timed;
  std::deque<InFlight> in_flight;
  auto report = [&] {
    if (options.progress) options.progress({src.bytes_done(), src.bytes_total(), summary.rows_read, summary.rejected});
  };
  auto flush = [&]() -> Status {
    if (lines.empty()) return Status::Ok();
    in_flight.push_back({sink(std::move(batch)), std::move(lines), std::move(ids), std::move(times), std::move(timed)});
    batch = WriteRequest{};
    batch.atomicity = Atomicity::kPerRecord;
    lines.clear();
    ids.clear();
    times.clear();
    timed.clear();
    while (in_flight.size() >= kImportBatchesInFlight) {
      PEAKEND_RETURN_IF_ERROR(Collect(in_flight.front(), options, path, src, summary));
      in_flight.pop_front();
    }
    report();
    return Status::Ok();
  };

  Parsed parsed;
  for (;;) {
    auto more = src.Next(parsed);
    if (!more.ok()) {
      for (auto& f : in_flight) (void)Collect(f, options, path, src, summary);
      return more.status().WithContext(path + ": ");
    }
    if (!*more) break;
    ++summary.rows_read;
    if (!parsed.skipped.empty()) {
      ++summary.skipped[parsed.skipped];
      continue;
    }
    if (!parsed.error && options.kind == RecordKind::kResponse && options.enrich) {
      Status enriched = options.enrich(parsed.response);
      if (!enriched.ok()) parsed.error = RowError{path, parsed.line, src.ColumnOf(enriched.field()), "", enriched.message()};
    }
    if (parsed.error) {
      AddError(summary, std::move(*parsed.error));
      continue;
    }
    ids.push_back(options.kind == RecordKind::kResponse ? parsed.response.external_id : parsed.interaction.external_id);
    if (options.kind == RecordKind::kResponse) {
      timed.push_back(parsed.response.submitted_at != 0);
      if (!timed.back()) parsed.response.submitted_at = NowUtc();
      // The import's time stands in for one the row does not give: another import's is no change.
      parsed.response.submitted_at_given = timed.back();
      times.push_back(parsed.response.submitted_at);
      batch.responses.push_back(std::move(parsed.response));
    } else {
      batch.interactions.push_back(std::move(parsed.interaction));
    }
    lines.push_back(parsed.line);
    if (options.strict) {
      if (lines.size() > kMaxStrictImportRows) {
        return Status::ResourceExhausted("--strict imports at most " + std::to_string(kMaxStrictImportRows) +
                                         " rows at once; split the file or import without --strict");
      }
    } else if (lines.size() >= limits::kImportBatchRows) {
      PEAKEND_RETURN_IF_ERROR(flush());
    }
  }
  if (options.strict && summary.rejected > 0) {
    summary.committed = false;  // nothing is written when any row is invalid
    report();
    return summary;
  }
  PEAKEND_RETURN_IF_ERROR(flush());
  while (!in_flight.empty()) {
    PEAKEND_RETURN_IF_ERROR(Collect(in_flight.front(), options, path, src, summary));
    in_flight.pop_front();
  }
  report();
  // Windows-1252 may show itself only after a long stretch of plain ASCII.
  if (std::string encoding = src.encoding(); !encoding.empty()) summary.encoding = encoding;
  return summary;
}

Status WriteRejectionReport(const ImportSummary& summary, const std::string& path, const CsvStyle& csv) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) return Status::IoError("cannot write the rejection report to '" + path + "'");
  CsvWriter writer(out, csv);
  writer.Row({"file", "line", "column", "value", "reason"});
  for (const auto& e : summary.errors) writer.Row({e.file, std::to_string(e.line), e.column, e.value, e.reason});
  bool ok = std::fclose(out) == 0;
  return ok ? Status::Ok() : Status::IoError("cannot finish writing '" + path + "' (disk full?)");
}

}  // namespace peakend::ingest
