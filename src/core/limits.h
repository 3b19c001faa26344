// Every bound Peakend enforces, in one place, so they can be found, documented and tested.
#pragma once

#include <cstddef>
#include <cstdint>

namespace peakend::limits {

// HTTP
inline constexpr std::size_t kDefaultMaxBodyBytes = 10 * 1024 * 1024;  // 10 MB, configurable
inline constexpr int kDefaultHttpThreads = 8;
inline constexpr std::size_t kDefaultHttpQueueDepth = 256;  // pending connections before 503

// Pagination
inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;
inline constexpr std::size_t kMaxAttributeFilters = 10;  // attr.NAME=VALUE conditions per request

// Records
inline constexpr std::size_t kMaxExternalIdBytes = 200;
inline constexpr std::size_t kMaxNameBytes = 200;
inline constexpr std::size_t kMaxCommentBytes = 20000;  // longer comments are rejected on ingest
inline constexpr std::size_t kMaxAttributeCount = 200;
inline constexpr std::size_t kMaxAttributeValueBytes = 4000;
inline constexpr std::size_t kMaxRecordsPerRequest = 50000;
// The times a response or interaction may carry: 1970-01-02 up to 2100-01-01 (UTC). A time
// outside is a mistake in the data (milliseconds sent as seconds, a year typed 0205) that
// would put a record where no report looks and stretch every calendar over millennia.
inline constexpr std::int64_t kEarliestRecordTime = 86400;
inline constexpr std::int64_t kLatestRecordTime = 4102444800;
inline constexpr std::int64_t kMillisecondsPerSecond = 1000;
inline constexpr std::size_t kMaxCaseNoteBytes = kMaxCommentBytes;  // a note on a case, as long as a comment
// Arrays and objects inside one another in a JSON body. A record needs four levels (batch,
// record, attributes, a value); writing a value back out recurses once per level.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Writer (group commit)
inline constexpr std::size_t kWriterQueueDepth = 1024;        // queued requests before callers wait
inline constexpr std::size_t kWriterMaxRecordsPerCommit = 20000;
// Steps (API batches, case changes, gesture spends) a store commits together in one transaction.
inline constexpr std::size_t kStoreMaxStepsPerCommit = 256;

// CSV
inline constexpr std::size_t kMaxCsvFieldBytes = 1024 * 1024;
inline constexpr std::size_t kMaxCsvColumns = 2000;
inline constexpr std::size_t kImportBatchRows = 5000;
inline constexpr std::size_t kMaxReportedRejections = 1000;  // validation report lines kept in memory

// Scores
inline constexpr std::int64_t kLowConfidenceN = 30;

}  // namespace peakend::limits
