// Exporter: everything stored about responses or interactions, with every field and custom
// attribute, as CSV, NDJSON or XLSX. The CSV and NDJSON forms use Peakend's field names, so
// `peakend import` reads them back as they were.
#pragma once

#include <string>

#include "core/calendar.h"
#include "core/status.h"
#include "ingest/csv_reader.h"
#include "ingest/fields.h"
#include "store/case_store.h"
#include "store/store.h"

namespace peakend::ingest {

enum class ExportFormat { kCsv, kNdjson, kXlsx };

inline constexpr int kExportPageSize = 1000;

// How CSV and XLSX exports write times: in UTC, ISO 8601 ("2026-03-01T08:30:00Z", the default:
// exact, and read by any tool), or, given the organisation's calendar, in its local time as a
// spreadsheet reads a time ("2026-03-01 09:30:00"), which `peakend import` reads back in that zone.
struct TimeStyle {
  const Calendar* local = nullptr;
  std::string Format(Timestamp t) const;
};

struct ExportSummary {
  std::uint64_t records = 0;
};

// The organisation as one JSON document: {"locations": [...], "teams": [...], "employees": [...],
// "customers": [...]}, each record in the fields the API takes, so `peakend import organisation`
// (or POSTs to the API) rebuilds it in another store. `records` counts all four.
Result<ExportSummary> ExportOrganisation(Store& store, const std::string& path);

// Writes to `path` ("-" = standard output, not for XLSX); `csv` is how a CSV is written.
[[nodiscard]] Result<ExportSummary> Export(Store& store, RecordKind kind, const RecordFilter& filter,
                                           ExportFormat format, const std::string& path, const CsvStyle& csv = {},
                                           const TimeStyle& times = {});

// Cases of the moments-of-truth inbox with their state, dates, reason and suggested actions,
// the gestures given and the history. CSV and XLSX sum them up in columns a spreadsheet can
// filter and add up (gesture count, total cost, whose budgets, the last action, by whom and
// when); NDJSON carries them whole, as `gestures` and `history` arrays.
[[nodiscard]] Result<ExportSummary> ExportCases(Store& store, const CaseFilter& filter, ExportFormat format,
                                                const std::string& path,
                                                const CsvStyle& csv = {}, const TimeStyle& times = {});

}  // namespace peakend::ingest
