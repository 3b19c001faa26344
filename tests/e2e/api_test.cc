// End to end: the real `peakend serve` on a temporary SQLite database, driven over real HTTP.
#include <httplib.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>
#include <unistd.h>

#include "peakend_process.h"
#include "test_database.h"

namespace peakend::e2e {
namespace {

using nlohmann::json;

// Every API test runs against both stores: an embedded SQLite file and a PostgreSQL server
// (a fresh schema in the database named by PEAKEND_TEST_POSTGRES_URL).
class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_.Create(GetParam(), dir_);
    if (!database_.ready()) return;
    const std::string& database = database_.url();
    server_ = std::make_unique<ServerProcess>(database, std::vector<std::string>{"--max-body-bytes", "65536"});
    ASSERT_TRUE(server_->running()) << server_->startup_output();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(30, 0);
  }

  json Post(const std::string& path, const std::string& body, int expected_status,
            const std::string& content_type = "application/json") {
    auto res = client_->Post(path.c_str(), body, content_type.c_str());
    EXPECT_TRUE(res) << "no answer from POST " << path;
    if (!res) return nullptr;
    EXPECT_EQ(res->status, expected_status) << path << " -> " << res->body;
    auto j = json::parse(res->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << res->body;
    return j;
  }

  json Get(const std::string& path, int expected_status = 200) {
    auto res = client_->Get(path.c_str());
    EXPECT_TRUE(res) << "no answer from GET " << path;
    if (!res) return nullptr;
    EXPECT_EQ(res->status, expected_status) << path << " -> " << res->body;
    return json::parse(res->body, nullptr, false);
  }

  void CreateOrganisation() {
    Post("/api/v1/locations",
         R"([{"external_id":"shop-utrecht","name":"Utrecht","kind":"shop","city":"Utrecht"},
             {"external_id":"webshop","name":"Webshop","kind":"webshop"}])", 201);
    Post("/api/v1/teams", R"({"external_id":"team-u","name":"Team Utrecht","location":"shop-utrecht"})", 201);
    Post("/api/v1/employees",
         R"([{"external_id":"E1","first_name":"Sanne","last_name":"de Vries","team":"team-u","location":"shop-utrecht"},
             {"external_id":"E2","first_name":"Ahmed","last_name":"Bakker","team":"team-u","location":"shop-utrecht","role":"manager"}])",
         201);
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
  }

  TempDir dir_;
  TestDatabase database_;  // declared before server_: the server stops before its schema is dropped
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_P(ApiTest, IngestIsIdempotentAndScoresMatchHandComputedValues) {
  CreateOrganisation();
  // NDJSON batch of interactions forming one journey.
  std::string ndjson =
      R"({"external_id":"I1","type":"order","occurred_at":"2026-03-01T10:00:00Z","customer":"C1","location":"webshop","journey_id":"J1"})"
      "\n"
      R"({"external_id":"I2","type":"delivery","occurred_at":"2026-03-03T10:00:00Z","customer":"C1","location":"webshop","journey_id":"J1"})"
      "\n"
      R"({"external_id":"I3","type":"shop_visit","occurred_at":"2026-03-05T10:00:00Z","customer":"C2","location":"shop-utrecht","employee":"E1"})"
      "\n";
  auto created = Post("/api/v1/interactions", ndjson, 201, "application/x-ndjson");
  EXPECT_EQ(created["created"], 3);

  // Five NPS answers: 10, 9 (promoters), 7 (passive), 3, 0 (detractors) -> NPS = 40% - 40% = 0.
  std::string responses = R"([
    {"external_id":"R1","interaction":"I1","nps":10,"submitted_at":"2026-03-01T12:00:00Z"},
    {"external_id":"R2","interaction":"I2","nps":3,"csat":2,"submitted_at":"2026-03-03T12:00:00Z","comment":"Pakket kwam te laat"},
    {"external_id":"R3","interaction":"I3","nps":9,"csat":5,"submitted_at":"2026-03-05T12:00:00Z","comment":"Sanne hielp me geweldig!"},
    {"external_id":"R4","location":"shop-utrecht","nps":7,"csat":4,"submitted_at":"2026-03-06T12:00:00Z"},
    {"external_id":"R5","location":"shop-utrecht","nps":0,"submitted_at":"2026-03-07T12:00:00Z"}
  ])";
  auto first = Post("/api/v1/responses", responses, 201);
  EXPECT_EQ(first["created"], 5);
  EXPECT_EQ(first["duplicates"], 0);
  auto replay = Post("/api/v1/responses", responses, 200);
  EXPECT_EQ(replay["created"], 0);
  EXPECT_EQ(replay["duplicates"], 5);
  EXPECT_EQ(replay["items"][2]["id"], first["items"][2]["id"]);

  // The response inherits location and employee from its interaction.
  auto r3 = Get("/api/v1/responses?external_id=R3");
  ASSERT_EQ(r3["items"].size(), 1u);
  EXPECT_EQ(r3["items"][0]["location"], "shop-utrecht");
  EXPECT_EQ(r3["items"][0]["employee"], "E1");

  auto overall = Get("/api/v1/scores");
  ASSERT_EQ(overall["rows"].size(), 1u);
  const auto& nps = overall["rows"][0]["nps"];
  EXPECT_EQ(nps["n"], 5);
  EXPECT_DOUBLE_EQ(nps["value"].get<double>(), 0.0);
  // Adjusted Wald (2 promoters, 2 detractors of 5): n' = 8, p' = d' = 2.75/8 = .34375;
  // Var' = .6875; moe = 1.96 * sqrt(.6875/8) * 100 = 57.46
  EXPECT_NEAR(nps["margin_of_error"].get<double>(), 57.5, 0.05);
  EXPECT_EQ(nps["low_confidence"], true);
  // CSAT top-2 box: 5 and 4 of {2, 5, 4} -> 66.7%.
  EXPECT_NEAR(overall["rows"][0]["csat"]["top2_percent"].get<double>(), 66.7, 0.05);

  auto by_location = Get("/api/v1/scores?group=location&period=month");
  ASSERT_EQ(by_location["rows"].size(), 2u);
  for (const auto& row : by_location["rows"]) {
    EXPECT_EQ(row["period"], "2026-03");
    if (row["group_name"] == "Webshop") {
      EXPECT_DOUBLE_EQ(row["nps"]["value"].get<double>(), 0.0);  // 10 and 3
    } else {
      EXPECT_EQ(row["group_name"], "Utrecht");
      EXPECT_NEAR(row["nps"]["value"].get<double>(), 0.0, 1e-9);  // 9, 7, 0
    }
  }

  // The journey J1: order rated +1.0, delivery rated (3-5)/5 = -0.4 and CSAT (2-3)/2 = -0.5 -> -0.45.
  auto journeys = Get("/api/v1/journeys?journey=J1");
  ASSERT_EQ(journeys["items"].size(), 1u);
  const auto& pe = journeys["items"][0]["peak_end"];
  EXPECT_NEAR(pe["peak"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(pe["end"].get<double>(), -0.45, 1e-9);
  EXPECT_NEAR(pe["remembered"].get<double>(), 0.275, 1e-9);
}

TEST_P(ApiTest, CursorPaginationVisitsEveryResponseOnce) {
  CreateOrganisation();
  json batch = json::array();
  for (int i = 0; i < 25; ++i) {
    batch.push_back({{"external_id", fmt::format("P{}", i)}, {"location", "webshop"}, {"csat", 1 + i % 5},
                     {"submitted_at", "2026-04-01T00:00:00Z"}});
  }
  Post("/api/v1/responses", batch.dump(), 201);
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = Get("/api/v1/responses?limit=10" + (cursor.empty() ? "" : "&after=" + cursor));
    for (const auto& item : page["items"]) EXPECT_TRUE(seen.insert(item["external_id"]).second);
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(pages, 3);
}

// "?customer=" is a client whose template had nothing to put there; read as no filter it
// would answer for every record (every journey, built into one answer). Refused, as a
// parameter left out is where one is required, and journeys come in pages.
TEST_P(ApiTest, EmptyQueryValuesAreRefusedAndJourneysComeInPages) {
  CreateOrganisation();
  Post("/api/v1/interactions",
       R"([{"external_id":"I1","type":"order","occurred_at":"2026-03-01T10:00:00Z","customer":"C1","journey_id":"J1"},
           {"external_id":"I2","type":"order","occurred_at":"2026-03-02T10:00:00Z","customer":"C2","journey_id":"J2"}])",
       201);
  for (const std::string param : {"customer", "journey"}) {
    EXPECT_EQ(Get("/api/v1/journeys?" + param + "=", 400)["field"], param);
  }
  EXPECT_EQ(Get("/api/v1/journeys?customer=C1&after=", 400)["field"], "after");
  for (const std::string path : {"/api/v1/responses?customer=", "/api/v1/responses?location=&limit=5",
                                 "/api/v1/interactions?journey=", "/api/v1/customers?external_id=",
                                 "/api/v1/scores?team=", "/api/v1/text/aspects?period=", "/api/v1/responses?aspect=",
                                 "/api/v1/cases?assignee=", "/api/v1/cases?sort=", "/api/v1/cases?overdue="}) {
    auto refused = Get(path, 400);
    EXPECT_NE(refused["detail"].get<std::string>().find("is empty"), std::string::npos) << path << refused.dump();
  }
  auto c1 = Get("/api/v1/journeys?customer=C1");
  ASSERT_EQ(c1["items"].size(), 1u);
  EXPECT_EQ(c1["items"][0]["journey_id"], "J1");
  EXPECT_TRUE(c1["next_cursor"].is_null());
  EXPECT_EQ(Get("/api/v1/journeys?journey=J2&after=J1")["items"].size(), 1u);
  EXPECT_EQ(Get("/api/v1/journeys?journey=J1&after=J1")["items"].size(), 0u);
}

