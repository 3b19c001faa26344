// Exports for spreadsheets, with the real binary on both stores: every CSV the CLI writes takes
// the same --delimiter and --bom, keeps the formula guard, and the cases export carries the
// gestures given and the history of each case.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "peakend_process.h"
#include "test_database.h"

namespace peakend::e2e {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The cells of one CSV line (RFC 4180 quotes, no line breaks inside a cell).
std::vector<std::string> Cells(const std::string& line, char delimiter) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cells.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == delimiter && !quoted) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

// The cell under `column` of the header in row `row` (1 = the first record).
std::string CellOf(const std::string& csv, char delimiter, const std::string& column, std::size_t row = 1) {
  auto lines = Lines(csv);
  if (lines.size() <= row) return "(no row " + std::to_string(row) + ")";
  std::string header = lines[0].starts_with(kBom) ? lines[0].substr(kBom.size()) : lines[0];
  auto names = Cells(header, delimiter), cells = Cells(lines[row], delimiter);
  for (std::size_t i = 0; i < names.size() && i < cells.size(); ++i) {
    if (names[i] == column) return cells[i];
  }
  return "(no column " + column + ")";
}

class SpreadsheetExport : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_.Create(GetParam(), dir_);
    if (!database_.ready()) return;
    dir_.Write("org.json", R"({"locations": [{"external_id": "s", "name": "=Centrum", "kind": "shop"}],
      "employees": [{"external_id": "E1", "first_name": "Sanne", "location": "s"},
                    {"external_id": "E2", "first_name": "Bas", "location": "s"}]})");
    auto org = Run({"import", "organisation", dir_.File("org.json")});
    ASSERT_EQ(org.exit_code, 0) << org.out << org.err;
    dir_.Write("responses.csv",
               "external_id,customer,location,nps,comment\n"
               "R1,C1,s,0,\"=HYPERLINK(\"\"x\"\"); héél slecht\"\n"
               "R2,C2,s,8,\n");
    auto imported = Run({"import", "responses", dir_.File("responses.csv"), "--moments", "all", "--quiet"});
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  }

  CommandResult Run(std::vector<std::string> args) {
    args.push_back("--database");
    args.push_back(database_.url());
    return RunPeakend(args);
  }

  TempDir dir_;
  TestDatabase database_;
};

