// Importing another survey tool's export: read its first rows, detect the format (or use a
// saved mapping), and turn the proposed mapping into importer options; plus the --dry-run
// report of what would be stored.
#pragma once

#include <string>
#include <vector>

#include "ingest/formats/survey_format.h"
#include "ingest/importer.h"

namespace peakend::ingest {

// Rows read from the start of a file to detect its format and scales.
inline constexpr std::size_t kSampleRows = 40;
inline constexpr std::size_t kDryRunSamples = 5;

// `mapping_file` (a saved mapping) wins over detection with `from` ("auto" or a format name).
Result<SurveyMapping> LoadOrProposeMapping(const std::string& path, const std::string& from,
                                           const std::string& mapping_file);
// --map "column=field" on top of a proposed or saved mapping (a field taken from another column
// leaves that one an attribute).
Status OverrideColumns(const std::vector<std::string>& overrides, SurveyMapping& mapping);
Status SaveMapping(const SurveyMapping& mapping, const std::string& path);
// The time zone of the export's timestamps that name none: `chosen` (--time-zone) when given;
// else, when the mapping names none and the tool writes local times (WritesLocalTimes), the
// organisation's `organisation_zone` (the time_zone setting). Names the zone that is not known.
Status SetTimeZone(const std::string& chosen, const std::string& organisation_zone, SurveyMapping& mapping);

// Sets options.column_fields, extra_header_rows and normalize_row from the mapping.
void ApplyMapping(const SurveyMapping& mapping, ImportOptions& options);

// A table of the mapping for people: column, question, field.
std::string DescribeMapping(const SurveyMapping& mapping);

// Parses and validates the whole file without storing anything: counts of rows that would be
// imported and rejected (with the first reasons), and the first rows as Peakend would store them.
Result<std::string> DryRun(const std::string& path, const SurveyMapping& mapping, ImportOptions options);

}  // namespace peakend::ingest