// A reference names a record by external id, and a response or interaction naming a customer
// creates them: "C1 " would be a second customer beside C1 that POST /customers refuses to
// reach. References pass the checks of the records' own ids.
TEST_P(ApiTest, ReferencesPassTheChecksOfExternalIds) {
  CreateOrganisation();
  const std::string long_id(300, 'c');
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"external_id":"IX1","type":"order","occurred_at":"2026-11-01T10:00:00Z","customer":"C\n1"})", "customer"},
           {R"({"external_id":"IX2","type":"order","occurred_at":"2026-11-01T10:00:00Z","customer":" C1"})", "customer"},
           {R"({"external_id":"IX3","type":"order","occurred_at":"2026-11-01T10:00:00Z","journey_id":"J\u0007"})",
            "journey_id"},
           {R"({"external_id":"IX4","type":"order","occurred_at":"2026-11-01T10:00:00Z","employee":"E1 "})", "employee"}}) {
    EXPECT_EQ(Post("/api/v1/interactions", body, 400)["field"], field) << body;
  }
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"external_id":"RC1","customer":"C1\t","nps":5})", "customer"},
           {R"({"external_id":"RC2","journey_id":"J1 ","nps":5})", "journey_id"},
           {R"({"external_id":"RC3","location":"\twebshop","nps":5})", "location"},
           {R"({"external_id":"RC4","interaction":"I1\r","nps":5})", "interaction"},
           {R"({"external_id":"RC5","customer":")" + long_id + R"(","nps":5})", "customer"},
           {R"([{"external_id":"RC6","nps":5},{"external_id":"RC7","customer":"C1 ","nps":5}])", "[1].customer"}}) {
    auto refused = Post("/api/v1/responses", body, 400);
    EXPECT_EQ(refused["field"], field) << body << refused.dump();
  }
  EXPECT_EQ(Post("/api/v1/teams", R"({"external_id":"T9","name":"T","location":"webshop "})", 400)["field"], "location");
  EXPECT_EQ(Post("/api/v1/employees", R"({"external_id":"E9","first_name":"A","team":"team-u\n"})", 400)["field"],
            "team");
  EXPECT_EQ(Post("/api/v1/cases/1/claim", R"({"employee":" E1"})", 400)["field"], "employee");
  // Nothing was stored, and no customer was made.
  EXPECT_EQ(Get("/api/v1/customers")["items"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/responses")["items"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/interactions")["items"].size(), 0u);
}

