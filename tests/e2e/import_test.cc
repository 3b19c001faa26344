// End to end: `peakend import` on real files into a real store, then read back over HTTP.
#include <httplib.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>
#include <nlohmann/json.hpp>

#include "peakend_process.h"

namespace peakend::e2e {
namespace {

using nlohmann::json;

// A Dutch Excel export: BOM, ';' delimiter, CRLF, a quoted comment with a line break and a
// ';' (so later rows start one physical line further), a custom column, two bad rows (score 11, a
// date that does not exist), and a row of a comment without scores, which is kept.
const char* kDutchExport =
    "\xEF\xBB\xBF"
    "Antwoord ID;Klantnummer;Datum;NPS score;Tevredenheid;Opmerking;Regio\r\n"
    "A1;K100;01-03-2026 10:15;9;5;\"Snel geholpen;\r\nSanne was top\";Noord\r\n"
    "A2;K101;02-03-2026 11:00;3;2;Pakket kwam te laat;Zuid\r\n"
    "A3;K102;03-03-2026 12:00;11;4;;Noord\r\n"
    "A4;K103;31-02-2026 12:00;7;4;;Zuid\r\n"
    "A5;K104;04-03-2026 12:00;;;alleen tekst;Zuid\r\n"
    "A6;K105;05-03-2026 09:30;10;;\"Top, echt waar\";Noord\r\n";

TEST(ImportCommand, StoresValidRowsReportsBadOnesAndIsIdempotent) {
  TempDir dir;
  dir.Write("export.csv", kDutchExport);
  std::string db = dir.File("import.db");
  auto first = RunPeakend({"import", "responses", dir.File("export.csv"), "--database", db, "--report",
                           dir.File("rejected.csv")});
  EXPECT_EQ(first.exit_code, 2) << first.out << first.err;  // some rows were rejected
  EXPECT_NE(first.out.find("6 rows read: 4 stored, 0 already present, 2 rejected"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("delimiter ';'"), std::string::npos);
  EXPECT_NE(first.err.find(":5: column 'NPS score': 11 is outside the nps scale"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find(":6: column 'Datum'"), std::string::npos) << first.err;

  std::ifstream report(dir.File("rejected.csv"));
  std::string report_text((std::istreambuf_iterator<char>(report)), {});
  EXPECT_NE(report_text.find("file,line,column,value,reason"), std::string::npos);
  EXPECT_NE(report_text.find(",5,NPS score,11,"), std::string::npos) << report_text;

  auto again = RunPeakend({"import", "responses", dir.File("export.csv"), "--database", db, "--quiet"});
  EXPECT_NE(again.out.find("0 stored, 4 already present, 2 rejected"), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find("differ from the stored"), std::string::npos) << again.out;
  // The same export with A2's score changed: named with its line, and the stored answer kept.
  std::string changed = kDutchExport;
  changed.replace(changed.find("11:00;3;2;"), 10, "11:00;4;2;");
  dir.Write("changed.csv", changed);
  auto resent = RunPeakend({"import", "responses", dir.File("changed.csv"), "--database", db, "--quiet"});
  EXPECT_NE(resent.out.find("1 of the rows already present differ from the stored responses"), std::string::npos)
      << resent.out;
  EXPECT_NE(resent.out.find("line 4: other nps"), std::string::npos) << resent.out;

  ServerProcess server(db);
  ASSERT_TRUE(server.running()) << server.startup_output();
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/api/v1/responses?external_id=A1");
  ASSERT_TRUE(res);
  auto a1 = json::parse(res->body)["items"][0];
  EXPECT_EQ(a1["comment"], "Snel geholpen;\r\nSanne was top");
  EXPECT_EQ(a1["customer"], "K100");
  EXPECT_EQ(a1["channel"], "import");
  EXPECT_EQ(a1["attributes"]["Regio"], "Noord");
  EXPECT_EQ(a1["submitted_at"], "2026-03-01T10:15:00Z");
  EXPECT_EQ(a1["language"], "nl");  // detected from the comment
  auto scores = json::parse(client.Get("/api/v1/scores")->body);
  EXPECT_EQ(scores["rows"][0]["nps"]["n"], 3);  // 9, 3, 10 -> 2 promoters, 1 detractor -> +33.3
  EXPECT_NEAR(scores["rows"][0]["nps"]["value"].get<double>(), 33.3, 0.05);
  // Custom attributes of the import filter lists and scores.
  auto north = json::parse(client.Get("/api/v1/responses?attr.Regio=Noord")->body);
  ASSERT_EQ(north["items"].size(), 2u) << north.dump();  // A1 and A6; A3 was rejected
  EXPECT_EQ(json::parse(client.Get("/api/v1/scores?attr.Regio=Zuid")->body)["rows"][0]["nps"]["n"], 1);
  // A5 gave no scores but a comment: stored with it, and counted in no score above.
  auto a5 = json::parse(client.Get("/api/v1/responses?external_id=A5")->body)["items"][0];
  EXPECT_EQ(a5["comment"], "alleen tekst");
  EXPECT_TRUE(a5["answers"]["nps"].is_null()) << a5.dump();
  auto unnamed = client.Get("/api/v1/responses?attr.=Noord");
  EXPECT_EQ(unnamed->status, 400);
  EXPECT_EQ(json::parse(unnamed->body)["field"], "attr.");
}

TEST(ImportCommand, StrictStoresNothingWhenARowIsBad) {
  TempDir dir;
  dir.Write("export.csv", kDutchExport);
  std::string db = dir.File("strict.db");
  auto strict = RunPeakend({"import", "responses", dir.File("export.csv"), "--database", db, "--strict"});
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.out.find("nothing was stored"), std::string::npos) << strict.out;
  auto report = RunPeakend({"report", "--group", "none", "--period", "all", "--format", "csv", "--database", db});
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(report.out.find("\nall,"), std::string::npos) << report.out;  // no rows
}

TEST(ImportCommand, MappingOverridesAndNdjson) {
  TempDir dir;
  dir.Write("odd.csv", "Ref,Hoe waarschijnlijk,Tekst\nX1,8,prima\nX2,2,slecht\n");
  std::string db = dir.File("map.db");
  auto unmapped = RunPeakend({"import", "responses", dir.File("odd.csv"), "--database", db});
  EXPECT_NE(unmapped.exit_code, 0);
  EXPECT_NE(unmapped.err.find("--map"), std::string::npos) << unmapped.err;
  auto mapped = RunPeakend({"import", "responses", dir.File("odd.csv"), "--database", db, "--map", "Ref=external_id",
                            "--map", "Hoe waarschijnlijk=nps", "--map", "3=comment"});
  EXPECT_EQ(mapped.exit_code, 0) << mapped.out << mapped.err;
  EXPECT_NE(mapped.out.find("2 stored"), std::string::npos) << mapped.out;

  dir.Write("more.ndjson", "{\"external_id\":\"N1\",\"csat\":5}\n{\"external_id\":\"N2\",\"csat\":\"five\"}\n");
  auto nd = RunPeakend({"import", "responses", dir.File("more.ndjson"), "--database", db});
  EXPECT_EQ(nd.exit_code, 2);
  EXPECT_NE(nd.out.find("1 stored"), std::string::npos) << nd.out;
  EXPECT_NE(nd.err.find(":2: column 'csat'"), std::string::npos) << nd.err;

  // A line that is not JSON is named by its own line, not as "line 1".
  dir.Write("broken.ndjson", "{\"external_id\":\"N3\",\"csat\":4}\n{\"external_id\":\"N4\",\"csat\":4\n");
  auto broken = RunPeakend({"import", "responses", dir.File("broken.ndjson"), "--database", db});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("broken.ndjson:2: is not valid JSON"), std::string::npos) << broken.err;
  EXPECT_EQ(broken.err.find("line 1"), std::string::npos) << broken.err;

  auto missing = RunPeakend({"import", "responses", dir.File("nope.csv"), "--database", db});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
}

// A .json file is as often one JSON array (pretty-printed by jq or json.dump) as NDJSON. Each
// element is a record of its own, rejected by itself and named by the line it starts on.
TEST(ImportCommand, JsonArrayFiles) {
  TempDir dir;
  std::string db = dir.File("array.db");
  dir.Write("responses.json",
            "\xEF\xBB\xBF[\n"
            "  {\n    \"external_id\": \"J1\",\n    \"nps\": 9,\n    \"comment\": \"Snel, en [netjes] \\\"top\\\"\"\n  },\n"
            "  {\n    \"external_id\": \"J2\",\n    \"nps\": 12\n  },\n"
            "  {\"external_id\": \"J3\", \"csat\": 4, \"attributes\": {\"Regio\": \"Noord\"}}\n"
            "]\n");
  auto imported = RunPeakend({"import", "responses", dir.File("responses.json"), "--database", db});
  EXPECT_EQ(imported.exit_code, 2) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("3 rows read: 2 stored"), std::string::npos) << imported.out;
  EXPECT_NE(imported.err.find("responses.json:7: column 'nps'"), std::string::npos) << imported.err;
  auto again = RunPeakend({"import", "responses", dir.File("responses.json"), "--database", db});
  EXPECT_NE(again.out.find("0 stored, 2 already present"), std::string::npos) << again.out;
  auto exported = RunPeakend({"export", "responses", "--format", "ndjson", "--database", db});
  EXPECT_NE(exported.out.find(R"("comment":"Snel, en [netjes] \"top\"")"), std::string::npos) << exported.out;
  EXPECT_NE(exported.out.find(R"("Regio":"Noord")"), std::string::npos) << exported.out;

  dir.Write("interactions.json", R"([{"external_id":"I1","type":"order","occurred_at":"2026-03-01"},)"
                                 R"( {"external_id":"I2","type":"order","occurred_at":"2026-03-02"}])");
  auto interactions = RunPeakend({"import", "interactions", dir.File("interactions.json"), "--database", db});
  EXPECT_EQ(interactions.exit_code, 0) << interactions.out << interactions.err;
  EXPECT_NE(interactions.out.find("2 stored"), std::string::npos) << interactions.out;

  // Cut off in the middle of a record: the records before it are stored, the rest is named.
  dir.Write("cut.json", "[{\"external_id\":\"K1\",\"nps\":7},\n{\"external_id\":\"K2\",\"nps\":");
  auto cut = RunPeakend({"import", "responses", dir.File("cut.json"), "--database", db});
  EXPECT_EQ(cut.exit_code, 2) << cut.out << cut.err;
  EXPECT_NE(cut.out.find("1 stored"), std::string::npos) << cut.out;
  EXPECT_NE(cut.err.find("cut.json:2: "), std::string::npos) << cut.err;
  EXPECT_NE(cut.err.find("ends"), std::string::npos) << cut.err;
  dir.Write("object.json", R"({"external_id":"O1","nps":8})");
  auto object = RunPeakend({"import", "responses", dir.File("object.json"), "--database", db});
  EXPECT_EQ(object.exit_code, 0) << object.out << object.err;
}

// A file cut off inside a quoted field (a download that stopped, a stray quote) cannot be read
// past that point. Every row before it is stored, whichever batch it fell in, and the summary
// and exit code say that the file ended in a broken row.
TEST(ImportCommand, AFileCutOffInsideAQuoteStoresTheRowsBeforeIt) {
  TempDir dir;
  std::string db = dir.File("cut.db");
  constexpr int kRows = 6000;  // more than one import batch
  std::string csv = "external_id,nps,comment\n";
  for (int i = 0; i < kRows; ++i) csv += "R" + std::to_string(i) + "," + std::to_string(i % 11) + ",\"ok\"\n";
  csv += "R-cut,7,\"the download stopped here";
  dir.Write("cut.csv", csv);
  auto cut = RunPeakend({"import", "responses", dir.File("cut.csv"), "--database", db, "--moments", "off"});
  EXPECT_EQ(cut.exit_code, 2) << cut.out << cut.err;
  EXPECT_NE(cut.out.find(std::to_string(kRows + 1) + " rows read: " + std::to_string(kRows) + " stored"),
            std::string::npos) << cut.out;
  EXPECT_NE(cut.err.find("cut.csv:" + std::to_string(kRows + 2) + ": a quoted field is never closed"), std::string::npos)
      << cut.err;
  auto strict = RunPeakend({"import", "responses", dir.File("cut.csv"), "--database", dir.File("strict.db"), "--strict"});
  EXPECT_EQ(strict.exit_code, 2) << strict.out << strict.err;
  EXPECT_NE(strict.out.find("nothing was stored"), std::string::npos) << strict.out;
}

// Excel's plain "CSV" on a Dutch or English Windows is Windows-1252: é is one byte, 0xE9.
TEST(ImportCommand, ExcelCsvInTheWindowsCodePage) {
  TempDir dir;
  std::string db = dir.File("ansi.db");
  dir.Write("ansi.csv", "Antwoord ID;NPS score;Opmerking;Caf\xE9\r\nW1;9;Prima;ja\r\nW2;7;Caf\xE9 was dicht \x80 5;nee\r\n");
  auto imported = RunPeakend({"import", "responses", dir.File("ansi.csv"), "--database", db});
  EXPECT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("Windows-1252"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("2 stored"), std::string::npos) << imported.out;
  auto exported = RunPeakend({"export", "responses", "--format", "ndjson", "--database", db});
  EXPECT_NE(exported.out.find("Caf\u00e9 was dicht \u20ac 5"), std::string::npos) << exported.out;
  EXPECT_NE(exported.out.find("\"Caf\u00e9\":\"nee\""), std::string::npos) << exported.out;
}

// Spreadsheets leave blank lines above the header, and a "sep=;" line for Excel.
TEST(ImportCommand, BlankLinesAndSeparatorLineAboveTheHeader) {
  TempDir dir;
  std::string db = dir.File("blank.db");
  dir.Write("blank.csv", "\r\n;;\r\nexternal_id;nps\r\nB1;9\r\n");
  auto blank = RunPeakend({"import", "responses", dir.File("blank.csv"), "--database", db});
  EXPECT_EQ(blank.exit_code, 0) << blank.out << blank.err;
  EXPECT_NE(blank.out.find("1 stored"), std::string::npos) << blank.out;
  dir.Write("sep.csv", "sep=;\r\nexternal_id;nps;opmerking\r\nS1;9;prima, snel\r\n");
  auto sep = RunPeakend({"import", "responses", dir.File("sep.csv"), "--database", db});
  EXPECT_EQ(sep.exit_code, 0) << sep.out << sep.err;
  EXPECT_NE(sep.out.find("1 stored"), std::string::npos) << sep.out;
  dir.Write("survey.csv", "\r\nResponse ID,Timestamp,Survey ID,How likely are you to recommend us?\r\nR1,2024-05-02 08:15:30,S1,9\r\n");
  auto survey = RunPeakend({"import", "responses", dir.File("survey.csv"), "--from", "auto", "--database", db});
  EXPECT_EQ(survey.exit_code, 0) << survey.out << survey.err;
  dir.Write("empty.csv", "\r\n\r\n;;\r\n");
  auto empty = RunPeakend({"import", "responses", dir.File("empty.csv"), "--database", db});
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("is empty"), std::string::npos) << empty.err;
}

TEST(Cli, HelpVersionAndBadFlags) {
  auto version = RunPeakend({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("peakend 0."), std::string::npos);
  auto help = RunPeakend({"import", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--strict"), std::string::npos);
  EXPECT_NE(help.out.find("PEAKEND_DATABASE"), std::string::npos);
  TempDir dir;
  auto bad = RunPeakend({"serve", "--port", "99999", "--database", dir.File("x.db")});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("port"), std::string::npos) << bad.err;
  auto store = RunPeakend({"report", "--database", "mysql://x"});
  EXPECT_NE(store.exit_code, 0);
  EXPECT_NE(store.err.find("postgresql://"), std::string::npos) << store.err;
  // A mistyped path of a store to read from is named, not answered from a new empty database.
  for (std::vector<std::string> reading : {std::vector<std::string>{"report"}, {"export", "responses"}, {"cases", "list"}}) {
    reading.insert(reading.end(), {"--database", dir.File("typo.db")});
    auto missing = RunPeakend(reading);
    EXPECT_EQ(missing.exit_code, 1) << reading[0];
    EXPECT_NE(missing.err.find("there is no database at '" + dir.File("typo.db") + "'"), std::string::npos) << missing.err;
    EXPECT_FALSE(std::filesystem::exists(dir.File("typo.db")));
  }
  // A period that ends before it starts is a mistake to name, not an empty export or report.
  auto backwards = RunPeakend({"export", "responses", "--since", "2026-03-01", "--until", "2026-01-01", "--database",
                               dir.File("x.db")});
  EXPECT_EQ(backwards.exit_code, 1);
  EXPECT_NE(backwards.err.find("--since must be before --until"), std::string::npos) << backwards.err;
  auto report = RunPeakend({"report", "--from", "2026-03-01", "--to", "2026-03-01", "--database", dir.File("x.db")});
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_NE(report.err.find("--from must be before --to"), std::string::npos) << report.err;
}

TEST(Cli, SettingsShowValuesAndSourcesButNoSecrets) {
  TempDir dir;
  dir.Write("peakend.conf", "moments.holidays = nl\nwebhooks.secret = s3cret\n");
  auto settings = RunPeakend({"settings", "--config", dir.File("peakend.conf"), "--database",
                              "postgresql://bob:hunter2@db.example/cx"});
  ASSERT_EQ(settings.exit_code, 0) << settings.err;
  EXPECT_NE(settings.out.find("moments.holidays             = nl"), std::string::npos) << settings.out;
  EXPECT_NE(settings.out.find("[file]"), std::string::npos);
  EXPECT_NE(settings.out.find("postgresql://bob:***@db.example/cx"), std::string::npos);
  EXPECT_EQ(settings.out.find("hunter2"), std::string::npos);
  EXPECT_EQ(settings.out.find("s3cret"), std::string::npos);
  EXPECT_NE(settings.out.find("PEAKEND_MOMENTS_CONFIG"), std::string::npos);
  dir.Write("bad.conf", "moments.holiday = nl\n");
  auto bad = RunPeakend({"settings", "--config", dir.File("bad.conf")});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("moments.holiday"), std::string::npos) << bad.err;
}

// A UK Google Forms export (day-first) from 1 March on, whose first 40 rows have no day above
// 12, and without a response id: every row is stored on its own day, the mapping says which row
// decided the order, and importing the same file again, or a grown one, adds only new rows.
TEST(ImportCommand, GoogleFormsWithoutIdsAndDayFirstDates) {
  TempDir dir;
  std::string db = dir.File("uk.db");
  auto export_of = [](int rows) {
    std::string csv = "Timestamp,Email address,How likely are you to recommend us to a friend?,What is the main reason?\n";
    for (int i = 0; i < rows; ++i) {
      int hours = 9 + i * 4;
      char line[160];
      std::snprintf(line, sizeof line, "%02d/03/2024 %02d:00:00,p%d@example.co.uk,%d,Reason %d\n", 1 + hours / 24,
                    hours % 24, i, i % 11, i);
      csv += line;
    }
    return csv;
  };
  dir.Write("uk.csv", export_of(120));
  auto first = RunPeakend({"import", "responses", dir.File("uk.csv"), "--from", "auto", "--time-zone", "UTC",
                           "--database", db, "--quiet", "--moments", "off"});
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("120 rows read: 120 stored, 0 already present, 0 rejected"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("Dates: read day-first (01/03/2026 is 1 March): line 72 has '13/03/2024"), std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("each row gets one made from its content"), std::string::npos) << first.out;
  auto listed = RunPeakend({"export", "responses", "--format", "ndjson", "--database", db});
  EXPECT_NE(listed.out.find("\"submitted_at\":\"2024-03-02T01:00:00Z\""), std::string::npos);
  EXPECT_EQ(listed.out.find("\"submitted_at\":\"2024-02-"), std::string::npos);  // 02/03 is not 3 February
  auto again = RunPeakend({"import", "responses", dir.File("uk.csv"), "--from", "auto", "--time-zone", "UTC",
                           "--database", db, "--quiet", "--moments", "off"});
  EXPECT_NE(again.out.find("0 stored, 120 already present"), std::string::npos) << again.out;
  dir.Write("uk_grown.csv", export_of(125));
  auto grown = RunPeakend({"import", "responses", dir.File("uk_grown.csv"), "--from", "auto", "--time-zone", "UTC",
                           "--database", db, "--quiet", "--moments", "off"});
  EXPECT_NE(grown.out.find("5 stored, 120 already present"), std::string::npos) << grown.out;
  // Peakend's own columns without external_id: the same.
  dir.Write("own.csv", "nps,comment,submitted_at\n9,Top,2024-03-01T10:00:00Z\n9,Top,2024-03-01T10:00:00Z\n");
  auto own = RunPeakend({"import", "responses", dir.File("own.csv"), "--database", db, "--quiet"});
  EXPECT_NE(own.out.find("2 stored"), std::string::npos) << own.out;  // two customers' alike answers
  EXPECT_NE(own.out.find("made from its content"), std::string::npos) << own.out;
  auto own_again = RunPeakend({"import", "responses", dir.File("own.csv"), "--database", db, "--quiet"});
  EXPECT_NE(own_again.out.find("0 stored, 2 already present"), std::string::npos) << own_again.out;
}

// Without a time column the import warns and says how to map one, and does not open cases for
// responses whose only time is the import's.
TEST(ImportCommand, RowsWithoutATimeAreNotTakenForRecentOnes) {
  TempDir dir;
  std::string db = dir.File("notime.db");
  dir.Write("nodate.csv", "external_id,customer,nps,comment\nA1,K1,0,Slecht geholpen door de winkel\nA2,K2,10,Top\n");
  auto imported = RunPeakend({"import", "responses", dir.File("nodate.csv"), "--database", db, "--quiet"});
  EXPECT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.err.find("2 responses were stored as submitted now"), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find("--map \"Column=submitted_at\""), std::string::npos) << imported.err;
  EXPECT_NE(imported.out.find("2 responses without a time of their own were not looked at"), std::string::npos)
      << imported.out;
  EXPECT_EQ(imported.out.find("cases opened"), std::string::npos) << imported.out;
  auto listed = RunPeakend({"cases", "list", "--database", db});
  EXPECT_EQ(listed.out.find("customer K1"), std::string::npos) << listed.out;
}

// The report file quotes the value of a date error, says a date that does not exist does not,
// and names the file's column that --map gave a field.
TEST(ImportCommand, TheReportNamesTheFilesColumnAndValue) {
  TempDir dir;
  std::string db = dir.File("report.db");
  dir.Write("mapped.csv", "Ref,Score,Datum,Winkel\nX1,8,2024-02-30 10:22:13,W1\nX2,8,2024-03-01 10:00:00,W9\n");
  auto imported = RunPeakend({"import", "responses", dir.File("mapped.csv"), "--database", db, "--map", "Ref=external_id",
                              "--map", "Score=nps", "--map", "Datum=submitted_at", "--map", "Winkel=location", "--report",
                              dir.File("rejected.csv"), "--quiet"});
  EXPECT_EQ(imported.exit_code, 2) << imported.out << imported.err;
  std::ifstream report(dir.File("rejected.csv"));
  std::string text((std::istreambuf_iterator<char>(report)), {});
  EXPECT_NE(text.find(",2,Datum,2024-02-30 10:22:13,"), std::string::npos) << text;
  EXPECT_NE(text.find("does not exist: February 2024 has 29 days"), std::string::npos) << text;
  EXPECT_NE(text.find(",3,Winkel,"), std::string::npos) << text;
  EXPECT_EQ(text.find(",location,"), std::string::npos) << text;
}

}  // namespace
}  // namespace peakend::e2e

