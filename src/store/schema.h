// The versioned schema: an ordered list of migrations, each applied once and recorded in
// schema_version. New versions are appended; released ones are never edited.
#pragma once

#include "store/sql/connection.h"

namespace peakend {

inline constexpr int kSchemaVersion = 3;

// Secondary indexes that a bulk load may drop and rebuild: rebuilding an index once over a
// million sorted rows is far cheaper than maintaining it on every insert.
Status DropBulkLoadIndexes(sql::Connection& conn);
// Creates any of them that is missing (after a bulk load, or one that was interrupted).
Status EnsureBulkLoadIndexes(sql::Connection& conn);

// Brings the database to kSchemaVersion inside one transaction; a newer database than this
// program knows is refused rather than damaged.
Status Migrate(sql::Connection& conn);

}  // namespace peakend