// A client that retries after a timeout sends the same body again: a time it never sent is no
// difference from the stored response, while a time it did send and that differs still is.
TEST_P(ApiTest, AResendWithoutSubmittedAtDoesNotDifferInIt) {
  Post("/api/v1/responses", R"({"external_id":"IDEM1","nps":3,"comment":"ok"})", 201);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the time of receipt moves on
  auto resent = Post("/api/v1/responses", R"({"external_id":"IDEM1","nps":3,"comment":"ok"})", 200);
  EXPECT_FALSE(resent["items"][0].contains("differs_from_stored")) << resent.dump();
  EXPECT_FALSE(resent.contains("warning")) << resent.dump();
  auto timed = Post("/api/v1/responses",
                    R"({"external_id":"IDEM1","nps":3,"comment":"ok","submitted_at":"2026-01-01T00:00:00Z"})", 200);
  EXPECT_EQ(timed["items"][0]["differs_from_stored"], json::array({"submitted_at"})) << timed.dump();
  // And the other way round: stored with a time, resent without one.
  Post("/api/v1/responses", R"({"external_id":"IDEM2","nps":3,"submitted_at":"2026-01-01T00:00:00Z"})", 201);
  auto untimed = Post("/api/v1/responses", R"({"external_id":"IDEM2","nps":3})", 200);
  EXPECT_FALSE(untimed["items"][0].contains("differs_from_stored")) << untimed.dump();
}

TEST_P(ApiTest, BadInputGetsAClearErrorAndStoresNothing) {
  CreateOrganisation();
  Post("/api/v1/responses", R"({"external_id":"OK1","location":"webshop","nps":8})", 201);

  struct Case {
    std::string body;
    int status;
    std::string field;
  };
  std::vector<Case> cases = {
      {R"({"external_id":"X1","nps":11})", 400, "nps"},
      {R"({"external_id":"X2","nps":"ten"})", 400, "nps"},
      {R"({"external_id":"X3","nps":7.5})", 400, "nps"},
      {R"({"external_id":"X4","ces":0})", 400, "ces"},
      {R"({"external_id":"X4b","nps":1e999})", 400, "body"},  // a number no double holds
      {R"({"external_id":"X5"})", 400, ""},
      {R"({"external_id":"X6","nsp":7})", 400, "nsp"},
      {R"({"external_id":"X7","nps":7,"location":"shop-nowhere"})", 422, "location"},
      {R"([{"external_id":"X8","nps":7},{"external_id":"X9","nps":99}])", 400, "[1].nps"},
      {R"({"external_id":"X10","nps":7,)", 400, ""},
      // A NUL character is refused on both stores (PostgreSQL would cut the text off at it).
      {R"({"external_id":"X11","nps":7,"comment":"a\u0000b"})", 400, "comment"},
      {R"({"external_id":"X12\u0000x","nps":7})", 400, "external_id"},
      {R"({"external_id":"X13","nps":7,"customer":"C\u0000"})", 400, "customer"},
      {R"({"external_id":"X14","nps":7,"attributes":{"Regio":"No\u0000ord"}})", 400, "attributes.Regio"},
      {"", 400, ""},
  };
  for (const auto& c : cases) {
    auto err = Post("/api/v1/responses", c.body, c.status);
    ASSERT_TRUE(err.is_object()) << c.body;
    EXPECT_TRUE(err.contains("error") && err.contains("detail") && err.contains("field")) << err.dump();
    EXPECT_FALSE(err["detail"].get<std::string>().empty());
    if (!c.field.empty()) {
      EXPECT_EQ(err["field"], c.field) << c.body << " -> " << err.dump();
    }
  }
  // A body over the configured limit (64 KiB here) is refused with 413.
  std::string huge = R"({"external_id":"BIG","nps":5,"comment":")" + std::string(70000, 'a') + "\"}";
  auto too_big = Post("/api/v1/responses", huge, 413);
  EXPECT_EQ(too_big["error"], "resource_exhausted");
  // Also when it arrives in chunks, without a Content-Length to refuse it by.
  auto chunked = client_->Post(
      "/api/v1/responses",
      [&](std::size_t offset, httplib::DataSink& sink) {
        sink.write(huge.data() + offset, huge.size() - offset);
        sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 413) << chunked->body;

  // A body labelled and encoded as ISO-8859-1 (Java's default for text) is named as such.
  auto latin1 = Post("/api/v1/responses", "{\"external_id\":\"L1\",\"nps\":7,\"comment\":\"caf\xe9\"}", 415,
                     "application/json; charset=ISO-8859-1");
  EXPECT_NE(latin1["detail"].get<std::string>().find("UTF-8"), std::string::npos) << latin1.dump();

  // Nothing of the rejected requests was stored; the earlier response is intact.
  auto all = Get("/api/v1/responses?limit=100");
  ASSERT_EQ(all["items"].size(), 1u);
  EXPECT_EQ(all["items"][0]["external_id"], "OK1");
  EXPECT_EQ(all["items"][0]["answers"]["nps"], 8);

  EXPECT_EQ(Post("/api/v1/locations", R"({"external_id":"nul","name":"Ut\u0000recht","kind":"shop"})", 400)["field"],
            "name");
  // A sync that sends nothing is a client's mistake (the file `export organisation` writes may hold
  // an empty list, which `import organisation` passes over).
  EXPECT_EQ(Post("/api/v1/employees", "[]", 400)["field"], "body");
  EXPECT_EQ(Post("/api/v1/interactions", R"({"external_id":"I\u0000","type":"order","occurred_at":"2026-03-01"})", 400)
                ["field"],
            "external_id");

  // Query mistakes are named too.
  EXPECT_EQ(Get("/api/v1/responses?loction=x", 400)["field"], "loction");
  EXPECT_EQ(Get("/api/v1/responses?limit=0", 400)["field"], "limit");
  EXPECT_EQ(Get("/api/v1/scores?group=planet", 400)["field"], "group");
  EXPECT_EQ(Get("/api/v1/responses?location=shop-nowhere", 404)["field"], "location");
  EXPECT_EQ(Get("/api/v1/responses/999999", 404)["error"], "not_found");
  EXPECT_EQ(Get("/api/v1/nothing-here", 404)["error"], "not_found");
  // Query text that is not UTF-8 (or holds a NUL) is the client's mistake on every store, not a
  // database error.
  EXPECT_EQ(Get("/api/v1/responses?customer=%FF", 400)["field"], "customer");
  EXPECT_EQ(Get("/api/v1/responses?attr.Regio=No%C3", 400)["field"], "attr.Regio");
  EXPECT_EQ(Get("/api/v1/cases?team=%00", 400)["field"], "team");
  EXPECT_EQ(Get("/api/v1/scores?location=%E9", 400)["error"], "invalid_argument");
}

