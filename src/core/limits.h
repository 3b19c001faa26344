// Every bound Peakend enforces, in one place, so they can be found, documented and tested.
#pragma once

#include <cstddef>
#include <cstdint>

namespace peakend::limits {

// HTTP
inline constexpr std::size_t kDefaultMaxBodyBytes = 10 * 1024 * 1024;  // 10 MB, configurable
// Requests read whole and waiting for a worker; a request arriving when this many wait is
// answered 503 with Retry-After at once, so overload costs bounded memory and the client knows
// to retry instead of hanging.
inline constexpr std::size_t kDefaultHttpQueueDepth = 256;
inline constexpr int kHttpRetryAfterSeconds = 1;
// Connections are read and written asynchronously by a few I/O threads (one per
// kCoresPerHttpIoThread cores, at least one, at most kMaxHttpIoThreads), so an idle or slow client
// costs memory, not a thread. An I/O thread only parses and writes, which one thread does for tens
// of thousands of requests a second; more of them than that cost wake-ups between them (on 2
// cores, two I/O threads answered a third fewer small requests than one). Worker threads run
// the routes only, which wait on the store (group commit, PostgreSQL round trips): `threads =
// auto` gives max(kMinAutoHttpThreads, kAutoHttpThreadsPerCore per core), at most
// kMaxHttpThreads, enough for the writer to gather several requests into one commit.
inline constexpr int kMinAutoHttpThreads = 16;
inline constexpr int kAutoHttpThreadsPerCore = 4;
inline constexpr int kMaxHttpThreads = 1024;
inline constexpr int kCoresPerHttpIoThread = 4;
inline constexpr int kMaxHttpIoThreads = 8;
// Silence allowed while a request is read. Real clients send headers and body without pausing,
// so a few seconds of it mean the client is gone or stalling.
inline constexpr int kHttpReadTimeoutSeconds = 5;
// A request head (request line and headers, a few hundred bytes) must be whole this long after
// its first byte, so a client trickling a byte every few seconds cannot hold a connection open.
inline constexpr int kHttpHeadDeadlineSeconds = 10;
// A request body must arrive at an average of at least kHttpMinBodyBytesPerSecond, counted
// from kHttpBodyGraceSeconds after its head: a body trickled a byte every few seconds is never
// silent for kHttpReadTimeoutSeconds, and would otherwise hold its connection (and the body
// read so far) for as long as its sender likes. Each kilobyte received buys a second, as
// Apache's mod_reqtimeout counts, so a large upload on a slow line still gets through; one
// slower than this is answered 408.
inline constexpr int kHttpBodyGraceSeconds = 10;
inline constexpr std::size_t kHttpMinBodyBytesPerSecond = 1024;
// An answer the client does not take in this long (it stopped reading) closes the connection.
inline constexpr int kHttpWriteTimeoutSeconds = 5;
// An idle keep-alive connection (and a new one that has sent nothing yet) is closed after this
// much silence between requests (a batch client sends its next one at once), and after this
// many requests, so connections are spread again when clients come and go.
inline constexpr int kHttpKeepAliveIdleSeconds = 2;
inline constexpr std::size_t kHttpKeepAliveMaxRequests = 100;
// Longest request target (path and query) before 414, longest header line before 431, and the
// most header bytes of one request (request line included) before 431.
inline constexpr std::size_t kMaxHttpUrlBytes = 8192;
inline constexpr std::size_t kMaxHttpHeaderLineBytes = 8192;
inline constexpr std::size_t kMaxHttpHeaderBytes = 64 * 1024;
// After refusing a request whose body is left unread (413, a bad Content-Length), the rest of
// what the client sends is read and dropped for at most this long and this many bytes before
// the connection is closed: closing with unread data would reset the connection, and a client
// still uploading would see the reset instead of the answer.
inline constexpr int kHttpLingerSeconds = 2;
inline constexpr std::size_t kMaxHttpLingerBytes = 64 * 1024 * 1024;

// Pagination
inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;
inline constexpr std::size_t kMaxAttributeFilters = 10;  // attr.NAME=VALUE conditions per request
// A page of /api/v1/journeys holds whole journeys of at most this many interactions together
// (with their responses), so no request builds an answer of unbounded size: a customer with
// years of contacts is read in pages. Journeys hold a handful of interactions each.
inline constexpr std::size_t kMaxJourneyStepsPerPage = 1000;

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
// A response is answered when it is submitted: one dated later than this after the moment it
// arrives comes from a device with a wrong clock or a date read the wrong way round, and would
// stand as the newest month of every trend. A day leaves room for clocks and date-only times.
inline constexpr std::int64_t kMaxResponseFutureSeconds = 86400;
inline constexpr std::size_t kMaxCaseNoteBytes = kMaxCommentBytes;  // a note on a case, as long as a comment
// A name a client sent (a field, an attribute, a query parameter) is echoed in an error up to
// this many bytes, so a megabyte-long typo does not come back whole.
inline constexpr std::size_t kMaxEchoedNameBytes = 64;
// Arrays and objects inside one another in a JSON body. A record needs four levels (batch,
// record, attributes, a value); writing a value back out recurses once per level.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Writer (group commit)
inline constexpr std::size_t kWriterQueueDepth = 1024;        // queued requests before callers wait
inline constexpr std::size_t kWriterMaxRecordsPerCommit = 20000;
// Steps (API batches, case changes, gesture spends) a store commits together in one transaction.
inline constexpr std::size_t kStoreMaxStepsPerCommit = 256;

// Cases whose histories one query reads (CaseStore::CaseHistories), each a parameter of it: a
// page of an export (kExportPageSize) in one query, well within SQLite's 32,766 parameters.
inline constexpr std::size_t kCaseHistoriesPerQuery = 1000;

// CSV
inline constexpr std::size_t kMaxCsvFieldBytes = 1024 * 1024;
inline constexpr std::size_t kMaxCsvColumns = 2000;
inline constexpr std::size_t kImportBatchRows = 5000;
inline constexpr std::size_t kMaxReportedRejections = 1000;  // validation report lines kept in memory

// Scores
inline constexpr std::int64_t kLowConfidenceN = 30;

}  // namespace peakend::limits
