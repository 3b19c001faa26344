// The cases export on both stores, byte for byte: several cases whose histories and gestures
// were written interleaved come out each with its own, in the order they happened.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../store/store_fixture.h"
#include "ingest/exporter.h"
#include "store/case_store.h"

namespace peakend {
namespace {

using CaseExportTest = testing::StoreTest;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Three cases: the first and the second take turns in their histories and gestures, the third
// has its opening alone and no gesture.
void WriteCases(Store& store) {
  WriteRequest org = testing::OrgRecords();
  Employee manager;
  manager.external_id = "E2";
  manager.first_name = "Ruud";
  org.employees.push_back(manager);
  Response r = testing::MakeResponse("R1", 1, "shop-1");
  r.customer_ref = "C1";
  org.responses = {r};
  auto applied = store.Apply({&org});
  ASSERT_TRUE(applied.ok() && (*applied)[0].status.ok());
  CaseStore& cases = store.cases();
  std::vector<Id> ids;
  for (int i = 0; i < 3; ++i) {
    CaseRecord c;
    c.rule = i == 1 ? "fall" : "very_bad_experience";
    c.priority = 1 + i;
    c.reason = "NPS " + std::to_string(i + 1) + ", \"te laat\"";
    c.suggested_actions = {"Call today", "Send flowers"};
    c.journey_id = "J" + std::to_string(i + 1);
    c.created_at = 1772360100 + i * 60;
    c.due_at = c.created_at + 86400;
    auto id = cases.CreateCase(c, "opened by rule " + c.rule);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  Timestamp at = 1772363700;
  ASSERT_TRUE(cases.Claim(ids[0], "E1", at += 60).ok());
  ASSERT_TRUE(cases.Claim(ids[1], "E2", at += 60).ok());
  ASSERT_TRUE(cases.AddNote(ids[0], "E1", "voicemail; trying again at 14:00", at += 60).ok());
  ASSERT_TRUE(cases.SpendGesture({ids[1], "E2", "flowers", 3500, at += 60, ""}, 10000).ok());
  ASSERT_TRUE(cases.SpendGesture({ids[0], "E1", "handwritten_card", 500, at += 60, ""}, 10000).ok());
  ASSERT_TRUE(cases.Transition(ids[1], CaseState::kContacted, "E2", "Gebeld", at += 60).ok());
  ASSERT_TRUE(cases.SpendGesture({ids[1], "E1", "voucher", 1500, at += 60, ""}, 10000).ok());
  ASSERT_TRUE(cases.Transition(ids[0], CaseState::kContacted, "E1", "", at += 60).ok());
  ASSERT_TRUE(cases.Transition(ids[1], CaseState::kResolved, "E2", "replaced", at += 60).ok());
}

// The export of WriteCases's cases, byte for byte, the same on both stores.
const std::vector<std::string> kCsvLines = {
    R"x(id,rule,priority,state,customer,journey_id,assignee,team,created_at,due_at,contacted_at,closed_at,close_reason,escalated,reason,suggested_actions,gestures,gesture_count,gesture_cost_cents,gesture_budgets,history_events,last_action,last_action_at,last_action_by)x",
    R"x(1,very_bad_experience,1,contacted,,J1,E1,,2026-03-01T10:15:00Z,2026-03-02T10:15:00Z,2026-03-01T11:23:00Z,,,no,"NPS 1, ""te laat""",Call today | Send flowers,handwritten_card,1,500,E1,5,transition to contacted,2026-03-01T11:23:00Z,E1)x",
    R"x(2,fall,2,resolved,,J2,E2,,2026-03-01T10:16:00Z,2026-03-02T10:16:00Z,2026-03-01T11:21:00Z,2026-03-01T11:24:00Z,replaced,no,"NPS 2, ""te laat""",Call today | Send flowers,flowers | voucher,2,5000,E2 | E1,6,transition to resolved,2026-03-01T11:24:00Z,E2)x",
    R"x(3,very_bad_experience,3,new,,J3,,,2026-03-01T10:17:00Z,2026-03-02T10:17:00Z,,,,no,"NPS 3, ""te laat""",Call today | Send flowers,,0,0,,1,created to new,2026-03-01T10:17:00Z,peakend)x"};
const std::vector<std::string> kNdjsonLines = {
    R"x({"assignee":"E1","close_reason":"","closed_at":"","contacted_at":"2026-03-01T11:23:00Z","created_at":"2026-03-01T10:15:00Z","customer":"","due_at":"2026-03-02T10:15:00Z","escalated":false,"gestures":[{"at":"2026-03-01T11:20:00Z","cost_cents":500,"employee":"E1","gesture":"handwritten_card","month":"2026-03"}],"history":[{"action":"created","actor":"peakend","at":"2026-03-01T10:15:00Z","from":"","note":"opened by rule very_bad_experience","to":"new"},{"action":"claimed","actor":"E1","at":"2026-03-01T11:16:00Z","from":"new","note":"","to":"in_progress"},{"action":"note","actor":"E1","at":"2026-03-01T11:18:00Z","from":"","note":"voicemail; trying again at 14:00","to":""},{"action":"gesture","actor":"E1","at":"2026-03-01T11:20:00Z","from":"","note":"handwritten_card (500 cents)","to":""},{"action":"transition","actor":"E1","at":"2026-03-01T11:23:00Z","from":"in_progress","note":"","to":"contacted"}],"id":1,"journey_id":"J1","priority":1,"reason":"NPS 1, \"te laat\"","rule":"very_bad_experience","state":"contacted","suggested_actions":["Call today","Send flowers"],"team":""})x",
    R"x({"assignee":"E2","close_reason":"replaced","closed_at":"2026-03-01T11:24:00Z","contacted_at":"2026-03-01T11:21:00Z","created_at":"2026-03-01T10:16:00Z","customer":"","due_at":"2026-03-02T10:16:00Z","escalated":false,"gestures":[{"at":"2026-03-01T11:19:00Z","cost_cents":3500,"employee":"E2","gesture":"flowers","month":"2026-03"},{"at":"2026-03-01T11:22:00Z","cost_cents":1500,"employee":"E1","gesture":"voucher","month":"2026-03"}],"history":[{"action":"created","actor":"peakend","at":"2026-03-01T10:16:00Z","from":"","note":"opened by rule fall","to":"new"},{"action":"claimed","actor":"E2","at":"2026-03-01T11:17:00Z","from":"new","note":"","to":"in_progress"},{"action":"gesture","actor":"E2","at":"2026-03-01T11:19:00Z","from":"","note":"flowers (3500 cents)","to":""},{"action":"transition","actor":"E2","at":"2026-03-01T11:21:00Z","from":"in_progress","note":"Gebeld","to":"contacted"},{"action":"gesture","actor":"E1","at":"2026-03-01T11:22:00Z","from":"","note":"voucher (1500 cents)","to":""},{"action":"transition","actor":"E2","at":"2026-03-01T11:24:00Z","from":"contacted","note":"replaced","to":"resolved"}],"id":2,"journey_id":"J2","priority":2,"reason":"NPS 2, \"te laat\"","rule":"fall","state":"resolved","suggested_actions":["Call today","Send flowers"],"team":""})x",
    R"x({"assignee":"","close_reason":"","closed_at":"","contacted_at":"","created_at":"2026-03-01T10:17:00Z","customer":"","due_at":"2026-03-02T10:17:00Z","escalated":false,"gestures":[],"history":[{"action":"created","actor":"peakend","at":"2026-03-01T10:17:00Z","from":"","note":"opened by rule very_bad_experience","to":"new"}],"id":3,"journey_id":"J3","priority":3,"reason":"NPS 3, \"te laat\"","rule":"very_bad_experience","state":"new","suggested_actions":["Call today","Send flowers"],"team":""})x"};

std::string Joined(const std::vector<std::string>& lines, const std::string& end) {
  std::string out;
  for (const auto& line : lines) out += line + end;
  return out;
}

std::string Export(Store& store, ingest::ExportFormat format, const std::string& name) {
  std::string path = ::testing::TempDir() + "/" + name;
  auto exported = ingest::ExportCases(store, CaseFilter{}, format, path, ingest::CsvStyle{});
  EXPECT_TRUE(exported.ok()) << exported.status().ToString();
  EXPECT_EQ(exported.ok() ? exported->records : 0, 3u);
  std::string text = ReadFile(path);
  std::filesystem::remove(path);
  return text;
}

TEST_P(CaseExportTest, EachCaseComesWithItsOwnHistoryAndGestures) {
  WriteCases(*store_);
  if (HasFatalFailure()) return;
  std::string csv = Export(*store_, ingest::ExportFormat::kCsv, "cases-" + GetParam() + ".csv");
  std::string ndjson = Export(*store_, ingest::ExportFormat::kNdjson, "cases-" + GetParam() + ".ndjson");
  EXPECT_EQ(csv, Joined(kCsvLines, "\r\n"));
  EXPECT_EQ(ndjson, Joined(kNdjsonLines, "\n"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseExportTest, ::testing::Values("sqlite", "postgresql"), testing::BackendName);

}  // namespace
}  // namespace peakend