// A respondent often skips the scores but writes a comment: the response is stored and its
// comment read like any other, and it counts in no score's n. White space alone is no comment.
TEST_P(ApiTest, ACommentWithoutScoresIsReadButNotScored) {
  CreateOrganisation();
  Post("/api/v1/responses",
       R"([{"external_id":"S1","location":"webshop","nps":9,"csat":5,"ces":6,"submitted_at":"2026-03-01T10:00:00Z"},
           {"external_id":"C1","location":"webshop","submitted_at":"2026-03-02T10:00:00Z",
            "comment":"De bezorging was veel te laat en de verpakking was kapot"}])",
       201);
  auto blank = Post("/api/v1/responses", R"({"external_id":"C2","comment":" \n "})", 400);
  EXPECT_NE(blank["detail"].get<std::string>().find("no answer"), std::string::npos) << blank.dump();
  EXPECT_NE(blank["detail"].get<std::string>().find("no comment"), std::string::npos) << blank.dump();

  auto scores = Get("/api/v1/scores?period=all");
  ASSERT_EQ(scores["rows"].size(), 1u) << scores.dump();
  const auto& all = scores["rows"][0];
  EXPECT_EQ(all["nps"]["n"], 1) << all.dump();
  EXPECT_EQ(all["csat"]["n"], 1) << all.dump();
  EXPECT_EQ(all["ces"]["n"], 1) << all.dump();
  EXPECT_DOUBLE_EQ(all["nps"]["value"].get<double>(), 100);

  auto c1 = Get("/api/v1/responses?external_id=C1")["items"][0];
  EXPECT_TRUE(c1["answers"]["nps"].is_null()) << c1.dump();
  EXPECT_LT(c1["sentiment"].get<double>(), 0) << c1.dump();
  auto aspects = Get("/api/v1/text/aspects?period=month");
  EXPECT_NE(aspects.dump().find("\"delivery\""), std::string::npos) << aspects.dump();
}

