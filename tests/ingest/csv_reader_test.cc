#include "ingest/csv_reader.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace peakend::ingest {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text, char* delimiter = nullptr) {
  auto reader = CsvReader::FromString(text);
  std::vector<std::vector<std::string>> rows;
  CsvRecord record;
  for (;;) {
    auto more = reader->Next(record);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    rows.push_back(record.fields);
  }
  if (delimiter) *delimiter = reader->delimiter();
  return rows;
}

TEST(CsvReader, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  auto rows = ReadAll("id,comment\r\n1,\"Snel, en \"\"netjes\"\"\"\r\n2,\"regel een\nregel twee\"\r\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], "Snel, en \"netjes\"");
  EXPECT_EQ(rows[2][1], "regel een\nregel twee");
}

TEST(CsvReader, DetectsSemicolonsFromDutchExcelAndSkipsTheBom) {
  char delimiter = 0;
  auto rows = ReadAll("\xEF\xBB\xBFklant;score;opmerking\nC1;8;\"prima, snel\"\n", &delimiter);
  EXPECT_EQ(delimiter, ';');
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "klant");  // no BOM glued to the first header
  EXPECT_EQ(rows[1][2], "prima, snel");
}

// Files made for Excel may start with "sep=;" to tell Excel the delimiter; it is not a header.
TEST(CsvReader, ExcelSeparatorLineSetsTheDelimiter) {
  for (const char* text : {"sep=;\r\nklant;opmerking\r\nK1;prima, snel\r\n",
                           "\xEF\xBB\xBFsep=;\nklant;opmerking\nK1;prima, snel\n"}) {
    char delimiter = 0;
    auto rows = ReadAll(text, &delimiter);
    EXPECT_EQ(delimiter, ';');
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][0], "klant");
    EXPECT_EQ(rows[1][1], "prima, snel");
  }
  auto reader = CsvReader::FromString("sep=|\na|b\n");
  CsvRecord r;
  ASSERT_TRUE(*reader->Next(r));
  EXPECT_EQ(r.line, 2u);  // lines still count from the top of the file
  EXPECT_EQ(ReadAll("sep,x\n1,2\n")[0][0], "sep");  // an ordinary header that starts with "sep"
}

TEST(CsvReader, TabsPipesAndOldMacLineEnds) {
  char delimiter = 0;
  auto rows = ReadAll("a\tb\r1\t2\r", &delimiter);
  EXPECT_EQ(delimiter, '\t');
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][1], "2");
  EXPECT_EQ(ReadAll("a|b|c\n1|2|3\n")[1][2], "3");
}

TEST(CsvReader, CountsPhysicalLinesAcrossEmbeddedNewlines) {
  auto reader = CsvReader::FromString("h\n\"a\nb\nc\"\nnext\n");
  CsvRecord r;
  ASSERT_TRUE(*reader->Next(r));
  EXPECT_EQ(r.line, 1u);
  ASSERT_TRUE(*reader->Next(r));
  EXPECT_EQ(r.line, 2u);
  ASSERT_TRUE(*reader->Next(r));
  EXPECT_EQ(r.line, 5u);
  EXPECT_EQ(r.fields[0], "next");
}

TEST(CsvReader, UnterminatedQuoteNamesTheLine) {
  auto reader = CsvReader::FromString("h\nok\n\"never closed\n");
  CsvRecord r;
  ASSERT_TRUE(*reader->Next(r));
  ASSERT_TRUE(*reader->Next(r));
  auto bad = reader->Next(r);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 3"), std::string::npos) << bad.status().message();
}

TEST(CsvReader, EmptyInputAndMissingFinalNewline) {
  EXPECT_TRUE(ReadAll("").empty());
  auto rows = ReadAll("a,b\n1,2");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][1], "2");
}

TEST(CsvReader, ReadsLargeFilesInChunks) {
  std::string path = ::testing::TempDir() + "/peakend_csv_chunks.csv";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fputs("id,comment\n", f);
  constexpr int kRows = 30000;  // several MiB: crosses the reader's chunk boundary many times
  for (int i = 0; i < kRows; ++i) std::fprintf(f, "%d,\"tekst met, komma en\nnieuwe regel %d\"\n", i, i);
  std::fclose(f);
  auto reader = CsvReader::Open(path);
  ASSERT_TRUE(reader.ok());
  CsvRecord r;
  int rows = 0;
  std::string last;
  while (*(*reader)->Next(r)) {
    ++rows;
    last = r.fields.back();
  }
  EXPECT_EQ(rows, kRows + 1);
  EXPECT_EQ(last, "tekst met, komma en\nnieuwe regel 29999");
  EXPECT_EQ((*reader)->bytes_read(), (*reader)->total_bytes());
  std::remove(path.c_str());
  EXPECT_FALSE(CsvReader::Open("/nonexistent/file.csv").ok());
}

// Excel's "Unicode text" is UTF-16 with a byte order mark, tab separated; read as UTF-8 it was
// NUL bytes between letters. Its text arrives as UTF-8, whatever the chunk boundaries cut.
std::string Utf16(const std::u16string& text, bool little_endian) {
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (char16_t u : text) {
    char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    out += little_endian ? std::string{lo, hi} : std::string{hi, lo};
  }
  return out;
}

