// CsvReader: a streaming RFC 4180 reader for the files people actually export — quoted fields
// with doubled quotes and embedded newlines, CRLF/LF/CR line ends, a UTF-8 byte order mark,
// and ',' ';' TAB or '|' as delimiter (detected from the header line, since Dutch Excel writes
// ';'). Reads large files in chunks with bounded memory.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace peakend::ingest {

struct CsvOptions {
  char delimiter = 0;  // 0 = detect
};

struct CsvRecord {
  std::vector<std::string> fields;
  std::uint64_t line = 0;  // 1-based physical line where the record starts
};

class CsvReader {
 public:
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, const CsvOptions& options = {});
  static std::unique_ptr<CsvReader> FromString(std::string text, const CsvOptions& options = {});
  ~CsvReader();

  // Reads the next record; false at the end of the input. Errors (unterminated quote, a field
  // over limits::kMaxCsvFieldBytes, too many columns) name the line.
  Result<bool> Next(CsvRecord& record);

  char delimiter() const { return delimiter_; }
  bool had_bom() const { return had_bom_; }
  std::uint64_t bytes_read() const { return consumed_total_ + pos_; }
  std::uint64_t total_bytes() const { return total_bytes_; }

 private:
  CsvReader() = default;
  void Start(const CsvOptions& options);  // skips a byte order mark, settles the delimiter
  bool Refill();  // false at end of input
  void DetectDelimiter();

  std::FILE* file_ = nullptr;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t consumed_total_ = 0;  // bytes dropped from the front of buf_
  std::uint64_t total_bytes_ = 0;
  std::uint64_t line_ = 1;
  bool eof_ = false;
  bool had_bom_ = false;
  char delimiter_ = ',';
};

// RFC 4180 output: fields quoted when they hold the delimiter, quotes or line breaks.
class CsvWriter {
 public:
  // `bom` writes a UTF-8 byte order mark first, so spreadsheet programs read accents right.
  explicit CsvWriter(std::FILE* out, char delimiter = ',', bool bom = false);
  void Row(const std::vector<std::string>& fields);

 private:
  std::FILE* out_;
  char delimiter_;
};

std::string CsvEscape(std::string_view field, char delimiter = ',');

}  // namespace peakend::ingest