// Browsers send a form's body, text/plain or an unlabelled body to any site without asking it
// first, so a body is read only when labelled as JSON: otherwise any web page could write here.
// `curl -d` labels its body as a form, and is refused with a message saying what to send.
TEST_P(ApiTest, BodiesNotLabelledAsJsonAreRefusedAndStoreNothing) {
  for (const std::string type : {"application/x-www-form-urlencoded", "text/plain", "text/plain; charset=ISO-8859-1",
                                 "application/xml"}) {
    auto refused = Post("/api/v1/responses", R"({"external_id":"F1","nps":9})", 415, type);
    EXPECT_EQ(refused["error"], "unsupported_media_type") << type;
    EXPECT_EQ(refused["field"], "Content-Type") << type;
    EXPECT_NE(refused["detail"].get<std::string>().find("application/x-ndjson"), std::string::npos) << refused.dump();
    EXPECT_EQ(Post("/api/v1/locations", R"({"external_id":"L1","name":"L"})", 415, type)["field"], "Content-Type");
  }
  // Organisation records and case actions take JSON only; responses and interactions also NDJSON.
  auto ndjson = Post("/api/v1/teams", R"({"external_id":"T1","name":"T"})", 415, "application/x-ndjson");
  EXPECT_EQ(ndjson["detail"].get<std::string>().find("application/jsonl"), std::string::npos) << ndjson.dump();
  EXPECT_EQ(Post("/api/v1/cases/1/claim", R"({"employee":"E1"})", 415, "text/plain")["field"], "Content-Type");
  EXPECT_EQ(Get("/api/v1/responses")["items"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/locations")["items"].size(), 0u);
  // JSON's own labels, with or without a charset, in any case.
  Post("/api/v1/responses", R"({"external_id":"F2","nps":7,"comment":"prijs&moments=kwaliteit"})", 201,
       "Application/JSON; charset=UTF-8");
  EXPECT_EQ(Get("/api/v1/responses?external_id=F2")["items"][0]["comment"], "prijs&moments=kwaliteit");
  Post("/api/v1/responses", "{\"external_id\":\"F3\",\"nps\":8}\n{\"external_id\":\"F4\",\"nps\":8}\n", 201,
       "application/jsonl");
  Post("/api/v1/responses", "\x1e{\"external_id\":\"F5\",\"nps\":8}\n", 201, "application/json-seq");
  EXPECT_EQ(Get("/api/v1/responses")["items"].size(), 4u);
}

// Clients that try a method the path does not serve, ask with OPTIONS first, or end the path
// with a slash get an answer that names what the path serves.
TEST_P(ApiTest, MethodsAndPathsAreAnsweredAsHttpClientsExpect) {
  auto send = [&](const std::string& method, const std::string& path, const std::string& body = "") {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    if (!body.empty()) req.set_header("Content-Type", "application/json");
    auto res = client_->send(req);
    EXPECT_TRUE(res) << method << " " << path;
    return res;
  };
  auto preflight = send("OPTIONS", "/api/v1/responses");
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Allow"), "GET, HEAD, OPTIONS, POST");
  EXPECT_EQ(send("OPTIONS", "/api/v1/nothing-here")->status, 404);
  for (auto [method, path, allow] : {std::tuple{"DELETE", "/api/v1/responses/1", "GET, HEAD, OPTIONS"},
                                     std::tuple{"POST", "/api/v1/health", "GET, HEAD, OPTIONS"},
                                     std::tuple{"GET", "/api/v1/cases/1/claim", "OPTIONS, POST"},
                                     std::tuple{"PUT", "/api/v1/locations", "GET, HEAD, OPTIONS, POST"},
                                     std::tuple{"TRACE", "/api/v1/health", "GET, HEAD, OPTIONS"}}) {
    auto res = send(method, path, method == std::string("GET") ? "" : R"({"external_id":"L1","name":"L"})");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405) << method << " " << path << " -> " << res->body;
    EXPECT_EQ(res->get_header_value("Allow"), allow) << method << " " << path;
    auto err = json::parse(res->body, nullptr, false);
    EXPECT_EQ(err["error"], "method_not_allowed") << res->body;
  }
  // The refused write stored nothing, and the connection still serves the next request.
  EXPECT_EQ(Get("/api/v1/locations")["items"].size(), 0u);
  // A trailing slash names the same resource.
  Post("/api/v1/locations/", R"({"external_id":"L2","name":"L"})", 201);
  EXPECT_EQ(Get("/api/v1/locations/")["items"].size(), 1u);
  EXPECT_EQ(Get("/api/v1/responses/?limit=5")["items"].size(), 0u);
}

// Compressed bodies: gzip and deflate are read; any other coding is refused with 415 rather
// than read as JSON and answered with a parse error about its first byte.
TEST_P(ApiTest, ContentEncodingIsDecodedOrRefusedClearly) {
  auto post = [&](const std::string& encoding, const std::string& body) {
    httplib::Headers headers = {{"Content-Encoding", encoding}};
    auto res = client_->Post("/api/v1/locations", headers, body, "application/json");
    EXPECT_TRUE(res) << encoding;
    return res;
  };
  // {"external_id":"Z1","name":"Z"} compressed by gzip.
  const std::string gzip(
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\x4a\xad\x28\x49\x2d\xca\x4b\xcc\x89\xcf\x4c\x51"
      "\xb2\x52\x8a\x32\x54\xd2\x51\xca\x4b\xcc\x4d\x05\xb1\x95\x6a\x01\x42\x2a\xb7\xb1\x1f\x00\x00\x00",
      48);
  auto created = post("gzip", gzip);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  for (const std::string encoding : {"br", "GZIP", "x-gzip", "compress"}) {
    auto res = post(encoding, encoding == "br" ? std::string("\x0b\x02\x80{}\x03") : gzip);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 415) << encoding << " -> " << res->body;
    EXPECT_NE(res->body.find("gzip or deflate"), std::string::npos) << res->body;
  }
  auto corrupt = post("gzip", R"({"external_id":"Z2","name":"Z"})");
  ASSERT_TRUE(corrupt);
  EXPECT_EQ(corrupt->status, 400) << corrupt->body;
  EXPECT_NE(corrupt->body.find("Content-Encoding 'gzip'"), std::string::npos) << corrupt->body;
  EXPECT_EQ(Get("/api/v1/locations")["items"].size(), 1u);
}

// `peakend cases transition` says the state the case is in after the move, and refuses a move
// back: a contacted case does not go "back to in_progress" while saying it did.
TEST_P(ApiTest, CasesTransitionOnTheCommandLineSaysTheRealState) {
  CreateOrganisation();
  auto opened = Post("/api/v1/responses?moments=wait",
                     R"({"external_id":"T1","nps":0,"location":"shop-utrecht","customer":"C1","comment":"Nooit meer."})", 201);
  ASSERT_EQ(opened["cases"].size(), 1u) << opened.dump();
  std::string id = std::to_string(opened["cases"][0]["case_id"].get<long long>());
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"cases"});
    args.insert(args.end(), {"--database", database_.url()});
    return RunPeakend(args);
  };
  auto taken = run({"transition", id, "in_progress", "--by", "E1"});
  EXPECT_EQ(taken.exit_code, 0) << taken.err;
  EXPECT_NE(taken.out.find("is now in_progress"), std::string::npos) << taken.out;
  auto contacted = run({"transition", id, "contacted", "--by", "E1"});
  EXPECT_NE(contacted.out.find("is now contacted"), std::string::npos) << contacted.out << contacted.err;
  auto back = run({"transition", id, "in_progress", "--by", "E1"});
  EXPECT_NE(back.exit_code, 0) << back.out;
  EXPECT_NE(back.err.find("cannot go from contacted to in_progress"), std::string::npos) << back.err;
  EXPECT_EQ(Get("/api/v1/cases/" + id)["state"], "contacted");
  auto unknown_team = run({"list", "--team", "nope"});
  EXPECT_NE(unknown_team.exit_code, 0);
  EXPECT_NE(unknown_team.err.find("there is no team 'nope'"), std::string::npos) << unknown_team.err;
  auto listed = run({"list", "--assignee", "E1"});
  EXPECT_NE(listed.out.find("1 case(s)"), std::string::npos) << listed.out << listed.err;
}