TEST(CsvReader, ReadsUtf16WithAByteOrderMarkAsUtf8) {
  const std::u16string text = u"id\tcomment\r\nU1\tCaf\u00e9 \U0001F600\r\nU2\t\"twee\r\nregels\"\r\n";
  for (bool little_endian : {true, false}) {
    auto reader = CsvReader::FromString(Utf16(text, little_endian));
    EXPECT_EQ(reader->delimiter(), '\t');
    CsvRecord r;
    std::vector<std::vector<std::string>> rows;
    while (*reader->Next(r)) rows.push_back(r.fields);
    ASSERT_EQ(rows.size(), 3u) << little_endian;
    EXPECT_EQ(rows[0][0], "id");  // no byte order mark glued to the first header
    EXPECT_EQ(rows[1][1], "Caf\u00e9 \U0001F600");
    EXPECT_EQ(rows[2][1], "twee\r\nregels");
  }
  // A lone surrogate is not turned into valid text: the row fails UTF-8 validation by name.
  auto lone = CsvReader::FromString(Utf16(std::u16string(u"a\n") + char16_t(0xD800) + u"x\n", true));
  CsvRecord r;
  ASSERT_TRUE(*lone->Next(r));
  ASSERT_TRUE(*lone->Next(r));
  EXPECT_NE(r.fields[0], "x");

  std::string path = ::testing::TempDir() + "/peakend_csv_utf16.csv";
  std::u16string big = u"id\tcomment\r\n";
  constexpr int kRows = 40000;  // several MiB: surrogate pairs fall across chunk boundaries
  for (int i = 0; i < kRows; ++i) {
    std::string n = std::to_string(i);
    big += std::u16string(n.begin(), n.end()) + u"\t\U0001F600 caf\u00e9 \u20AC\r\n";
  }
  std::string bytes = Utf16(big, true);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  auto file = CsvReader::Open(path);
  ASSERT_TRUE(file.ok());
  int rows = 0;
  while (*(*file)->Next(r)) {
    ++rows;
    if (rows > 1) {
      ASSERT_EQ(r.fields[1], "\U0001F600 caf\u00e9 \u20AC") << rows;
    }
  }
  EXPECT_EQ(rows, kRows + 1);
  EXPECT_EQ((*file)->bytes_read(), (*file)->total_bytes());
  std::remove(path.c_str());
}

// Excel's "CSV (Comma delimited)" is written in the Windows code page: é is the byte 0xE9.
// A file whose start holds such bytes and no UTF-8 at all is read as Windows-1252; a UTF-8
// file with one broken byte is not, so its accents are not turned into "Ã©".
TEST(CsvReader, ReadsWindows1252WhenTheFileIsNotUtf8) {
  auto ansi = CsvReader::FromString("klant;opmerking\r\nK1;Caf\xE9 \x80 5, \x93top\x94 na\xEF" "ef\r\nK2;prima\r\n");
  EXPECT_STREQ(ansi->encoding(), "Windows-1252");
  CsvRecord r;
  ASSERT_TRUE(*ansi->Next(r));
  ASSERT_TRUE(*ansi->Next(r));
  EXPECT_EQ(r.fields[1], "Caf\u00e9 \u20ac 5, \u201ctop\u201d na\u00efef");
  ASSERT_TRUE(*ansi->Next(r));
  EXPECT_EQ(r.fields[1], "prima");

  auto utf8 = CsvReader::FromString("klant;opmerking\nK1;Caf\u00e9\nK2;kapot \xE9\n");
  EXPECT_STREQ(utf8->encoding(), "UTF-8");
  ASSERT_TRUE(*utf8->Next(r));
  ASSERT_TRUE(*utf8->Next(r));
  EXPECT_EQ(r.fields[1], "Caf\u00e9");
  ASSERT_TRUE(*utf8->Next(r));
  EXPECT_EQ(r.fields[1], "kapot \xE9");  // left invalid, for validation to reject by row
  EXPECT_STREQ(CsvReader::FromString("a,b\n1,2\n")->encoding(), "UTF-8");
}

// A file that is plain ASCII for megabytes may still be Windows-1252 further on, and a UTF-8
// file may hold its first accent there: each is read as what its later bytes show.
TEST(CsvReader, LateAccentsDecideTheEncodingFromThereOn) {
  constexpr int kAsciiRows = 60000;  // well past the first chunk read
  for (bool windows : {true, false}) {
    std::string path = ::testing::TempDir() + "/peakend_late_accents.csv";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("klant,opmerking\r\n", f);
    for (int i = 0; i < kAsciiRows; ++i) std::fprintf(f, "K%d,plain ascii comment %d\r\n", i, i);
    std::fputs(windows ? "W1,Caf\xE9 \x80 5\r\n" : "U1,Caf\u00e9 \u20ac 5\r\n", f);
    std::fclose(f);
    auto file = CsvReader::Open(path);
    ASSERT_TRUE(file.ok());
    CsvRecord r;
    int rows = 0;
    while (*(*file)->Next(r)) ++rows;
    EXPECT_EQ(rows, kAsciiRows + 2);
    EXPECT_EQ(r.fields[1], "Caf\u00e9 \u20ac 5") << windows;
    EXPECT_STREQ((*file)->encoding(), windows ? "Windows-1252" : "UTF-8");
    EXPECT_EQ((*file)->bytes_read(), (*file)->total_bytes());
    std::remove(path.c_str());
  }
}