namespace peakend::e2e {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(ExportCommand, RoundTripsLosslesslyThroughImport) {
  TempDir dir;
  dir.Write("export.csv", kDutchExport);
  std::string first_db = dir.File("first.db"), second_db = dir.File("second.db");
  RunPeakend({"import", "responses", dir.File("export.csv"), "--database", first_db, "--quiet"});
  for (const char* format : {"csv", "ndjson"}) {
    SCOPED_TRACE(format);
    std::string out1 = dir.File(std::string("out1.") + format), out2 = dir.File(std::string("out2.") + format);
    auto exported = RunPeakend({"export", "responses", "--format", format, "-o", out1, "--database", first_db});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    // A5, a comment without scores, goes round too.
    EXPECT_NE(exported.out.find("Exported 4 responses"), std::string::npos) << exported.out;
    std::string db = dir.File(std::string("second-") + format + ".db");
    auto imported = RunPeakend({"import", "responses", out1, "--database", db, "--quiet"});
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    ASSERT_EQ(RunPeakend({"export", "responses", "--format", format, "-o", out2, "--database", db}).exit_code, 0);
    EXPECT_EQ(ReadFile(out1), ReadFile(out2));  // every field and attribute survived
  }
  std::string csv = ReadFile(dir.File("out1.csv"));
  EXPECT_NE(csv.find("attr:Regio"), std::string::npos);
  EXPECT_NE(csv.find("\"Snel geholpen;\r\nSanne was top\""), std::string::npos);
  auto xlsx = RunPeakend({"export", "responses", "--format", "xlsx", "-o", dir.File("out.xlsx"), "--database", first_db});
  EXPECT_EQ(xlsx.exit_code, 0) << xlsx.err;
  EXPECT_EQ(ReadFile(dir.File("out.xlsx")).substr(0, 2), "PK");
  auto to_stdout = RunPeakend({"export", "responses", "--format", "xlsx", "--database", first_db});
  EXPECT_NE(to_stdout.exit_code, 0);
  auto cases = RunPeakend({"export", "cases", "--format", "csv", "--database", first_db});
  EXPECT_EQ(cases.exit_code, 0) << cases.err;
  EXPECT_NE(cases.out.find("id,rule,priority,state"), std::string::npos) << cases.out;
}

TEST(ImportCommand, SurveyExportsWithDryRunAndSavedMapping) {
  TempDir dir;
  std::string db = dir.File("survey.db");
  std::string qualtrics = std::string(PEAKEND_TEST_DATA_DIR) + "/formats/qualtrics.csv";
  auto dry = RunPeakend({"import", "responses", qualtrics, "--from", "auto", "--dry-run", "--save-mapping",
                         dir.File("mapping.json"), "--database", db});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Format: qualtrics"), std::string::npos);
  EXPECT_NE(dry.out.find("2 would be imported, 1 rejected"), std::string::npos) << dry.out;
  auto real = RunPeakend({"import", "responses", qualtrics, "--mapping", dir.File("mapping.json"), "--database", db});
  EXPECT_EQ(real.exit_code, 2);  // the row answering 11 is rejected
  EXPECT_NE(real.out.find("2 stored"), std::string::npos) << real.out;
  auto again = RunPeakend({"import", "responses", qualtrics, "--from", "qualtrics", "--database", db, "--quiet"});
  EXPECT_NE(again.out.find("0 stored, 2 already present"), std::string::npos) << again.out;
  auto unknown = RunPeakend({"import", "responses", std::string(PEAKEND_TEST_DATA_DIR) + "/formats/unknown.csv",
                             "--from", "auto", "--database", db});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("--from generic"), std::string::npos) << unknown.err;
}