// An id in the path is a whole number or nothing: "1abc" or " 1" must not address record 1.
TEST_P(ApiTest, PathIdsMustBeWholeNumbers) {
  CreateOrganisation();
  Post("/api/v1/responses", R"({"external_id":"P1","nps":2,"location":"webshop","customer":"C1"})", 201);
  auto stored = Get("/api/v1/responses?external_id=P1")["items"][0];
  std::string id = std::to_string(stored["id"].get<long long>());
  EXPECT_EQ(Get("/api/v1/responses/" + id)["external_id"], "P1");
  for (const std::string& bad : {id + "abc", id + ".0", "%20" + id, "0x" + id, "+" + id}) {
    auto err = Get("/api/v1/responses/" + bad, 400);
    EXPECT_EQ(err["field"], "id") << bad << " -> " << err.dump();
  }
  auto opened = Post("/api/v1/responses?moments=wait",
                     R"({"external_id":"P2","nps":0,"location":"webshop","customer":"C2","comment":"Nooit meer."})", 201);
  ASSERT_EQ(opened["cases"].size(), 1u) << opened.dump();
  std::string case_id = std::to_string(opened["cases"][0]["case_id"].get<long long>());
  for (std::string action : {"claim", "transition", "notes", "gestures"}) {
    auto err = Post("/api/v1/cases/" + case_id + "abc/" + action, R"({"employee":"E1","by":"E1"})", 400);
    EXPECT_EQ(err["field"], "id") << action << " -> " << err.dump();
  }
  auto untouched = Get("/api/v1/cases/" + case_id);
  EXPECT_TRUE(untouched["assignee"].is_null()) << untouched.dump();
  EXPECT_EQ(untouched["history"].size(), 1u) << untouched.dump();
}