TEST_P(SpreadsheetExport, EveryCsvTakesTheDelimiterAndKeepsTheFormulaGuard) {
  ASSERT_TRUE(database_.ready());
  // Responses: a Dutch Excel's semicolons, the comment's own ';' quoted, the formula guarded,
  // the byte order mark in a file; the file reads back as it was written.
  auto exported = Run({"export", "responses", "--delimiter", "semicolon", "-o", dir_.File("nl.csv")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string nl = ReadFile(dir_.File("nl.csv"));
  EXPECT_TRUE(nl.starts_with(kBom)) << nl;
  EXPECT_NE(nl.find("external_id;interaction;customer"), std::string::npos) << nl;
  EXPECT_NE(nl.find(";\"'=HYPERLINK(\"\"x\"\"); héél slecht\";"), std::string::npos) << nl;
  EXPECT_EQ(nl.find(','), std::string::npos) << "a comma-free export has no comma: " << nl;
  TempDir other;
  std::string second = other.File("second.db");
  ASSERT_EQ(RunPeakend({"import", "organisation", dir_.File("org.json"), "--database", second}).exit_code, 0);
  auto reimported = RunPeakend({"import", "responses", dir_.File("nl.csv"), "--database", second, "--quiet"});
  ASSERT_EQ(reimported.exit_code, 0) << reimported.out << reimported.err;
  ASSERT_EQ(RunPeakend({"export", "responses", "--delimiter", ";", "-o", other.File("again.csv"), "--database", second})
                .exit_code, 0);
  EXPECT_EQ(ReadFile(other.File("again.csv")), nl);

  // Standard output has no byte order mark unless asked for; a tab is a delimiter too.
  auto tabbed = Run({"export", "interactions", "--delimiter", "tab"});
  ASSERT_EQ(tabbed.exit_code, 0) << tabbed.err;
  EXPECT_TRUE(tabbed.out.starts_with("external_id\ttype\t")) << tabbed.out;
  auto with_bom = Run({"export", "cases", "--delimiter", ";", "--bom", "yes"});
  ASSERT_EQ(with_bom.exit_code, 0) << with_bom.err;
  EXPECT_TRUE(with_bom.out.starts_with(std::string(kBom) + "id;rule;priority;state")) << with_bom.out;
  auto no_bom = Run({"export", "responses", "--bom", "no", "-o", dir_.File("plain.csv")});
  ASSERT_EQ(no_bom.exit_code, 0) << no_bom.err;
  EXPECT_TRUE(ReadFile(dir_.File("plain.csv")).starts_with("external_id,")) << "the default delimiter stays ','";

  // The report: the location's name behind the guard, numbers as they were.
  auto report = Run({"report", "--group", "location", "--period", "all", "--format", "csv", "--delimiter", ";"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(report.out.starts_with("group;period;nps;nps_moe;nps_n;")) << report.out;
  EXPECT_EQ(CellOf(report.out, ';', "group"), "'=Centrum") << report.out;
  EXPECT_EQ(CellOf(report.out, ';', "nps_n"), "2") << report.out;
  EXPECT_EQ(CellOf(report.out, ';', "nps"), "-50.00") << report.out;  // a number, not a formula
  auto dutch = Run({"report", "--group", "none", "--period", "all", "--format", "csv", "--delimiter", ";",
                    "--decimal-comma"});
  ASSERT_EQ(dutch.exit_code, 0) << dutch.err;
  EXPECT_EQ(CellOf(dutch.out, ';', "nps"), "-50,00") << dutch.out;  // a number in a comma-decimal locale too

  // The rejection report of an import.
  dir_.Write("bad.csv", "external_id,nps,comment\nB1,11,=1+1\n");
  auto rejected = Run({"import", "responses", dir_.File("bad.csv"), "--report", dir_.File("rejected.csv"), "--delimiter",
                       "semicolon", "--quiet"});
  EXPECT_EQ(rejected.exit_code, 2) << rejected.out << rejected.err;
  std::string rejection = ReadFile(dir_.File("rejected.csv"));
  EXPECT_TRUE(rejection.starts_with(std::string(kBom) + "file;line;column;value;reason")) << rejection;
  EXPECT_NE(rejection.find(";2;nps;11;"), std::string::npos) << rejection;
}

TEST_P(SpreadsheetExport, ADelimiterPeakendDoesNotWriteOrAFormatWithoutOneIsNamed) {
  ASSERT_TRUE(database_.ready());
  auto pipe = Run({"export", "responses", "--delimiter", "|"});
  EXPECT_EQ(pipe.exit_code, 1);
  EXPECT_NE(pipe.err.find("--delimiter '|'"), std::string::npos) << pipe.err;
  EXPECT_NE(pipe.err.find("';' (semicolon)"), std::string::npos) << pipe.err;
  auto ndjson = Run({"export", "responses", "--format", "ndjson", "--delimiter", ";"});
  EXPECT_EQ(ndjson.exit_code, 1);
  EXPECT_NE(ndjson.err.find("leave them out for --format ndjson"), std::string::npos) << ndjson.err;
  auto text_report = Run({"report", "--delimiter", ";"});
  EXPECT_EQ(text_report.exit_code, 1);
  EXPECT_NE(text_report.err.find("--format csv"), std::string::npos) << text_report.err;
  auto no_report = Run({"import", "responses", dir_.File("responses.csv"), "--delimiter", ";"});
  EXPECT_EQ(no_report.exit_code, 1);
  EXPECT_NE(no_report.err.find("--report FILE.csv"), std::string::npos) << no_report.err;
}

TEST_P(SpreadsheetExport, LocalTimesAreWrittenAsSpreadsheetsReadThemAndReadBackInTheirZone) {
  ASSERT_TRUE(database_.ready());
  // Winter and summer time in Amsterdam (the default time_zone): one hour, then two, ahead of UTC.
  dir_.Write("timed.csv",
             "external_id,nps,submitted_at\nT1,9,2026-01-15T08:30:00Z\nT2,7,2026-07-15T08:30:00Z\n");
  ASSERT_EQ(Run({"import", "responses", dir_.File("timed.csv"), "--quiet"}).exit_code, 0);
  auto utc = Run({"export", "responses", "-o", dir_.File("utc.csv")});
  ASSERT_EQ(utc.exit_code, 0) << utc.err;
  auto local = Run({"export", "responses", "--times", "local", "-o", dir_.File("local.csv")});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  std::string utc_csv = ReadFile(dir_.File("utc.csv")), local_csv = ReadFile(dir_.File("local.csv"));
  EXPECT_EQ(CellOf(utc_csv, ',', "submitted_at", 3), "2026-01-15T08:30:00Z") << utc_csv;
  EXPECT_EQ(CellOf(local_csv, ',', "submitted_at", 3), "2026-01-15 09:30:00") << local_csv;
  EXPECT_EQ(CellOf(local_csv, ',', "submitted_at", 4), "2026-07-15 10:30:00") << local_csv;
  auto cases = Run({"export", "cases", "--times", "local"});
  ASSERT_EQ(cases.exit_code, 0) << cases.err;
  EXPECT_EQ(CellOf(cases.out, ',', "created_at").find('Z'), std::string::npos) << cases.out;
  // Read back in the organisation's zone, the times are what they were.
  TempDir other;
  std::string second = other.File("second.db");
  ASSERT_EQ(RunPeakend({"import", "organisation", dir_.File("org.json"), "--database", second}).exit_code, 0);
  auto back = RunPeakend({"import", "responses", dir_.File("local.csv"), "--time-zone", "Europe/Amsterdam", "--database",
                          second, "--quiet"});
  ASSERT_EQ(back.exit_code, 0) << back.out << back.err;
  ASSERT_EQ(RunPeakend({"export", "responses", "-o", other.File("again.csv"), "--database", second}).exit_code, 0);
  EXPECT_EQ(ReadFile(other.File("again.csv")), utc_csv);
  // JSON keeps UTC: --times is refused there.
  auto ndjson = Run({"export", "responses", "--format", "ndjson", "--times", "local"});
  EXPECT_EQ(ndjson.exit_code, 1);
  EXPECT_NE(ndjson.err.find("JSON keeps UTC"), std::string::npos) << ndjson.err;
}

TEST_P(SpreadsheetExport, CasesCarryTheirGesturesAndHistory) {
  ASSERT_TRUE(database_.ready());
  auto listed = Run({"export", "cases", "--format", "ndjson"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  auto lines = Lines(listed.out);
  ASSERT_EQ(lines.size(), 1u) << listed.out;
  std::string id = std::to_string(nlohmann::json::parse(lines[0])["id"].get<long long>());
  ASSERT_EQ(Run({"cases", "transition", id, "in_progress", "--by", "E1"}).exit_code, 0);
  ASSERT_EQ(Run({"cases", "spend", id, "flowers", "--by", "E1"}).exit_code, 0);
  ASSERT_EQ(Run({"cases", "spend", id, "handwritten_card", "--by", "E2"}).exit_code, 0);
  ASSERT_EQ(Run({"cases", "transition", id, "contacted", "--by", "E2", "--note", "Gebeld"}).exit_code, 0);

  // For a spreadsheet: counts, totals in cents, whose budgets, and the last step of the history.
  auto csv = Run({"export", "cases", "--delimiter", ";"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(CellOf(csv.out, ';', "gestures"), "flowers | handwritten_card") << csv.out;
  EXPECT_EQ(CellOf(csv.out, ';', "gesture_count"), "2") << csv.out;
  EXPECT_EQ(CellOf(csv.out, ';', "gesture_cost_cents"), "4000") << csv.out;
  EXPECT_EQ(CellOf(csv.out, ';', "gesture_budgets"), "E1 | E2") << csv.out;
  EXPECT_EQ(CellOf(csv.out, ';', "last_action"), "transition to contacted") << csv.out;
  EXPECT_EQ(CellOf(csv.out, ';', "last_action_by"), "E2") << csv.out;
  EXPECT_TRUE(CellOf(csv.out, ';', "last_action_at").ends_with("Z")) << csv.out;
  int events = std::stoi(CellOf(csv.out, ';', "history_events"));
  EXPECT_GE(events, 5) << csv.out;  // opened, taken on, two gestures, contacted

  // NDJSON: the whole of both, in the API's fields.
  auto ndjson = Run({"export", "cases", "--format", "ndjson"});
  ASSERT_EQ(ndjson.exit_code, 0) << ndjson.err;
  auto record = nlohmann::json::parse(Lines(ndjson.out)[0]);
  ASSERT_EQ(record["gestures"].size(), 2u) << record.dump();
  EXPECT_EQ(record["gestures"][0]["gesture"], "flowers");
  EXPECT_EQ(record["gestures"][0]["cost_cents"], 3500);
  EXPECT_EQ(record["gestures"][0]["employee"], "E1");
  EXPECT_EQ(record["gestures"][1]["employee"], "E2");
  ASSERT_EQ(record["history"].size(), static_cast<std::size_t>(events)) << record.dump();
  const auto& last = record["history"].back();
  EXPECT_EQ(last["action"], "transition");
  EXPECT_EQ(last["to"], "contacted");
  EXPECT_EQ(last["actor"], "E2");
  EXPECT_EQ(last["note"], "Gebeld");

  // XLSX has the spreadsheet columns too.
  ASSERT_EQ(Run({"export", "cases", "--format", "xlsx", "-o", dir_.File("cases.xlsx")}).exit_code, 0);
  EXPECT_EQ(ReadFile(dir_.File("cases.xlsx")).substr(0, 2), "PK");
}

// The cases export takes the filters the responses export takes: a team lead's or one
// customer's cases, not everyone's; a name the store does not have is a typo, not an empty file.
TEST_P(SpreadsheetExport, CasesAreFilteredAsResponsesAre) {
  ASSERT_TRUE(database_.ready());
  auto count = [&](std::vector<std::string> flags) {
    std::vector<std::string> args = {"export", "cases", "--format", "ndjson"};
    args.insert(args.end(), flags.begin(), flags.end());
    auto run = Run(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return Lines(run.out).size();
  };
  EXPECT_EQ(count({}), 1u);
  EXPECT_EQ(count({"--customer", "C1"}), 1u);
  EXPECT_EQ(count({"--customer", "C2"}), 0u);
  EXPECT_EQ(count({"--location", "s"}), 1u);
  EXPECT_EQ(count({"--since", "2000-01-01"}), 1u);
  EXPECT_EQ(count({"--until", "2000-01-01"}), 0u);
  for (auto [flag, value] : {std::pair{"--customer", "NOPE"}, std::pair{"--location", "x"}, std::pair{"--employee", "E9"}}) {
    auto unknown = Run({"export", "cases", flag, value});
    EXPECT_NE(unknown.exit_code, 0) << flag;
    EXPECT_NE(unknown.err.find(std::string("'") + value + "'"), std::string::npos) << unknown.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, SpreadsheetExport, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::e2e