// A LimeSurvey export's times are the server's local time: read in the organisation's time
// zone (the time_zone setting), or the one --time-zone names, and saved with the mapping.
TEST(ImportCommand, LocalTimesOfAnExportAreReadInTheOrganisationsTimeZone) {
  TempDir dir;
  std::string db = dir.File("zones.db");
  std::string lime = std::string(PEAKEND_TEST_DATA_DIR) + "/formats/limesurvey.csv";
  dir.Write("peakend.conf", "time_zone = America/New_York\n");
  auto imported = RunPeakend({"import", "responses", lime, "--from", "auto", "--config", dir.File("peakend.conf"),
                              "--save-mapping", dir.File("m.json"), "--database", db, "--quiet"});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("read in America/New_York, the organisation's time zone"), std::string::npos)
      << imported.out;
  auto listed = RunPeakend({"export", "responses", "--format", "ndjson", "--database", db});
  EXPECT_NE(listed.out.find("\"submitted_at\":\"2024-02-10T17:00:00Z\""), std::string::npos) << listed.out;  // 12:00 EST
  std::ifstream saved(dir.File("m.json"));
  EXPECT_EQ(json::parse(saved).value("time_zone", ""), "America/New_York");

  auto dry = RunPeakend({"import", "responses", lime, "--time-zone", "Asia/Tokyo", "--dry-run", "--database", db});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("timestamps in Asia/Tokyo"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("2024-02-10T03:00:00Z"), std::string::npos) << dry.out;  // 12:00 in Tokyo
  auto bad = RunPeakend({"import", "responses", lime, "--time-zone", "Amsterdam", "--database", db});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("time zone 'Amsterdam' is not known"), std::string::npos) << bad.err;
  dir.Write("bad.conf", "time_zone = Europe/Utrecht\n");
  auto bad_setting = RunPeakend({"import", "responses", lime, "--config", dir.File("bad.conf"), "--database", db});
  EXPECT_EQ(bad_setting.exit_code, 1);
  EXPECT_NE(bad_setting.err.find("time zone 'Europe/Utrecht' is not known; use an IANA time zone name"), std::string::npos)
      << bad_setting.err;
  auto interactions = RunPeakend({"import", "interactions", lime, "--time-zone", "UTC", "--database", db});
  EXPECT_EQ(interactions.exit_code, 1);
  EXPECT_NE(interactions.err.find("--time-zone"), std::string::npos) << interactions.err;
}

