// Importer: streams a CSV, NDJSON or JSON-array file of responses or interactions into the store in
// batches, keeping valid rows and reporting each rejected row with its line, column, value
// and reason. Parsing, validation and enrichment run on the calling thread while the previous
// batch is being committed, so reading and writing overlap.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <future>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/csv_reader.h"
#include "ingest/field_mapping.h"
#include "ingest/fields.h"
#include "store/store.h"

namespace peakend::ingest {

struct RowError {
  std::string file;
  std::uint64_t line = 0;
  std::string column;
  std::string value;
  std::string reason;
};

struct ImportProgress {
  std::uint64_t bytes_done = 0, bytes_total = 0;
  std::uint64_t rows_read = 0, rows_rejected = 0;
};

struct ImportOptions {
  RecordKind kind = RecordKind::kResponse;
  std::vector<std::string> map_overrides;  // "column=field"
  // All or nothing: the whole file is committed in one transaction, or nothing when any row
  // is invalid. Holds the file in memory, so it is bounded by kMaxStrictImportRows.
  bool strict = false;
  // The organisation's: a date without a time of day is the start of its day. UTC when null.
  const Calendar* calendar = nullptr;
  std::function<Status(Response&)> enrich;                // e.g. text analysis; may be empty
  std::function<void(const ImportProgress&)> progress;    // called after each batch

  // For exports of other survey tools (see formats/): the field of every column, replacing the
  // mapping guessed from the header; rows after the header to skip (question texts, import
  // ids); and a rewrite of each data row before mapping (labels to numbers, local times to UTC).
  std::vector<std::string> column_fields;
  std::size_t extra_header_rows = 0;
  std::function<Status(std::vector<std::string>& fields)> normalize_row;
  // Why a data row is no customer's answer and is left out ("a survey preview", "spam"), or ""
  // to import it: survey tools export their own tests along with the real responses.
  std::function<std::string(const std::vector<std::string>& fields)> skip_row;
  // Put before the ids made from the rows' content when no column maps to external_id (the
  // mapping's id_prefix); see ContentIdNote.
  std::string id_prefix;
  // Called for each response newly stored, once its batch is committed, on the importer's
  // thread: its id, its time, and whether that time is its row's (false: the row gives none
  // and the time of the import stands in for it, see ImportSummary::untimed).
  std::function<void(Id id, Timestamp submitted_at, bool timed)> on_created;
};

inline constexpr std::uint64_t kMaxStrictImportRows = 2'000'000;
inline constexpr int kImportBatchesInFlight = 2;
inline constexpr std::size_t kMaxReportedDifferences = 100;

struct ImportSummary {
  std::string format;  // "csv", "ndjson" or "json" (one array of records)
  char delimiter = ',';
  std::string encoding = "UTF-8";  // of a CSV file: UTF-8, UTF-16LE, UTF-16BE or Windows-1252
  std::string mapping;  // FieldMapping::Describe() for CSV
  std::uint64_t rows_read = 0, created = 0, duplicates = 0, rejected = 0;
  std::map<std::string, std::uint64_t> skipped;  // rows left out (ImportOptions::skip_row), by reason
  std::vector<RowError> errors;  // the first limits::kMaxReportedRejections
  // Rows of responses already stored whose answers, comment or time differ from the stored ones
  // (which are kept): how many, and the first kMaxReportedDifferences of them (value: the id;
  // reason: the fields).
  std::uint64_t differing = 0;
  std::vector<RowError> differences;
  bool committed = true;         // false when --strict refused the file
  // No column of the CSV maps to external_id: each row's id was made from its content.
  bool content_ids = false;
  // Responses stored with the time of the import, as their row gives none (no column maps to
  // submitted_at, or its cell is empty).
  std::uint64_t untimed = 0;
};

// Whether `id` is a long number as Excel shows it and saves it to CSV, in scientific notation
// ("1.14227E+11", "1,14227E+11" with a decimal comma): the ids of many responses become one, and
// all but the first are taken for that one sent again.
bool LooksLikeExcelScientificNotation(std::string_view id);

// Ids made from a row's content start with this (after any id prefix).
inline constexpr const char* kContentIdPrefix = "row-";

// Says, for the import's output, that the rows of a CSV without an external_id column get ids
// made from their content, and what follows from it.
std::string ContentIdNote(RecordKind kind);

// The writer's Submit, typically.
using ImportSink = std::function<std::future<WriteResult>(WriteRequest&&)>;

// Whether `path` is read as JSON records (.ndjson, .jsonl, .json) rather than as CSV.
bool IsJsonRecordsFile(const std::string& path);

Result<ImportSummary> ImportFile(const std::string& path, const ImportOptions& options, const ImportSink& sink);

// "Left out: 3 survey previews, 1 marked as spam ...", a line for ImportSummary::skipped; ""
// when no row was left out.
std::string DescribeSkipped(const ImportSummary& summary);

// file,line,column,value,reason — one row per rejected record, written as `csv` says (by
// default with a byte order mark, for the spreadsheet that opens it).
[[nodiscard]] Status WriteRejectionReport(const ImportSummary& summary, const std::string& path,
                                          const CsvStyle& csv = {',', true});

}  // namespace peakend::ingest
