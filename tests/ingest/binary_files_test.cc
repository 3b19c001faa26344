// A workbook, an archive or a PDF given to the import is named once, with how to get CSV from it,
// instead of failing row by row as text.
#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <string>

#include "ingest/binary_files.h"
#include "ingest/csv_reader.h"
#include "ingest/importer.h"
#include "ingest/xlsx_writer.h"
#include "temp_file.h"

namespace peakend::ingest {
namespace {

std::string Message(const Status& s) { return s.ok() ? "(ok)" : s.message(); }

TEST(CheckNotBinary, NamesWorkbooksArchivesAndDocuments) {
  struct Case {
    std::string head;
    const char* says;
  };
  const Case cases[] = {
      {std::string("PK\x03\x04\x14\0\x06\0", 8) + "[Content_Types].xml", "is an Excel workbook (.xlsx)"},
      {std::string("PK\x03\x04\x14\0\0\0", 8) + "mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
       "is an OpenDocument spreadsheet (.ods)"},
      {std::string("PK\x03\x04\x14\0\0\0", 8) + "responses.csv", "is a ZIP archive, not a CSV file: unzip it"},
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10), "is an Excel 97-2003 workbook (.xls)"},
      {"%PDF-1.7\n%\xE2\xE3\xCF\xD3", "is a PDF document"},
      {std::string("\x1F\x8B\x08\0", 4), "is compressed with gzip, not a CSV file: unpack it first"},
  };
  for (const auto& c : cases) {
    std::string message = Message(CheckNotBinary(c.head, "export.file"));
    EXPECT_NE(message.find("'export.file' " + std::string(c.says)), std::string::npos) << message;
  }
  std::string excel = Message(CheckNotBinary(cases[0].head, "x.xlsx"));
  EXPECT_NE(excel.find("save it as \"CSV UTF-8 (comma delimited)\""), std::string::npos) << excel;
}

TEST(CheckNotBinary, TextInAnyEncodingPeakendReadsPasses) {
  for (std::string head : {std::string("external_id,nps\nR1,9\n"), std::string("\xEF\xBB\xBFnps;opmerking\n"),
                           std::string("\xFF\xFEn\0p\0s\0", 8), std::string("{\"nps\":9}\n"), std::string("PK,nps\n1,9\n"),
                           std::string()}) {
    EXPECT_TRUE(CheckNotBinary(head, "f.csv").ok()) << Message(CheckNotBinary(head, "f.csv"));
  }
}

// A workbook as Peakend's own export writes it, given to the import as a CSV and as NDJSON.
TEST(CheckNotBinary, AWorkbookFailsTheImportOnceWithoutReadingRows) {
  XlsxWriter workbook;
  workbook.Row({"external_id", "nps", "comment"});
  workbook.Row({"R1", "9", "Snel geholpen"});
  std::string path = ::testing::TempDir() + "/peakend_binary_responses.xlsx";
  ASSERT_TRUE(workbook.Save(path).ok());
  auto reader = CsvReader::Open(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("is an Excel workbook (.xlsx), not a CSV file"), std::string::npos)
      << reader.status().message();
  std::size_t batches = 0;
  auto summary = ImportFile(path, ImportOptions{}, [&](WriteRequest&&) {
    ++batches;
    return std::promise<WriteResult>().get_future();
  });
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("Excel workbook"), std::string::npos) << summary.status().message();
  EXPECT_EQ(batches, 0u);
  std::remove(path.c_str());

  std::string gzipped = TempFile("peakend_binary_responses.ndjson", std::string("\x1F\x8B\x08\0\0\0\0\0", 8));
  auto compressed = ImportFile(gzipped, ImportOptions{}, [&](WriteRequest&&) {
    ++batches;
    return std::promise<WriteResult>().get_future();
  });
  ASSERT_FALSE(compressed.ok());
  EXPECT_NE(compressed.status().message().find("compressed with gzip"), std::string::npos) << compressed.status().message();
  std::remove(gzipped.c_str());
}

}  // namespace
}  // namespace peakend::ingest