TEST(ImportCommand, SurveyPreviewsTestsAndSpamStayOut) {
  TempDir dir;
  std::string db = dir.File("previews.db");
  std::string file = std::string(PEAKEND_TEST_DATA_DIR) + "/formats/qualtrics_previews.csv";
  auto dry = RunPeakend({"import", "responses", file, "--from", "auto", "--dry-run", "--database", db});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("2 would be imported, 0 rejected"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("1 marked as spam, 1 survey previews, 1 survey tests"), std::string::npos) << dry.out;
  auto real = RunPeakend({"import", "responses", file, "--from", "auto", "--database", db});
  EXPECT_EQ(real.exit_code, 0) << real.err;
  EXPECT_NE(real.out.find("5 rows read: 2 stored"), std::string::npos) << real.out;
  EXPECT_NE(real.out.find("Left out, as the export marks them as no customer's answer"), std::string::npos) << real.out;
}

// Without --from the import reads a file as the dry run does: another tool's export as that
// tool's (its labels and local times), Peakend's own columns as they are.
TEST(ImportCommand, WithoutFromAnExportIsReadAsItsTool) {
  TempDir dir;
  std::string db = dir.File("detected.db");
  std::string file = std::string(PEAKEND_TEST_DATA_DIR) + "/formats/qualtrics_previews.csv";
  auto dry = RunPeakend({"import", "responses", file, "--dry-run", "--database", db});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("2 would be imported"), std::string::npos) << dry.out;
  auto real = RunPeakend({"import", "responses", file, "--database", db});
  EXPECT_EQ(real.exit_code, 0) << real.out << real.err;
  EXPECT_NE(real.out.find("Format: qualtrics (detected"), std::string::npos) << real.out;
  EXPECT_NE(real.out.find("5 rows read: 2 stored"), std::string::npos) << real.out;
  // A spreadsheet of its own columns that no tool wrote: read by Peakend's column names.
  dir.Write("own.csv", "Klantnummer,Score,Opmerking\nK1,9,Prima\n");
  auto own = RunPeakend({"import", "responses", dir.File("own.csv"), "--map", "Score=nps", "--database", db});
  EXPECT_EQ(own.exit_code, 0) << own.out << own.err;
  EXPECT_NE(own.out.find("1 rows read: 1 stored"), std::string::npos) << own.out;
  auto own_dry = RunPeakend({"import", "responses", dir.File("own.csv"), "--map", "Score=nps", "--dry-run", "--database", db});
  EXPECT_EQ(own_dry.exit_code, 0) << own_dry.out << own_dry.err;
  EXPECT_NE(own_dry.out.find("1 would be imported"), std::string::npos) << own_dry.out;
}

