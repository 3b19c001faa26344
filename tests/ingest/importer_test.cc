// The importer's reading of a file's rows against its header, with a sink that keeps the records
// instead of storing them.
#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <string>
#include <vector>

#include "ingest/formats/survey_import.h"
#include "ingest/importer.h"
#include "temp_file.h"

namespace peakend::ingest {
namespace {

struct Imported {
  ImportSummary summary;
  std::vector<Response> responses;
};

// Imports `content` (as Peakend's own columns, or with the mapping `from` proposes) and answers
// every record as newly stored.
Imported Import(const std::string& content, const std::string& from = "") {
  // One file per test: ctest runs the tests side by side in the same folder.
  std::string path =
      TempFile(std::string("peakend_") + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv", content);
  ImportOptions options;
  if (!from.empty()) {
    auto mapping = LoadOrProposeMapping(path, from, "");
    EXPECT_TRUE(mapping.ok()) << mapping.status().ToString();
    if (mapping.ok()) ApplyMapping(*mapping, options);
  }
  Imported out;
  auto summary = ImportFile(path, options, [&](WriteRequest&& w) {
    WriteResult result;
    for (auto& r : w.responses) {
      result.responses.push_back({1, true, Status::Ok(), false, {}});
      out.responses.push_back(std::move(r));
    }
    std::promise<WriteResult> done;
    done.set_value(std::move(result));
    return done.get_future();
  });
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  if (summary.ok()) out.summary = *summary;
  std::remove(path.c_str());
  return out;
}

std::string Attribute(const Response& r, const std::string& name) {
  for (const auto& [n, v] : r.attributes) {
    if (n == name) return v;
  }
  return "(none)";
}

std::string FirstReason(const Imported& imported) {
  return imported.summary.errors.empty() ? "" : imported.summary.errors[0].reason;
}

// Spreadsheets give the header row empty cells right of the table, as many as were ever
// formatted, and the data rows leave them out.
TEST(Import, RowsMayLeaveOutTheCellsOfEmptyHeadersAtTheEnd) {
  for (const char* header : {"Datum,NPS,Opmerking,", "Datum,NPS,Opmerking,,,"}) {
    for (const char* from : {"", "generic"}) {
      auto imported = Import(std::string(header) + "\n2024-03-01,9,goed\n2024-03-02,3,slecht,,\n", from);
      EXPECT_EQ(imported.summary.rejected, 0u) << header << " from '" << from << "': " << FirstReason(imported);
      ASSERT_EQ(imported.responses.size(), 2u) << header << " from '" << from << "'";
      EXPECT_EQ(imported.responses[1].comment, "slecht");
      EXPECT_TRUE(imported.responses[1].attributes.empty());
    }
  }
}

// A column someone typed in beside the table has data but no header: kept, named by its place.
TEST(Import, AColumnWithoutAHeaderIsKeptAsAnAttribute) {
  auto imported = Import("Datum,NPS,,Opmerking,,\n2024-03-01,9,Noord,goed\n2024-03-02,3,,slecht,,extra\n");
  ASSERT_EQ(imported.responses.size(), 2u) << FirstReason(imported);
  EXPECT_EQ(Attribute(imported.responses[0], "column 3"), "Noord");
  EXPECT_EQ(imported.responses[0].comment, "goed");
  EXPECT_EQ(Attribute(imported.responses[1], "column 6"), "extra");
  EXPECT_EQ(Attribute(imported.responses[1], "column 3"), "(none)");
  // A survey format's mapping leaves the empty last header out; what is under it is kept too.
  auto survey = Import("Datum,NPS,Opmerking,\n2024-03-01,9,goed,extra\n", "generic");
  ASSERT_EQ(survey.responses.size(), 1u) << FirstReason(survey);
  EXPECT_EQ(Attribute(survey.responses[0], "column 4"), "extra");
}

// A row with more cells than the header is refused, saying which columns have no header and
// what is in them, since the cells after an unquoted delimiter are one column off.
TEST(Import, ARowBeyondTheHeaderNamesItsUnnamedColumns) {
  auto one = Import("Datum,NPS,Opmerking\n2024-03-01,9,goed\n2024-03-02,3,te laat, echt\n");
  EXPECT_EQ(one.responses.size(), 1u);
  ASSERT_EQ(one.summary.errors.size(), 1u);
  EXPECT_EQ(one.summary.errors[0].line, 3u);
  const std::string& reason = one.summary.errors[0].reason;
  EXPECT_NE(reason.find("has 4 fields, 1 more than the header's 3 columns: column 4 (' echt') has no header"),
            std::string::npos)
      << reason;
  EXPECT_NE(reason.find("A cell holding a ',' must be in quotes"), std::string::npos) << reason;

  auto more = Import("Datum;NPS;Opmerking;\n2024-03-02;3;slecht;;Noord;x\n");
  EXPECT_NE(FirstReason(more).find("has 6 fields, 2 more than the header's 4 columns: columns 5 to 6 have no header "
                                   "(column 5 holds 'Noord')"),
            std::string::npos)
      << FirstReason(more);
  EXPECT_NE(FirstReason(more).find("';'"), std::string::npos) << FirstReason(more);
}

// Cells of named columns may not be left out: the row is ragged, not short of empty columns.
TEST(Import, ARowShortOfTheNamedColumnsIsRefused) {
  auto imported = Import("Datum,NPS,Opmerking,,\n2024-03-01,9\n");
  EXPECT_TRUE(imported.responses.empty());
  EXPECT_NE(FirstReason(imported).find("has 2 fields but the header names 3 columns"), std::string::npos)
      << FirstReason(imported);
}

TEST(LooksLikeExcelScientificNotation, LongNumbersAsExcelShowsThem) {
  for (const char* id : {"1.14227E+11", "1,14227E+11", "1E+15", "9.9e+12"}) {
    EXPECT_TRUE(LooksLikeExcelScientificNotation(id)) << id;
  }
  for (const char* id : {"114227000000", "R1", "1.14227E-11", "11.4227E+10", "1.E+11", "1.14227E+", "E+11",
                         "1.14227E+11x", ""}) {
    EXPECT_FALSE(LooksLikeExcelScientificNotation(id)) << id;
  }
}

// The rows that differ from a stored response carry its id, for the import to judge them by.
TEST(Import, RowsThatDifferFromTheStoredNameTheirId) {
  std::string path = TempFile("peakend_differing_ids.csv", "external_id,nps\nA1,9\nA1,3\n");
  auto summary = ImportFile(path, ImportOptions{}, [](WriteRequest&& w) {
    WriteResult result;
    result.responses.push_back({1, true, Status::Ok(), false, {}});
    result.responses.push_back({1, false, Status::Ok(), false, {"nps"}});
    std::promise<WriteResult> done;
    done.set_value(std::move(result));
    return done.get_future();
  });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->differing, 1u);
  ASSERT_EQ(summary->differences.size(), 1u);
  EXPECT_EQ(summary->differences[0].line, 3u);
  EXPECT_EQ(summary->differences[0].value, "A1");
  EXPECT_EQ(summary->differences[0].reason, "nps");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace peakend::ingest
