// FieldMapping: which CSV column feeds which Peakend field. Headers are matched by name
// (case and accents aside) and common synonyms in Dutch and English; `--map col=field`
// overrides; columns left over are kept as custom attributes rather than dropped.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/fields.h"

namespace peakend::ingest {

struct ColumnMapping {
  std::string header;  // as in the file
  std::string field;   // Peakend field, "attr:<header>", or "" to ignore the column
};

class FieldMapping {
 public:
  // `overrides` are "column=field" with column a header name or a 1-based column number;
  // field "-" or "ignore" drops the column.
  static Result<FieldMapping> Build(RecordKind kind, const std::vector<std::string>& headers,
                                    const std::vector<std::string>& overrides);

  // Exactly the given fields for the given headers (sizes must match), e.g. from a saved mapping.
  static Result<FieldMapping> Fixed(RecordKind kind, const std::vector<std::string>& headers,
                                    const std::vector<std::string>& fields);

  const std::vector<ColumnMapping>& columns() const { return columns_; }
  // A human-readable table of the mapping, for --dry-run and error reports.
  std::string Describe() const;

 private:
  std::vector<ColumnMapping> columns_;
};

// Applies `overrides` ("column=field", as for Build) to columns already mapped: the named column
// gets the field, and a column that had it becomes an attribute (responses) or is ignored.
Status ApplyOverrides(RecordKind kind, const std::vector<std::string>& overrides, std::vector<ColumnMapping>& columns);

// The Peakend field a header means by default ("" when none), e.g. "Opmerking" -> "comment".
std::string GuessField(RecordKind kind, const std::string& header);

// The field of a response column without a header, the `index`th (0-based): the attribute
// "column N" with N its 1-based position. A spreadsheet leaves a header cell empty where someone
// typed beside the table; what is in the column is kept, not dropped for want of a name.
std::string UnnamedColumnField(std::size_t index);
// `fields` (one per column) as they are stored: a repeated attribute ("Regio" twice) gets a
// number, "Regio (2)", skipping names another column has of its own, since two attributes of
// one name would be read back as one value.
std::vector<std::string> FieldsAsStored(std::vector<std::string> fields);

}  // namespace peakend::ingest