// Case requests name what is wrong instead of storing a note nobody wrote, a note of megabytes,
// or reading "?overdue=yes" as "not only overdue cases".
TEST_P(ApiTest, CaseRequestsNameWhatIsWrong) {
  CreateOrganisation();
  auto opened = Post("/api/v1/responses?moments=wait",
                     R"({"external_id":"Q1","nps":0,"location":"webshop","customer":"C1","comment":"Nooit meer."})", 201);
  ASSERT_EQ(opened["cases"].size(), 1u) << opened.dump();
  std::string notes = "/api/v1/cases/" + std::to_string(opened["cases"][0]["case_id"].get<long long>()) + "/notes";
  EXPECT_EQ(Post(notes, R"({"note":"teruggebeld"})", 400)["field"], "by");
  EXPECT_EQ(Post(notes, R"({"by":"","note":"teruggebeld"})", 400)["field"], "by");
  EXPECT_EQ(Post(notes, R"({"by":"E1","note":")" + std::string(30000, 'n') + "\"}", 400)["field"], "note");
  Post(notes, R"({"by":"E1","note":"teruggebeld"})", 201);
  std::string transition = notes.substr(0, notes.size() - 5) + "transition";
  EXPECT_EQ(Post(transition, R"({"to":"in_progress","by":"E1","note":")" + std::string(30000, 'n') + "\"}", 400)["field"],
            "note");
  // The history names people who exist: an unknown author is an unknown reference.
  auto unknown = Post(notes, R"({"by":"nobody","note":"x"})", 422);
  EXPECT_EQ(unknown["field"], "by");
  EXPECT_EQ(unknown["error"], "unknown_reference");
  EXPECT_EQ(Post(transition, R"({"to":"contacted","by":"nobody","note":"x"})", 422)["field"], "by");
  EXPECT_EQ(Post(notes.substr(0, notes.find("/cases/") + 7) + "999999/notes", R"({"by":"E1","note":"x"})", 404)["field"], "id");
  EXPECT_EQ(Get("/api/v1/cases?overdue=yes", 400)["field"], "overdue");
  EXPECT_EQ(Get("/api/v1/cases?overdue=false")["items"].size(), 1u);
  EXPECT_EQ(Get("/api/v1/cases?overdue=true")["items"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/gestures/outliers?all=yes", 400)["field"], "all");
  EXPECT_EQ(Get("/api/v1/gestures/outliers?all=false")["items"].size(), 0u);

  // A body that is not UTF-8 names the field whose text holds the stray byte, and where it is,
  // as POST /responses does; one that is not JSON says where it breaks.
  std::string case_path = notes.substr(0, notes.size() - std::string("notes").size());
  auto latin1 = Post(notes, "{\"by\":\"E1\",\"note\":\"caf\xe9\"}", 400);
  EXPECT_EQ(latin1["field"], "note");
  EXPECT_EQ(latin1["detail"],
            "'note' is not valid UTF-8 (byte 23 of the body); send text as UTF-8: text from a Windows-1252 or Latin-1 "
            "system must be converted first");
  EXPECT_EQ(Post(case_path + "claim", "{\"employee\":\"E\xe9\"}", 400)["field"], "employee");
  EXPECT_EQ(Post(case_path + "transition", "{\"to\":\"closed\",\"by\":\"E1\",\"note\":\"te laat \xe9\"}", 400)["field"],
            "note");
  EXPECT_EQ(Post(case_path + "gestures", "{\"by\":\"E1\",\"gesture\":\"bloem\xe9n\"}", 400)["field"], "gesture");
  EXPECT_EQ(Post(notes, "{\"by\":\"E1\",\"no\xe9te\":\"x\"}", 400)["field"], "body");  // in a key: no field to name
  for (std::string action : {"claim", "transition", "notes", "gestures"}) {
    auto broken = Post(case_path + action, R"({"by":"E1","note":)", 400);
    EXPECT_EQ(broken["field"], "body") << action;
    std::string detail = broken["detail"].get<std::string>();
    EXPECT_TRUE(detail.starts_with("the body is not valid JSON: at line 1, column 19")) << action << ": " << detail;
    EXPECT_EQ(detail.find("json.exception"), std::string::npos) << detail;
  }
  EXPECT_EQ(Get(case_path.substr(0, case_path.size() - 1))["history"].size(), 2u);  // opened, and the one note
}

TEST_P(ApiTest, ADetractorWithALifeEventOpensACaseWithTheCustomersStory) {
  CreateOrganisation();
  Post("/api/v1/customers", R"({"external_id":"C7","segment":"regular","language":"nl"})", 201);
  Post("/api/v1/interactions",
       R"([{"external_id":"X1","type":"order","occurred_at":"2026-11-01T10:00:00Z","customer":"C7","location":"webshop","journey_id":"JX"},
           {"external_id":"X2","type":"return","occurred_at":"2026-11-05T10:00:00Z","customer":"C7","location":"shop-utrecht","employee":"E1","journey_id":"JX"}])",
       201);
  Post("/api/v1/responses", R"({"external_id":"Y1","interaction":"X1","nps":10,"submitted_at":"2026-11-01T12:00:00Z"})", 201);
  // History sent through the API opens no cases (more than moments.import_days, 7, ago) ...
  auto history = Post("/api/v1/responses?moments=wait",
                      R"({"external_id":"Y0","nps":0,"customer":"C8","submitted_at":"2026-01-05T12:00:00Z"})", 201);
  EXPECT_TRUE(history["cases"].empty()) << history.dump();
  EXPECT_EQ(history["moments_skipped"], 1) << history.dump();
  // ... unless it is asked to look at every response.
  auto posted = Post("/api/v1/responses?moments=wait&moments_scope=all",
                     R"({"external_id":"Y2","interaction":"X2","nps":2,"submitted_at":"2026-11-05T12:00:00Z",
                         "comment":"De vaas was voor de begrafenis van mijn vader en kwam kapot aan. Niemand hielp me."})",
                     201);
  ASSERT_EQ(posted["cases"].size(), 1u) << posted.dump();
  EXPECT_FALSE(posted.contains("moments_skipped"));
  int case_id = posted["cases"][0]["case_id"];
  EXPECT_EQ(posted["cases"][0]["rule"], "very_bad_experience");

  auto c = Get("/api/v1/cases/" + std::to_string(case_id));
  EXPECT_EQ(c["state"], "new");
  EXPECT_EQ(c["assignee"], "E1");  // the employee who served
  EXPECT_NE(c["reason"].get<std::string>().find("NPS 2"), std::string::npos);
  EXPECT_NE(c["reason"].get<std::string>().find("promoter"), std::string::npos);  // fell from 10 to 2
  ASSERT_EQ(c["story"]["timeline"].size(), 2u);
  EXPECT_EQ(c["story"]["timeline"][0]["external_id"], "X1");
  // Peak-end: order +1.0, return -0.6: peak +1.0 (largest), end -0.6 -> remembered 0.2
  EXPECT_NEAR(c["story"]["peak_end"]["remembered"].get<double>(), 0.2, 1e-9);
  bool funeral = false;
  for (const auto& fact : c["story"]["context"]) funeral = funeral || fact["name"] == "death_funeral";
  EXPECT_TRUE(funeral) << c["story"].dump();
  EXPECT_FALSE(c["suggested_actions"].empty());

  // A second bad answer in the same journey does not open a second case.
  auto again = Post("/api/v1/responses?moments=wait", R"({"external_id":"Y3","interaction":"X2","csat":1})", 201);
  EXPECT_TRUE(again["cases"].empty());
  // ... but it is linked to the open case as what the customer said afterwards.
  auto later = Get("/api/v1/cases/" + std::to_string(case_id))["story"]["later_responses"];
  ASSERT_EQ(later.size(), 1u) << later.dump();
  EXPECT_EQ(later[0]["answers"]["csat"], 1);

  auto listed = Get("/api/v1/cases?state=new&assignee=E1");
  ASSERT_EQ(listed["items"].size(), 1u);
  auto gesture = Post("/api/v1/cases/" + std::to_string(case_id) + "/gestures", R"({"by":"E1","gesture":"flowers"})", 201);
  EXPECT_EQ(gesture["remaining_cents"], 15000 - 3500);
  Post("/api/v1/cases/" + std::to_string(case_id) + "/gestures", R"({"by":"E1","gesture":"yacht"})", 400);
  Post("/api/v1/cases/" + std::to_string(case_id) + "/claim", R"({"employee":"E2"})", 200);
  Post("/api/v1/cases/" + std::to_string(case_id) + "/transition", R"({"to":"contacted","by":"E2","note":"gebeld"})", 200);
  auto resolved = Post("/api/v1/cases/" + std::to_string(case_id) + "/transition",
                       R"({"to":"resolved","by":"E2","note":"nieuwe vaas gestuurd"})", 200);
  EXPECT_EQ(resolved["state"], "resolved");
  EXPECT_EQ(resolved["history"].size(), 5u);  // created, gesture, claimed, contacted, resolved
  auto back = Post("/api/v1/cases/" + std::to_string(case_id) + "/transition", R"({"to":"new","by":"E2"})", 422);
  EXPECT_EQ(back["error"], "failed_precondition");
  EXPECT_EQ(Get("/api/v1/cases/999", 404)["error"], "not_found");
  EXPECT_EQ(Get("/api/v1/cases?state=done", 400)["field"], "state");
}

