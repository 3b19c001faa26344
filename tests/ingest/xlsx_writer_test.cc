// The XLSX export is a ZIP of deflated XML parts: read back here with zlib, entry by entry, as
// a spreadsheet program would, with the sheet's dimension and cells as written.
#include "ingest/xlsx_writer.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace peakend::ingest {
namespace {

unsigned Get16(const std::string& b, std::size_t at) {
  return static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8;
}
unsigned long Get32(const std::string& b, std::size_t at) { return Get16(b, at) | static_cast<unsigned long>(Get16(b, at + 2)) << 16; }

// Every entry of the archive by name, inflated, its CRC checked.
std::map<std::string, std::string> Entries(const std::string& zip) {
  std::map<std::string, std::string> out;
  for (std::size_t at = 0; at + 30 <= zip.size() && Get32(zip, at) == 0x04034b50;) {
    unsigned method = Get16(zip, at + 8);
    unsigned long crc = Get32(zip, at + 14), packed = Get32(zip, at + 18), size = Get32(zip, at + 22);
    std::string name = zip.substr(at + 30, Get16(zip, at + 26));
    std::size_t data = at + 30 + name.size() + Get16(zip, at + 28);
    std::string body = zip.substr(data, packed);
    std::string plain(size, '\0');
    if (method == 8) {
      z_stream z{};
      EXPECT_EQ(inflateInit2(&z, -MAX_WBITS), Z_OK);
      z.next_in = reinterpret_cast<Bytef*>(body.data());
      z.avail_in = static_cast<uInt>(body.size());
      z.next_out = reinterpret_cast<Bytef*>(plain.data());
      z.avail_out = static_cast<uInt>(plain.size());
      EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END) << name;
      inflateEnd(&z);
    } else {
      EXPECT_EQ(method, 0u) << name;
      plain = body;
    }
    EXPECT_EQ(crc32(0L, reinterpret_cast<const Bytef*>(plain.data()), static_cast<uInt>(plain.size())), crc) << name;
    out[name] = plain;
    at = data + packed;
  }
  return out;
}

TEST(XlsxWriter, WritesADeflatedWorkbookWithItsDimension) {
  XlsxWriter writer;
  writer.Row({"external_id", "nps", "comment"});
  for (int i = 0; i < 500; ++i) writer.Row({"R" + std::to_string(i), "9", "Snel & vriendelijk <geholpen>"});
  std::string path = ::testing::TempDir() + "export.xlsx";
  ASSERT_TRUE(writer.Save(path).ok());
  std::stringstream buffer;
  buffer << std::ifstream(path, std::ios::binary).rdbuf();
  std::string zip = buffer.str();
  auto entries = Entries(zip);
  ASSERT_EQ(entries.count("xl/worksheets/sheet1.xml"), 1u);
  const std::string& sheet = entries["xl/worksheets/sheet1.xml"];
  EXPECT_NE(sheet.find("<dimension ref=\"A1:C501\"/>"), std::string::npos);
  EXPECT_NE(sheet.find("Snel &amp; vriendelijk &lt;geholpen&gt;"), std::string::npos);
  EXPECT_NE(sheet.find("<c r=\"B2\"><v>9</v></c>"), std::string::npos);
  EXPECT_EQ(entries.size(), 5u);
  EXPECT_LT(zip.size(), sheet.size() / 4);  // repetitive XML deflates well
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace peakend::ingest
