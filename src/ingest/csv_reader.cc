#include "ingest/csv_reader.h"

#include <sys/stat.h>

#include "core/limits.h"
#include "core/strings.h"
#include "ingest/binary_files.h"

namespace peakend::ingest {
namespace {

constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kDetectBytes = 64 * 1024;  // how much of the start is read to find the delimiter


// Windows-1252 bytes 0x80..0x9F (the rest of 0x80..0xFF is Latin-1); 0 where the code page
// has no character.
constexpr std::uint16_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// What bytes without a byte order mark are: plain ASCII, UTF-8 (a multi-byte UTF-8 character),
// or Windows-1252 (bytes that are not UTF-8 and no multi-byte UTF-8 character among them). A UTF-8
// file with accents has those characters, so one broken byte in it does not turn every accent
// into two characters. `decided`: the bytes looked at, short of a character cut off at the end.
enum class Sniffed { kAscii, kUtf8, kWindows1252 };
struct Sniff {
  Sniffed kind;
  std::size_t decided;
};

void AppendWindows1252(std::string_view raw, std::string& out) {
  for (unsigned char c : raw) {
    std::uint32_t cp = c >= 0x80 && c < 0xA0 ? kWindows1252High[c - 0x80] : c;
    if (cp == 0) out += static_cast<char>(c);  // no character: left invalid, for validation to reject
    else AppendUtf8(out, cp);
  }
}

Sniff SniffEncoding(std::string_view s, bool complete) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  bool invalid = false;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    int len = (p[i] & 0xE0) == 0xC0 ? 2 : (p[i] & 0xF0) == 0xE0 ? 3 : (p[i] & 0xF8) == 0xF0 ? 4 : 0;
    if (len > 0 && i + len > n && !complete) break;  // cut off by the end of the sample
    bool ok = len > 0 && i + len <= n && (len != 2 || p[i] >= 0xC2);
    for (int k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok) return {Sniffed::kUtf8, i};  // real UTF-8
    invalid = true;
    ++i;
  }
  return {invalid ? Sniffed::kWindows1252 : Sniffed::kAscii, i};
}

}  // namespace

std::string TextAsUtf8(std::string_view text) {
  if (SniffEncoding(text, true).kind != Sniffed::kWindows1252) return std::string(text);
  std::string out;
  AppendWindows1252(text, out);
  return out;
}

const char* CsvReader::encoding() const {
  switch (encoding_) {
    case Encoding::kUtf16Le: return "UTF-16LE";
    case Encoding::kUtf16Be: return "UTF-16BE";
    case Encoding::kWindows1252: return "Windows-1252";
    default: return "UTF-8";
  }
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, const CsvOptions& options) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError("cannot open '" + path + "': check that the file exists and is readable");
  std::unique_ptr<CsvReader> r(new CsvReader());
  r->file_ = f;
  struct stat st {};
  if (fstat(fileno(f), &st) == 0) r->total_bytes_ = static_cast<std::uint64_t>(st.st_size);
  while (r->buf_.size() < kDetectBytes && r->Refill()) {
  }
  // A workbook or an archive read as text would fail row by row; it is named once instead.
  PEAKEND_RETURN_IF_ERROR(CheckNotBinary(std::string_view(r->buf_).substr(0, kBinarySignatureBytes), path));
  r->Start(options);
  return r;
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string text, const CsvOptions& options) {
  std::unique_ptr<CsvReader> r(new CsvReader());
  r->total_bytes_ = text.size();
  r->buf_ = std::move(text);
  r->eof_ = true;
  r->Start(options);
  return r;
}

void CsvReader::Start(const CsvOptions& options) {
  if (buf_.size() >= 3 && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    had_bom_ = true;
    pos_ = 3;
  } else if (buf_.size() >= 2 && (buf_.compare(0, 2, "\xFF\xFE") == 0 || buf_.compare(0, 2, "\xFE\xFF") == 0)) {
    // Everything read so far is UTF-16; from here on Refill converts each chunk as it comes.
    had_bom_ = true;
    encoding_ = buf_[0] == '\xFF' ? Encoding::kUtf16Le : Encoding::kUtf16Be;
    std::string raw = buf_.substr(2);
    raw_read_ = buf_.size();
    buf_.clear();
    AppendConverted(raw, eof_);
  } else if (Sniff sniff = SniffEncoding(buf_, eof_); sniff.kind == Sniffed::kWindows1252) {
    encoding_ = Encoding::kWindows1252;
    std::string raw;
    raw.swap(buf_);
    raw_read_ = raw.size();
    AppendConverted(raw, eof_);
  } else if (sniff.kind == Sniffed::kAscii) {
    ascii_so_far_ = true;
    unsniffed_tail_ = buf_.size() - sniff.decided;
  }
  // "sep=;" on the first line is Excel's way of naming the delimiter of a file; it is not a header.
  std::string_view rest(buf_.data() + pos_, buf_.size() - pos_);
  if (rest.size() >= 5 && rest.compare(0, 4, "sep=") == 0 && rest[4] != '\r' && rest[4] != '\n' &&
      (rest.size() == 5 || rest[5] == '\r' || rest[5] == '\n')) {
    delimiter_ = rest[4];
    pos_ += 5;
    if (pos_ < buf_.size() && buf_[pos_] == '\r') ++pos_;
    if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
    ++line_;
    if (options.delimiter) delimiter_ = options.delimiter;
    return;
  }
  if (options.delimiter) delimiter_ = options.delimiter;
  else DetectDelimiter();
}