TEST(ImportCommand, FormsThatNumberTheirResponsesStayApartWithAnIdPrefix) {
  TempDir dir;
  std::string db = dir.File("forms.db");
  // Two Microsoft Forms exports: both number their responses 1, 2, ...
  std::string form = std::string(PEAKEND_TEST_DATA_DIR) + "/formats/microsoft_forms.csv";
  auto plain = RunPeakend({"import", "responses", form, "--from", "auto", "--dry-run", "--database", db});
  EXPECT_NE(plain.out.find("give each its own --id-prefix"), std::string::npos) << plain.out;
  auto shop = RunPeakend({"import", "responses", form, "--id-prefix", "winkel-", "--save-mapping", dir.File("m.json"),
                          "--database", db, "--quiet"});
  auto web = RunPeakend({"import", "responses", form, "--id-prefix", "webshop-", "--database", db, "--quiet"});
  EXPECT_NE(shop.out.find("'winkel-' put before each"), std::string::npos) << shop.out;
  EXPECT_NE(web.out.find("2 stored, 0 already present"), std::string::npos) << web.out;  // none taken for the first form's
  auto again = RunPeakend({"import", "responses", form, "--mapping", dir.File("m.json"), "--database", db, "--quiet"});
  EXPECT_NE(again.out.find("0 stored"), std::string::npos) << again.out;  // the saved mapping keeps the prefix
  auto listed = RunPeakend({"export", "responses", "--format", "ndjson", "--database", db});
  EXPECT_NE(listed.out.find("\"external_id\":\"winkel-1\""), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\"external_id\":\"webshop-1\""), std::string::npos) << listed.out;
  auto bad = RunPeakend({"import", "responses", form, "--id-prefix", std::string(100, 'x'), "--database", db});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("at most 64 bytes"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace peakend::e2e

namespace peakend::e2e {
namespace {

std::string IsoDaysAgo(int days) {
  std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

TEST(ImportCommand, OpensCasesForRecentResponsesOnly) {
  TempDir dir;
  dir.Write("today.csv", "external_id,customer,nps,submitted_at\n"
                         "N1,K1,0," + IsoDaysAgo(1) + "\n"     // a recent detractor: a case
                         "N2,K2,10," + IsoDaysAgo(1) + "\n"    // a promoter: nothing
                         "N3,K3,1,2020-05-01T10:00:00Z\n");    // history: no case about 2020
  std::string db = dir.File("moments.db");
  auto imported = RunPeakend({"import", "responses", dir.File("today.csv"), "--database", db, "--quiet"});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("Looking for moments of truth in 2 recent responses"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("1 cases opened"), std::string::npos) << imported.out;
  auto listed = RunPeakend({"cases", "list", "--database", db});
  EXPECT_NE(listed.out.find("customer K1"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("customer K3"), std::string::npos) << listed.out;

  dir.Write("history.csv", "external_id,customer,nps,submitted_at\nH1,K4,0,2019-01-01T10:00:00Z\n");
  auto all = RunPeakend({"import", "responses", dir.File("history.csv"), "--database", db, "--quiet", "--moments", "all"});
  EXPECT_NE(all.out.find("1 cases opened"), std::string::npos) << all.out;
  auto one = RunPeakend({"cases", "list", "--customer", "K4", "--database", db});
  EXPECT_NE(one.out.find("customer K4"), std::string::npos) << one.out;
  EXPECT_EQ(one.out.find("customer K1"), std::string::npos) << one.out;
  auto bad = RunPeakend({"import", "responses", dir.File("history.csv"), "--database", db, "--moments", "sometimes"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("--moments"), std::string::npos) << bad.err;
}

// Moving to another store: the organisation exported as JSON is imported into a fresh store
// in one transaction, re-importing changes nothing, and a bad document stores nothing.
TEST(ImportCommand, TheOrganisationMovesToAnotherStore) {
  TempDir dir;
  dir.Write("org.json", R"({"locations":[{"external_id":"L1","name":"Utrecht","kind":"shop","city":"Utrecht"}],
    "teams":[{"external_id":"T1","name":"Team Utrecht","location":"L1"}],
    "employees":[{"external_id":"E1","first_name":"Sanne","last_name":"de Vries","email":"sanne@example.nl","team":"T1","role":"manager"}],
    "customers":[{"external_id":"C1","name":"Jan","email":"jan@example.nl","segment":"gold"}]})");
  std::string first = dir.File("first.db"), second = dir.File("second.db");
  auto imported = RunPeakend({"import", "organisation", dir.File("org.json"), "--database", first});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("Employees: 1 new"), std::string::npos) << imported.out;
  auto exported = RunPeakend({"export", "organisation", "-o", dir.File("out.json"), "--database", first});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto moved = RunPeakend({"import", "organisation", dir.File("out.json"), "--database", second});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  auto again = RunPeakend({"import", "organisation", dir.File("out.json"), "--database", second});
  EXPECT_NE(again.out.find("Customers: 0 new, 0 updated, 1 unchanged"), std::string::npos) << again.out;
  auto from_first = RunPeakend({"export", "organisation", "--database", first});
  auto from_second = RunPeakend({"export", "organisation", "--database", second});
  EXPECT_EQ(from_first.out, from_second.out);
  EXPECT_NE(from_second.out.find("sanne@example.nl"), std::string::npos) << from_second.out;
  dir.Write("bad.json", R"({"locations":[{"external_id":"L9","name":"Zwolle"}],
    "employees":[{"external_id":"E9","first_name":"Piet","team":"nope"}]})");
  auto bad = RunPeakend({"import", "organisation", dir.File("bad.json"), "--database", second});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("nope"), std::string::npos) << bad.err;
  auto after = RunPeakend({"export", "organisation", "--database", second});
  EXPECT_EQ(after.out.find("L9"), std::string::npos) << "nothing of a refused document is stored";
}

// A store made by survey imports has customers and locations but no teams or employees, and a
// new one has nothing at all: their exports hold empty lists, which move like any other.
TEST(ImportCommand, AnOrganisationWithEmptyListsMovesToAnotherStore) {
  TempDir dir;
  dir.Write("locations.json", R"({"locations":[{"external_id":"L1","name":"Utrecht","kind":"shop"}]})");
  dir.Write("responses.csv", "external_id,customer,location,nps,submitted_at\nR1,K1,L1,9,2026-03-01T10:00:00Z\n");
  std::string surveyed = dir.File("surveyed.db"), moved = dir.File("moved.db");
  ASSERT_EQ(RunPeakend({"import", "organisation", dir.File("locations.json"), "--database", surveyed}).exit_code, 0);
  auto responses = RunPeakend({"import", "responses", dir.File("responses.csv"), "--database", surveyed, "--quiet"});
  ASSERT_EQ(responses.exit_code, 0) << responses.out << responses.err;
  auto exported = RunPeakend({"export", "organisation", "-o", dir.File("org.json"), "--database", surveyed});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto imported = RunPeakend({"import", "organisation", dir.File("org.json"), "--database", moved});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("Employees: 0 new, 0 updated, 0 unchanged"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("Customers: 1 new"), std::string::npos) << imported.out;
  EXPECT_EQ(RunPeakend({"export", "organisation", "--database", moved}).out,
            RunPeakend({"export", "organisation", "--database", surveyed}).out);

  // A store with no organisation at all.
  dir.Write("nothing.json", "{}");
  std::string empty = dir.File("empty.db"), empty_moved = dir.File("empty_moved.db");
  ASSERT_EQ(RunPeakend({"import", "organisation", dir.File("nothing.json"), "--database", empty}).exit_code, 0);
  ASSERT_EQ(RunPeakend({"export", "organisation", "-o", dir.File("empty.json"), "--database", empty}).exit_code, 0);
  auto empty_import = RunPeakend({"import", "organisation", dir.File("empty.json"), "--database", empty_moved});
  EXPECT_EQ(empty_import.exit_code, 0) << empty_import.err;
  EXPECT_EQ(RunPeakend({"export", "organisation", "--database", empty_moved}).out,
            RunPeakend({"export", "organisation", "--database", empty}).out);

  // A list that is no array is still refused, naming it.
  dir.Write("odd.json", R"({"teams":"none"})");
  auto odd = RunPeakend({"import", "organisation", dir.File("odd.json"), "--database", moved});
  EXPECT_EQ(odd.exit_code, 1);
  EXPECT_NE(odd.err.find("teams: "), std::string::npos) << odd.err;
}

// A survey export whose header row ends in empty cells: the rows that leave them out are
// imported, and a cell under one of them is kept as the attribute named by its column.
TEST(ImportCommand, AnExportsColumnsWithoutAHeaderAreKept) {
  TempDir dir;
  dir.Write("export.csv", "Datum,NPS,Opmerking,,\n2024-03-01,9,goed\n2024-03-02,3,te laat,Noord\n");
  std::string db = dir.File("unnamed.db");
  auto imported = RunPeakend({"import", "responses", dir.File("export.csv"), "--from", "generic", "--database", db,
                              "--quiet", "--moments", "off"});
  EXPECT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("4.  -> attr:column 4"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("2 rows read: 2 stored"), std::string::npos) << imported.out;
  auto exported = RunPeakend({"export", "responses", "--format", "ndjson", "--database", db});
  EXPECT_NE(exported.out.find(R"("column 4":"Noord")"), std::string::npos) << exported.out;
}

// A dry run stores nothing, and leaves no database behind where there was none; one that is
// there it reads.
TEST(ImportCommand, ADryRunCreatesNoDatabase) {
  TempDir dir;
  dir.Write("export.csv", "external_id,nps,comment\nD1,9,Snel geholpen\n");
  std::string db = dir.File("new.db");
  auto dry = RunPeakend({"import", "responses", dir.File("export.csv"), "--dry-run", "--database", db});
  EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("1 would be imported"), std::string::npos) << dry.out;
  EXPECT_FALSE(std::filesystem::exists(db)) << "a dry run created " << db;

  ASSERT_EQ(RunPeakend({"import", "responses", dir.File("export.csv"), "--database", db, "--quiet"}).exit_code, 0);
  auto again = RunPeakend({"import", "responses", dir.File("export.csv"), "--dry-run", "--database", db});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("1 would be imported"), std::string::npos) << again.out;
}

