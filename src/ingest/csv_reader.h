// CsvReader: a streaming RFC 4180 reader for the files people actually export — quoted fields
// with doubled quotes and embedded newlines, CRLF/LF/CR line ends, a UTF-8 byte order mark,
// UTF-16 with a byte order mark (Excel's "Unicode text") and Windows-1252 (Excel's "CSV") read
// as UTF-8, and ',' ';' TAB or '|' as delimiter (detected from the header line, since Dutch Excel writes
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

// `text` in UTF-8 as CsvReader reads a file: bytes that are not UTF-8 with no multi-byte UTF-8
// character among them are Windows-1252 ("didn\x92t" is "didn’t"); UTF-8 text, even with a broken
// byte, is returned as it is.
std::string TextAsUtf8(std::string_view text);

struct CsvOptions {
  char delimiter = 0;  // 0 = detect
};

struct CsvRecord {
  std::vector<std::string> fields;
  std::uint64_t line = 0;  // 1-based physical line where the record starts
  bool unterminated = false;  // the input ended before a line break closed the record
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
  // The encoding the file was read in: "UTF-8", "UTF-16LE", "UTF-16BE" or "Windows-1252".
  const char* encoding() const;
  std::uint64_t bytes_read() const { return encoding_ == Encoding::kUtf8 ? consumed_total_ + pos_ : raw_read_; }
  std::uint64_t total_bytes() const { return total_bytes_; }

 private:
  CsvReader() = default;
  void Start(const CsvOptions& options);  // skips a byte order mark, settles the delimiter
  bool Refill();  // false at end of input
  void DetectDelimiter();
  // Appends bytes of the file's encoding to buf_ as UTF-8, keeping a UTF-16 unit or surrogate
  // pair cut off at the end of the chunk for the next one (`last`: there is none).
  void AppendConverted(std::string_view raw, bool last);
  // A file whose start is plain ASCII may show Windows-1252 bytes later: the chunk read into
  // buf_ at `chunk_begin` is checked, and from the first such byte on the file is converted
  // (ASCII reads the same in both).
  void SniffLaterChunk(std::size_t chunk_begin);

  enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kWindows1252 };

  std::FILE* file_ = nullptr;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t consumed_total_ = 0;  // bytes dropped from the front of buf_
  std::uint64_t total_bytes_ = 0;
  std::uint64_t line_ = 1;
  bool eof_ = false;
  bool had_bom_ = false;
  char delimiter_ = ',';
  Encoding encoding_ = Encoding::kUtf8;
  std::string utf16_pending_;      // UTF-16 bytes waiting for the rest of their character
  std::uint64_t raw_read_ = 0;     // bytes of the file read so far, for progress when converting
  bool ascii_so_far_ = false;      // read as UTF-8 and holding no byte above 0x7F yet
  std::size_t unsniffed_tail_ = 0;  // bytes at the end of buf_ that may begin a character cut off
};

// RFC 4180 output: fields quoted when they hold the delimiter, quotes or line breaks.
// Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula:
// a comment "=HYPERLINK(...)" would become a link in the manager's Excel. CsvWriter puts this
// guard before such a cell, which spreadsheets show as text, and Peakend's import takes it off.
inline constexpr char kFormulaGuard = '\'';
// Whether a spreadsheet would run `cell` as a formula (plain numbers such as "-3" it would not).
bool RunsAsFormula(std::string_view cell);
// `cell` without the guard CsvWriter put before a formula-like value.
std::string_view WithoutFormulaGuard(std::string_view cell);

// How a CSV is written for the program that opens it. Excel splits a file's columns at the
// list separator of its locale: ',' in English, ';' in Dutch, German, French and most locales
// whose decimal mark is a comma, where a comma-separated file opens as one column. And it
// reads a file as UTF-8, accents included, only behind a byte order mark.
struct CsvStyle {
  char delimiter = ',';
  bool bom = false;
};

// The delimiters a CSV is written with: `,` (comma), `;` (semicolon) and tab, the three that
// Peakend's import recognises, so every export reads back.
inline constexpr std::string_view kCsvDelimiterChoices = "',' (comma), ';' (semicolon) or tab";
// "," or "comma", ";" or "semicolon", a tab, "\t" or "tab" (any case); the error names them.
[[nodiscard]] Result<char> ParseCsvDelimiter(std::string_view name);

class CsvWriter {
 public:
  // `bom` writes a UTF-8 byte order mark first, so spreadsheet programs read accents right.
  explicit CsvWriter(std::FILE* out, char delimiter = ',', bool bom = false);
  CsvWriter(std::FILE* out, const CsvStyle& style) : CsvWriter(out, style.delimiter, style.bom) {}
  void Row(const std::vector<std::string>& fields);

 private:
  std::FILE* out_;
  char delimiter_;
};

std::string CsvEscape(std::string_view field, char delimiter = ',');

}  // namespace peakend::ingest