CsvReader::~CsvReader() {
  if (file_) std::fclose(file_);
}

bool CsvReader::Refill() {
  if (eof_ || !file_) return false;
  if (pos_ > kChunkBytes) {  // drop what has been consumed so the buffer stays small
    buf_.erase(0, pos_);
    consumed_total_ += pos_;
    pos_ = 0;
  }
  if (encoding_ != Encoding::kUtf8) {
    std::string raw(kChunkBytes, '\0');
    const std::size_t before = buf_.size();
    while (buf_.size() == before) {  // a chunk may hold only half of a character
      std::size_t n = std::fread(raw.data(), 1, raw.size(), file_);
      raw_read_ += n;
      if (n == 0) eof_ = true;
      AppendConverted(std::string_view(raw.data(), n), eof_);
      if (eof_) break;
    }
    return buf_.size() > before;
  }
  std::size_t old = buf_.size();
  buf_.resize(old + kChunkBytes);
  std::size_t n = std::fread(buf_.data() + old, 1, kChunkBytes, file_);
  buf_.resize(old + n);
  if (n == 0) eof_ = true;
  if (ascii_so_far_) SniffLaterChunk(old);
  return n > 0;
}

void CsvReader::SniffLaterChunk(std::size_t chunk_begin) {
  std::size_t from = std::max(chunk_begin - std::min(unsniffed_tail_, chunk_begin), pos_);
  Sniff sniff = SniffEncoding(std::string_view(buf_).substr(from), eof_);
  if (sniff.kind == Sniffed::kAscii) {
    unsniffed_tail_ = buf_.size() - from - sniff.decided;
    return;
  }
  ascii_so_far_ = false;
  if (sniff.kind == Sniffed::kUtf8) return;
  raw_read_ = consumed_total_ + buf_.size();
  std::string raw = buf_.substr(from);
  buf_.resize(from);
  encoding_ = Encoding::kWindows1252;
  AppendConverted(raw, eof_);
}

void CsvReader::AppendConverted(std::string_view raw, bool last) {
  if (encoding_ == Encoding::kWindows1252) {
    AppendWindows1252(raw, buf_);
    return;
  }
  utf16_pending_.append(raw);
  const auto* p = reinterpret_cast<const unsigned char*>(utf16_pending_.data());
  auto unit = [&](std::size_t at) -> std::uint32_t {
    return encoding_ == Encoding::kUtf16Le ? p[at] | (p[at + 1] << 8) : (p[at] << 8) | p[at + 1];
  };
  std::size_t i = 0;
  while (i + 2 <= utf16_pending_.size()) {
    std::uint32_t cp = unit(i);
    std::size_t used = 2;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 4 > utf16_pending_.size() && !last) break;  // its low half is in the next chunk
      std::uint32_t low = i + 4 <= utf16_pending_.size() ? unit(i + 2) : 0;
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        used = 4;
      }
    }
    // A lone surrogate is written in its three-byte form, which is not UTF-8, so the row is
    // rejected by validation naming the column rather than imported with a guessed character.
    AppendUtf8(buf_, cp);
    i += used;
  }
  utf16_pending_.erase(0, i);
  if (last && !utf16_pending_.empty()) {  // an odd byte at the end: the file was cut short
    buf_ += '\xFF';
    utf16_pending_.clear();
  }
}