TEST(CsvWriter, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvEscape("plain"), "plain");
  EXPECT_EQ(CsvEscape("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvEscape("zei \"top\""), "\"zei \"\"top\"\"\"");
  EXPECT_EQ(CsvEscape("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(CsvEscape("two\nlines"), "\"two\nlines\"");
}

}  // namespace
// A cell a spreadsheet would run as a formula is written behind an apostrophe (shown as text),
// numbers stay numbers, and the import reads the cell as it was.
TEST(CsvWriter, FormulaLikeCellsAreGuardedAndReadBackAsTheyWere) {
  for (const char* formula : {"=HYPERLINK(\"http://x\",\"klik\")", "+31 6 12345678", "-te laat", "@SUM(A1)", "=1", "- 3"}) {
    EXPECT_TRUE(RunsAsFormula(formula)) << formula;
    EXPECT_EQ(WithoutFormulaGuard(std::string("'") + formula), formula);
  }
  for (const char* plain : {"-3", "+2.5", "-50,00", "9", "", "Top!", "'quoted"}) {
    EXPECT_FALSE(RunsAsFormula(plain)) << plain;
    EXPECT_EQ(WithoutFormulaGuard(plain), plain);
  }
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  CsvWriter writer(out);
  writer.Row({"=1+1", "-3", "ok"});
  std::rewind(out);
  char line[64] = {};
  ASSERT_NE(std::fgets(line, sizeof line, out), nullptr);
  std::fclose(out);
  EXPECT_STREQ(line, "'=1+1,-3,ok\r\n");
}

// The delimiter a spreadsheet of another locale wants, by its character or its name; only the
// three that Peakend's import reads back are written.
TEST(CsvStyle, DelimitersByCharacterOrName) {
  for (auto [name, delimiter] : std::vector<std::pair<const char*, char>>{
           {",", ','}, {"comma", ','}, {";", ';'}, {"Semicolon", ';'}, {"\t", '\t'}, {"\\t", '\t'}, {"TAB", '\t'}}) {
    auto parsed = ParseCsvDelimiter(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(*parsed, delimiter) << name;
  }
  for (const char* other : {"|", "", ";;", "colon"}) {
    auto refused = ParseCsvDelimiter(other);
    ASSERT_FALSE(refused.ok()) << other;
    EXPECT_NE(refused.status().message().find(std::string(kCsvDelimiterChoices)), std::string::npos)
        << refused.status().message();
  }
}

TEST(CsvStyle, SemicolonsWithAByteOrderMarkKeepTheGuardAndReadBack) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  CsvWriter writer(out, CsvStyle{';', true});
  writer.Row({"id", "comment", "nps"});
  writer.Row({"R1", "snel, goed; =SUM(A1)", "-3"});
  writer.Row({"R2", "@home", "9"});
  std::string text(static_cast<std::size_t>(std::ftell(out)), '\0');
  std::rewind(out);
  ASSERT_EQ(std::fread(text.data(), 1, text.size(), out), text.size());
  std::fclose(out);
  EXPECT_EQ(text, "\xEF\xBB\xBFid;comment;nps\r\nR1;\"snel, goed; =SUM(A1)\";-3\r\nR2;'@home;9\r\n");
  // Read back: the delimiter found, the byte order mark skipped, the guard there to take off.
  char delimiter = 0;
  std::vector<std::vector<std::string>> expected = {
      {"id", "comment", "nps"}, {"R1", "snel, goed; =SUM(A1)", "-3"}, {"R2", "'@home", "9"}};
  EXPECT_EQ(ReadAll(text, &delimiter), expected);
  EXPECT_EQ(delimiter, ';');
  EXPECT_EQ(WithoutFormulaGuard(expected[2][1]), "@home");
}

// One line of text as the reader reads a file: Windows-1252 when it is not UTF-8 and holds no
// UTF-8 character, as it is otherwise.
TEST(TextAsUtf8, Windows1252OnlyWhenNoUtf8CharacterIsThere) {
  EXPECT_EQ(TextAsUtf8("I didn\x92t like it, \x80 5"), "I didn\xE2\x80\x99t like it, \xE2\x82\xAC 5");
  EXPECT_EQ(TextAsUtf8("caf\xE9"), "caf\xC3\xA9");
  EXPECT_EQ(TextAsUtf8("plain"), "plain");
  EXPECT_EQ(TextAsUtf8("caf\xC3\xA9 \xFF"), "caf\xC3\xA9 \xFF");  // UTF-8 with a broken byte: left to repair
}

}  // namespace peakend::ingest
