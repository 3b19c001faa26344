// The versioned schema: an ordered list of migrations, each applied once and recorded in
// schema_version. New versions are appended; released ones are never edited.
#pragma once

#include "store/sql/connection.h"

namespace peakend {

inline constexpr int kSchemaVersion = 3;

// Brings the database to kSchemaVersion inside one transaction; a newer database than this
// program knows is refused rather than damaged.
Status Migrate(sql::Connection& conn);

}  // namespace peakend