void CsvReader::DetectDelimiter() {
  // Count candidates outside quotes on the first line that is not blank; the most frequent
  // wins, ',' on ties.
  const char candidates[] = {',', ';', '\t', '|'};
  std::size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  std::size_t start = buf_.find_first_not_of("\r\n", pos_);
  for (std::size_t i = start == std::string::npos ? buf_.size() : start; i < buf_.size(); ++i) {
    char c = buf_[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    for (int k = 0; k < 4; ++k) counts[k] += c == candidates[k];
  }
  int best = 0;
  for (int k = 1; k < 4; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  delimiter_ = candidates[best];
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  std::size_t used = 0;  // fields filled in record.fields (reused across calls to keep capacity)
  auto field = [&]() -> std::string& {
    if (used == record.fields.size()) record.fields.emplace_back();
    std::string& f = record.fields[used];
    f.clear();
    return f;
  };
  // Skip nothing: an empty line is a record with one empty field, which callers ignore.
  if (pos_ >= buf_.size() && !Refill()) return false;
  record.line = line_;
  record.unterminated = false;
  std::string* current = &field();
  bool quoted = false, after_quote = false;
  for (;;) {
    if (pos_ >= buf_.size() && !Refill()) {
      if (quoted) {
        return Status::InvalidArgument("line " + std::to_string(record.line) +
                                       ": a quoted field is never closed; check for a missing '\"'");
      }
      record.unterminated = true;
      ++used;
      break;
    }
    char c = buf_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ >= buf_.size()) Refill();
        if (pos_ < buf_.size() && buf_[pos_] == '"') {
          current->push_back('"');
          ++pos_;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line_;
        else if (c == '\r' && !(pos_ < buf_.size() && buf_[pos_] == '\n')) ++line_;
        current->push_back(c);
      }
    } else if (c == delimiter_) {
      ++used;
      if (used >= limits::kMaxCsvColumns) {
        return Status::InvalidArgument("line " + std::to_string(record.line) + ": more than " +
                                       std::to_string(limits::kMaxCsvColumns) +
                                       " columns; export only the columns you need (most survey tools let you "
                                       "leave out embedded data and metadata) or delete the others in a spreadsheet");
      }
      current = &field();
      after_quote = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r') {
        if (pos_ >= buf_.size()) Refill();
        if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
      }
      ++line_;
      ++used;
      break;
    } else if (c == '"' && current->empty() && !after_quote) {
      quoted = true;
    } else {
      // Text after a closing quote (`"a"b`) is kept rather than rejected, as spreadsheets do.
      current->push_back(c);
    }
    if (current->size() > limits::kMaxCsvFieldBytes) {
      return Status::InvalidArgument("line " + std::to_string(record.line) + ": a field is larger than " +
                                     std::to_string(limits::kMaxCsvFieldBytes) + " bytes");
    }
  }
  record.fields.resize(used);
  return true;
}

std::string CsvEscape(std::string_view field, char delimiter) {
  bool needs = field.find_first_of(std::string("\"\r\n") + delimiter) != std::string_view::npos;
  if (!needs) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

Result<char> ParseCsvDelimiter(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower == "," || lower == "comma") return ',';
  if (lower == ";" || lower == "semicolon") return ';';
  if (lower == "\t" || lower == "\\t" || lower == "tab") return '\t';
  return Status::InvalidArgument("--delimiter '" + std::string(name) + "' is not one Peakend writes; use " +
                                     std::string(kCsvDelimiterChoices) + " (Excel in a Dutch, German or French "
                                     "locale wants ';')",
                                 "delimiter");
}

CsvWriter::CsvWriter(std::FILE* out, char delimiter, bool bom) : out_(out), delimiter_(delimiter) {
  if (bom) std::fputs("\xEF\xBB\xBF", out_);
}

bool RunsAsFormula(std::string_view cell) {
  if (cell.empty() || std::string_view("=+-@\t\r").find(cell[0]) == std::string_view::npos) return false;
  // A plain number ("-3", "+2.5", and "-2,5" with the decimal comma of a Dutch or German
  // spreadsheet) is a number to a spreadsheet, not a formula.
  std::size_t digits = 0, points = 0, commas = 0;
  for (char c : cell.substr(1)) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c == '.') ++points;
    else if (c == ',') ++commas;
    else return true;
  }
  return digits == 0 || points > 1 || commas > 1 || cell[0] == '=' || cell[0] == '@';
}

std::string_view WithoutFormulaGuard(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == kFormulaGuard && RunsAsFormula(cell.substr(1))) cell.remove_prefix(1);
  return cell;
}

void CsvWriter::Row(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += delimiter_;
    line += RunsAsFormula(fields[i]) ? CsvEscape(kFormulaGuard + fields[i], delimiter_) : CsvEscape(fields[i], delimiter_);
  }
  line += "\r\n";
  std::fwrite(line.data(), 1, line.size(), out_);
}

}  // namespace peakend::ingest