// A workbook saved as it is, or a PDF, fails the import once with what it is and how to get CSV
// from it, not with an error per "row" about UTF-8 and field counts.
TEST(ImportCommand, AWorkbookOrAPdfIsNamedOnce) {
  TempDir dir;
  dir.Write("export.csv", "external_id,nps,comment\nW1,9,Snel geholpen\n");
  std::string db = dir.File("binary.db");
  ASSERT_EQ(RunPeakend({"import", "responses", dir.File("export.csv"), "--database", db, "--quiet"}).exit_code, 0);
  ASSERT_EQ(RunPeakend({"export", "responses", "--format", "xlsx", "-o", dir.File("export.xlsx"), "--database", db})
                .exit_code,
            0);
  dir.Write("report.pdf", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
  for (const auto& [file, says] : {std::pair{"export.xlsx", "is an Excel workbook (.xlsx), not a CSV file: open it in "
                                                           "Excel and save it as \"CSV UTF-8 (comma delimited)\""},
                                   std::pair{"report.pdf", "is a PDF document"}}) {
    for (const char* from : {"", "auto"}) {
      std::vector<std::string> args = {"import", "responses", dir.File(file), "--database", db, "--quiet"};
      if (*from) args.insert(args.end(), {"--from", from});
      auto imported = RunPeakend(args);
      EXPECT_EQ(imported.exit_code, 1) << file << " " << from;
      EXPECT_EQ(imported.err.rfind("error: '" + dir.File(file) + "' " + says, 0), 0u) << imported.err;
      EXPECT_EQ(std::count(imported.err.begin(), imported.err.end(), '\n'), 1) << imported.err;
    }
  }
}

// A row not stored because its id was used before with other answers is no success: exit 2. When
// the ids are long numbers Excel wrote in scientific notation, the import says that is why.
TEST(ImportCommand, RowsNotStoredForAnIdUsedWithOtherAnswersExitWith2) {
  TempDir dir;
  dir.Write("excel.csv", "Response ID;NPS;Opmerking\n1,14227E+11;9;Top\n1,14227E+11;3;Te laat\n1,14228E+11;7;Prima\n");
  std::string db = dir.File("conflicts.db");
  auto excel = RunPeakend({"import", "responses", dir.File("excel.csv"), "--database", db, "--quiet"});
  EXPECT_EQ(excel.exit_code, 2) << excel.out << excel.err;
  EXPECT_NE(excel.out.find("3 rows read: 2 stored, 1 already present, 0 rejected"), std::string::npos) << excel.out;
  EXPECT_NE(excel.out.find("1 of the rows already present differ"), std::string::npos) << excel.out;
  EXPECT_NE(excel.out.find("Hint: Excel turned the ids into scientific notation ('1,14227E+11'"), std::string::npos)
      << excel.out;

  // An id already stored, sent with other answers: not stored either, and no word of Excel.
  dir.Write("first.csv", "external_id,nps\nA1,9\n");
  dir.Write("changed.csv", "external_id,nps\nA1,4\n");
  auto first = RunPeakend({"import", "responses", dir.File("first.csv"), "--database", db, "--quiet"});
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;
  // A second later, so that the import's time, standing in for the rows' own, is another.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto same = RunPeakend({"import", "responses", dir.File("first.csv"), "--database", db, "--quiet"});
  EXPECT_EQ(same.exit_code, 0) << "the same rows again are no conflict: " << same.out;
  auto changed = RunPeakend({"import", "responses", dir.File("changed.csv"), "--database", db, "--quiet"});
  EXPECT_EQ(changed.exit_code, 2) << changed.out << changed.err;
  EXPECT_NE(changed.out.find("line 2: other nps"), std::string::npos) << changed.out;
  EXPECT_EQ(changed.out.find("scientific notation"), std::string::npos) << changed.out;
}

// Slash dates the file leaves open (no day above 12, in time order either way) are read as the
// tool's habit; --date-order settles them without editing a saved mapping, over what the mapping
// says, and is saved with it.
TEST(ImportCommand, DateOrderSettlesAmbiguousSlashDates) {
  TempDir dir;
  dir.Write("forms.csv", "Timestamp,Email Address,How likely is it that you would recommend us to a friend?\n"
                         "01/03/2024 10:15:22,anna@example.com,9\n02/03/2024 11:00:00,piet@example.nl,4\n");
  std::string db = dir.File("dates.db");
  std::vector<std::string> dry_run = {"import", "responses", dir.File("forms.csv"), "--dry-run", "--time-zone", "UTC",
                                      "--database", db};
  auto guessed = RunPeakend(dry_run);
  ASSERT_EQ(guessed.exit_code, 0) << guessed.out << guessed.err;
  EXPECT_NE(guessed.out.find("Dates: read month-first"), std::string::npos) << guessed.out;
  EXPECT_NE(guessed.out.find("\"submitted_at\":\"2024-01-03T10:15:22Z\""), std::string::npos) << guessed.out;

  dry_run.insert(dry_run.end(), {"--date-order", "day-first", "--save-mapping", dir.File("forms.json")});
  auto settled = RunPeakend(dry_run);
  ASSERT_EQ(settled.exit_code, 0) << settled.out << settled.err;
  EXPECT_NE(settled.out.find("Dates: read day-first (01/03/2026 is 1 March): given with --date-order."),
            std::string::npos)
      << settled.out;
  EXPECT_NE(settled.out.find("\"submitted_at\":\"2024-03-01T10:15:22Z\""), std::string::npos) << settled.out;
  std::ifstream saved(dir.File("forms.json"));
  EXPECT_EQ(nlohmann::json::parse(saved)["date_order"], "day-first");

  // Over a saved mapping too.
  auto imported = RunPeakend({"import", "responses", dir.File("forms.csv"), "--mapping", dir.File("forms.json"),
                              "--date-order", "month-first", "--database", db, "--quiet", "--moments", "off"});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  auto listed = RunPeakend({"export", "responses", "--format", "ndjson", "--database", db});
  EXPECT_NE(listed.out.find("\"submitted_at\":\"2024-02-03T11:00:00Z\""), std::string::npos) << listed.out;

  auto wrong = RunPeakend({"import", "responses", dir.File("forms.csv"), "--date-order", "year-first", "--database", db});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("--date-order"), std::string::npos) << wrong.err;
}

}  // namespace
}  // namespace peakend::e2e