TEST_P(ApiTest, CasesAppearShortlyAfterTheResponseWithoutWaiting) {
  CreateOrganisation();
  auto posted = Post("/api/v1/responses", R"({"external_id":"Q1","customer":"C9","location":"shop-utrecht","nps":0})", 201);
  EXPECT_FALSE(posted.contains("cases"));  // detection runs after the answer, on its own thread
  json listed;
  for (int attempt = 0; attempt < 100; ++attempt) {
    listed = Get("/api/v1/cases?customer=C9");
    if (!listed["items"].empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(listed["items"].size(), 1u) << listed.dump();
  EXPECT_EQ(listed["items"][0]["rule"], "very_bad_experience");
  auto health = Get("/api/v1/health");
  EXPECT_GE(health["moments"]["looked_at"].get<int>(), 1) << health.dump();
  EXPECT_EQ(health["moments"]["failures"], 0);
  EXPECT_EQ(health["store"], GetParam());
  EXPECT_EQ(Post("/api/v1/responses?moments=later", R"({"external_id":"Q2","customer":"C9","nps":1})", 400)["field"],
            "moments");
  EXPECT_TRUE(Get("/api/v1/responses?external_id=Q2")["items"].empty());  // a bad request stores nothing
}

// An HR sync posts an employee again with another team, later with another first name: the
// stored employee changes under the same id, what they serve from then on is counted for and
// routed to the new team, and comments naming them are found by the new name.
TEST_P(ApiTest, AnEmployeePostedAgainIsMovedRenamedAndRoutedThere) {
  CreateOrganisation();
  Post("/api/v1/teams", R"({"external_id":"team-k","name":"Kassa","location":"shop-utrecht"})", 201);
  auto case_team = [&](const json& posted) -> json {
    EXPECT_EQ(posted["cases"].size(), 1u) << posted.dump();
    if (posted["cases"].size() != 1u) return nullptr;
    auto c = Get("/api/v1/cases/" + std::to_string(posted["cases"][0]["case_id"].get<long long>()));
    EXPECT_EQ(c["assignee"], "E1") << c.dump();
    return c["team"];
  };
  // Before the move: routing has read the organisation with E1 in team-u.
  EXPECT_EQ(case_team(Post("/api/v1/responses?moments=wait",
                           R"({"external_id":"M1","customer":"C1","employee":"E1","location":"shop-utrecht","nps":0,
                               "comment":"Sanne was onbeleefd."})",
                           201)),
            "team-u");
  // The record with this external id in a GET of the organisation.
  auto stored = [&](const std::string& path, const std::string& external_id) -> json {
    json listed = Get(path);
    for (const auto& item : listed["items"]) {
      if (item["external_id"] == external_id) return item;
    }
    ADD_FAILURE() << external_id << " is not in " << listed.dump();
    return json::object();
  };
  json e1 = stored("/api/v1/employees", "E1");

  const std::string move = R"({"external_id":"E1","first_name":"Sanne","team":"team-k"})";
  auto moved = Post("/api/v1/employees", move, 200);
  EXPECT_EQ(moved["created"], 0);
  EXPECT_EQ(moved["updated"], 1);
  EXPECT_EQ(moved["duplicates"], 0);
  EXPECT_EQ(moved["items"][0]["updated"], true);
  EXPECT_EQ(moved["items"][0]["id"], e1["id"]);
  auto replay = Post("/api/v1/employees", move, 200);  // the same again changes nothing
  EXPECT_EQ(replay["updated"], 0);
  EXPECT_EQ(replay["duplicates"], 1);
  EXPECT_EQ(replay["items"][0]["updated"], false);
  json e1_moved = stored("/api/v1/employees", "E1");
  EXPECT_EQ(e1_moved["id"], e1["id"]);
  EXPECT_EQ(e1_moved["team"], "team-k");
  EXPECT_EQ(e1_moved["last_name"], "de Vries");      // left out: kept
  EXPECT_EQ(e1_moved["location"], "shop-utrecht");  // left out: kept

  EXPECT_EQ(case_team(Post("/api/v1/responses?moments=wait",
                           R"({"external_id":"M2","customer":"C2","employee":"E1","location":"shop-utrecht","nps":0})",
                           201)),
            "team-k");
  auto in_kassa = Get("/api/v1/responses?team=team-k")["items"];
  ASSERT_EQ(in_kassa.size(), 1u) << in_kassa.dump();
  EXPECT_EQ(in_kassa[0]["external_id"], "M2");
  auto in_utrecht = Get("/api/v1/responses?team=team-u")["items"];
  ASSERT_EQ(in_utrecht.size(), 1u) << in_utrecht.dump();
  EXPECT_EQ(in_utrecht[0]["external_id"], "M1");  // answered before the move: stays with team-u

  EXPECT_EQ(Post("/api/v1/employees", R"({"external_id":"E1","first_name":"Suzanne"})", 200)["updated"], 1);
  Post("/api/v1/responses", R"({"external_id":"M3","location":"shop-utrecht","nps":10,"comment":"Suzanne hielp me geweldig!"})",
       201);
  bool mentioned = false;
  auto m3 = Get("/api/v1/responses?external_id=M3")["items"][0];
  for (const auto& tag : m3["tags"]) mentioned = mentioned || (tag["kind"] == "mention" && tag["name"] == "E1");
  EXPECT_TRUE(mentioned) << m3.dump();

  // A move to a team or location that does not exist is named, and changes nothing.
  EXPECT_EQ(Post("/api/v1/employees", R"({"external_id":"E1","first_name":"Suzanne","team":"team-nowhere"})", 422)["field"],
            "team");
  EXPECT_EQ(Post("/api/v1/teams", R"({"external_id":"team-k","name":"Kassa","location":"shop-nowhere"})", 422)["field"],
            "location");
  EXPECT_EQ(stored("/api/v1/employees", "E1")["team"], "team-k");
  EXPECT_EQ(stored("/api/v1/teams", "team-k")["location"], "shop-utrecht");
  // A name of white space alone is an empty form field, not a name: refused, the stored one kept.
  EXPECT_EQ(Post("/api/v1/employees", R"({"external_id":"E1","first_name":"   "})", 400)["field"], "first_name");
  EXPECT_EQ(Post("/api/v1/teams", R"({"external_id":"team-k","name":" \t"})", 400)["field"], "name");
  EXPECT_EQ(Post("/api/v1/locations", R"({"external_id":"shop-utrecht","name":" "})", 400)["field"], "name");
  EXPECT_EQ(stored("/api/v1/employees", "E1")["first_name"], "Suzanne");
}

TEST_P(ApiTest, OverviewPageShowsLocations) {
  CreateOrganisation();
  Post("/api/v1/responses", R"([{"external_id":"W1","location":"webshop","nps":10},{"external_id":"W2","location":"shop-utrecht","nps":2}])", 201);
  auto res = client_->Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("Webshop"), std::string::npos);
  EXPECT_NE(res->body.find("Utrecht"), std::string::npos);
  EXPECT_NE(res->get_header_value("Content-Type").find("text/html"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Stores, ApiTest, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::e2e
