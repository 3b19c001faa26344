#include "ingest/xlsx_writer.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace peakend::ingest {
namespace {

// Excel's limits: longer cells are refused by the application.
constexpr std::size_t kMaxCellChars = 32767;
constexpr std::size_t kMaxRows = 1048576;
// ZIP's compression methods, and zlib's memory level for deflating (its default).
constexpr unsigned kMethodStored = 0, kMethodDeflated = 8;
constexpr int kDeflateMemoryLevel = 8;

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;  // not allowed in XML 1.0
        out += static_cast<char>(c);
    }
  }
  return out;
}

std::string ColumnName(std::size_t i) {
  std::string name;
  for (++i; i > 0; i = (i - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (i - 1) % 26));
  return name;
}

bool LooksNumeric(const std::string& s) {
  if (s.empty() || s.size() > 15 || (s.size() > 1 && s[0] == '0' && s[1] != '.')) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) digits = true;
    else if (s[i] == '.' && !dot) dot = true;
    else return false;
  }
  return digits;
}

void Put16(std::string& b, unsigned v) { b += static_cast<char>(v & 0xFF), b += static_cast<char>((v >> 8) & 0xFF); }
void Put32(std::string& b, unsigned long v) { Put16(b, v & 0xFFFF), Put16(b, (v >> 16) & 0xFFFF); }

// `data` deflated without a header (ZIP's method 8); nullopt when zlib fails.
std::optional<std::string> Deflate(const std::string& data) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, kDeflateMemoryLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int done = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (done != Z_STREAM_END) return std::nullopt;
  return out;
}

// A ZIP archive with deflated entries (stored ones where deflating fails).
std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  for (const auto& [name, data] : files) {
    unsigned long crc = crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    std::optional<std::string> deflated = Deflate(data);
    unsigned method = deflated ? kMethodDeflated : kMethodStored;
    const std::string& body = deflated ? *deflated : data;
    std::size_t offset = out.size();
    Put32(out, 0x04034b50);
    Put16(out, 20), Put16(out, 0), Put16(out, method), Put16(out, 0), Put16(out, 0x21);
    Put32(out, crc), Put32(out, body.size()), Put32(out, data.size());
    Put16(out, name.size()), Put16(out, 0);
    out += name;
    out += body;
    Put32(central, 0x02014b50);
    Put16(central, 20), Put16(central, 20), Put16(central, 0), Put16(central, method), Put16(central, 0), Put16(central, 0x21);
    Put32(central, crc), Put32(central, body.size()), Put32(central, data.size());
    Put16(central, name.size()), Put16(central, 0), Put16(central, 0), Put16(central, 0), Put16(central, 0);
    Put32(central, 0), Put32(central, offset);
    central += name;
  }
  std::size_t central_offset = out.size();
  out += central;
  Put32(out, 0x06054b50);
  Put16(out, 0), Put16(out, 0), Put16(out, files.size()), Put16(out, files.size());
  Put32(out, central.size()), Put32(out, central_offset), Put16(out, 0);
  return out;
}

}  // namespace

void XlsxWriter::Row(const std::vector<std::string>& cells) {
  if (rows_ >= kMaxRows) return;
  ++rows_;
  columns_ = std::max(columns_, cells.size());
  sheet_rows_ += "<row r=\"" + std::to_string(rows_) + "\">";
  for (std::size_t c = 0; c < cells.size(); ++c) {
    std::string ref = ColumnName(c) + std::to_string(rows_);
    const std::string& v = cells[c];
    if (v.empty()) continue;
    if (LooksNumeric(v)) {
      sheet_rows_ += "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
    } else {
      sheet_rows_ += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" +
                     XmlEscape(v.substr(0, kMaxCellChars)) + "</t></is></c>";
    }
  }
  sheet_rows_ += "</row>";
}

Status XlsxWriter::Save(const std::string& path) const {
  const std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  std::vector<std::pair<std::string, std::string>> files = {
      {"[Content_Types].xml",
       xml + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
             "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
             "</Types>"},
      {"_rels/.rels",
       xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
             "</Relationships>"},
      {"xl/workbook.xml",
       xml + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
             "<sheets><sheet name=\"Peakend\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
             "</Relationships>"},
      {"xl/worksheets/sheet1.xml",
       xml + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
           (rows_ > 0 && columns_ > 0 ? "<dimension ref=\"A1:" + ColumnName(columns_ - 1) + std::to_string(rows_) + "\"/>"
                                       : std::string()) +
           "<sheetData>" + sheet_rows_ + "</sheetData></worksheet>"},
  };
  std::string zip = Zip(files);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Status::IoError("cannot write '" + path + "'");
  bool ok = std::fwrite(zip.data(), 1, zip.size(), f) == zip.size();
  ok = std::fclose(f) == 0 && ok;
  return ok ? Status::Ok() : Status::IoError("cannot finish writing '" + path + "' (disk full?)");
}

}  // namespace peakend::ingest
