#include "ingest/binary_files.h"

namespace peakend::ingest {
namespace {

// How a spreadsheet program writes CSV that `peakend import` reads with its accents.
constexpr std::string_view kSaveAsCsv =
    "open it in Excel and save it as \"CSV UTF-8 (comma delimited)\" (File > Save As), or export CSV from the tool "
    "it came from";

struct Signature {
  std::string_view magic;  // the file's first bytes
  std::string_view what;   // what such a file is, for "'x' is <what>, not a CSV file"
  std::string_view how;    // how to get a CSV out of it
};

// ZIP archives are told apart by what they hold (see ZipContent).
constexpr std::string_view kZipMagic = "PK\x03\x04";

const Signature kSignatures[] = {
    {std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), "an Excel 97-2003 workbook (.xls)", kSaveAsCsv},
    {"%PDF-", "a PDF document", "Peakend reads the responses, not a report of them; export them as CSV from the tool"},
    {"\x1F\x8B", "compressed with gzip", "unpack it first (gunzip FILE, or 7-Zip on Windows) and import the file inside"},
    {std::string_view("\xFD" "7zXZ\0", 6), "compressed with xz", "unpack it first (unxz FILE) and import the file inside"},
    {"7z\xBC\xAF\x27\x1C", "a 7-Zip archive", "unpack it first and import the CSV inside"},
    {"Rar!\x1A\x07", "a RAR archive", "unpack it first and import the CSV inside"},
};

// A ZIP archive by the names of the entries it starts with, which stand uncompressed in their
// headers: an Excel workbook, an OpenDocument spreadsheet, or an archive of other files (survey
// tools download exports as .zip).
Signature ZipContent(std::string_view head) {
  if (head.find("[Content_Types].xml") != std::string_view::npos || head.find("xl/") != std::string_view::npos) {
    return {kZipMagic, "an Excel workbook (.xlsx)", kSaveAsCsv};
  }
  if (head.find("application/vnd.oasis.opendocument.spreadsheet") != std::string_view::npos) {
    return {kZipMagic, "an OpenDocument spreadsheet (.ods)",
            "open it in LibreOffice and save it as \"Text CSV\" with the character set UTF-8, or export CSV from the "
            "tool it came from"};
  }
  return {kZipMagic, "a ZIP archive", "unzip it and import the CSV inside"};
}

}  // namespace

Status CheckNotBinary(std::string_view head, const std::string& path) {
  const Signature* found = nullptr;
  Signature zip;
  if (head.starts_with(kZipMagic)) {
    zip = ZipContent(head);
    found = &zip;
  }
  for (const auto& s : kSignatures) {
    if (head.starts_with(s.magic)) found = &s;
  }
  if (!found) return Status::Ok();
  return Status::InvalidArgument("'" + path + "' is " + std::string(found->what) + ", not a CSV file: " +
                                 std::string(found->how));
}

}  // namespace peakend::ingest
