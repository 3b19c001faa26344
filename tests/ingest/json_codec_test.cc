#include "ingest/json_codec.h"

#include <gtest/gtest.h>

namespace peakend::ingest {
namespace {

TEST(DecodeResponses, ObjectArrayAndNdjson) {
  auto one = DecodeResponses(R"({"external_id":"R1","nps":9,"comment":"top","submitted_at":"2026-03-01T10:15:00Z"})");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].answers.nps, 9);
  EXPECT_EQ((*one)[0].submitted_at, 1772360100);
  EXPECT_EQ((*one)[0].channel, ResponseChannel::kApi);
  auto array = DecodeResponses(R"([{"csat":5},{"ces":2,"answers":{"emotion":4},"attributes":{"order_value":"129.95"}}])");
  ASSERT_TRUE(array.ok());
  EXPECT_EQ((*array)[1].answers.emotion, 4);
  EXPECT_EQ((*array)[1].attributes[0].second, "129.95");
  auto nd = DecodeResponses("{\"nps\":1}\n\n{\"nps\":2}\r\n", "application/x-ndjson");
  ASSERT_TRUE(nd.ok());
  EXPECT_EQ(nd->size(), 2u);
  // NDJSON is also recognised without its content type.
  auto sniffed = DecodeResponses("{\"nps\":1}\n{\"nps\":2}\n");
  ASSERT_TRUE(sniffed.ok()) << sniffed.status().ToString();
  EXPECT_EQ(sniffed->size(), 2u);
}

// A byte order mark before the first record (Windows tools, .NET clients) is not a record.
TEST(DecodeResponses, AByteOrderMarkIsSkipped) {
  const std::string bom = "\xEF\xBB\xBF";
  auto one = DecodeResponses(bom + R"({"nps":9})", "application/json; charset=utf-8");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->size(), 1u);
  auto sniffed = DecodeResponses(bom + "{\"nps\":1}\n{\"nps\":2}\n", "application/json");
  ASSERT_TRUE(sniffed.ok()) << sniffed.status().ToString();
  EXPECT_EQ(sniffed->size(), 2u);
  auto nd = DecodeResponses(bom + "{\"nps\":1}\n{\"nps\":2,\"nps\":3}\n", "application/x-ndjson");
  ASSERT_FALSE(nd.ok());
  EXPECT_EQ(nd.status().field(), "nps");
}

TEST(DecodeResponses, ErrorsCarryTheJsonPath) {
  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c : {Case{R"({"nps":"ten"})", "nps"}, Case{R"({"nps":true})", "nps"}, Case{R"({"nps":7.5})", "nps"},
                        Case{R"({"nps":12})", "nps"}, Case{R"([{"nps":1},{"csat":9}])", "[1].csat"},
                        Case{R"({"answers":{"loyalty":3}})", "answers.loyalty"}, Case{R"({"npss":3})", "npss"},
                        Case{R"({"nps":3,"language":"français"})", "language"}, Case{R"({"nps":3,"comment":42})", "comment"},
                        Case{R"({"nps":3,"submitted_at":"soon"})", "submitted_at"}, Case{"[]", "body"},
                        Case{"{\"nps\":1}\n{oops}\n", "[1]"}, Case{R"({"nps":)", "body"}, Case{"42", ""}}) {
    auto r = DecodeResponses(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().field(), c.field) << c.body << " -> " << r.status().ToString();
    EXPECT_FALSE(r.status().message().empty());
  }
}

// A text sent in Windows-1252 ("café" as 63 61 66 E9) is named by its field and record, in a
// message without the parser's internals.
TEST(DecodeResponses, TextThatIsNotUtf8IsNamedByItsField) {
  struct Case {
    std::string body;
    std::string content_type;
    std::string field;
  };
  for (const Case& c : {Case{"{\"nps\":5,\"comment\":\"caf\xe9 was vies\"}", "application/json", "comment"},
                        Case{"[{\"nps\":5},{\"nps\":3,\"comment\":\"te laat \x80 5\"}]", "application/json", "[1].comment"},
                        Case{"{\"nps\":5,\"answers\":{\"vraag\":\"\xff\"}}", "application/json", "answers.vraag"},
                        Case{"{\"nps\":1}\n{\"nps\":2}\n{\"nps\":3,\"comment\":\"didn\x92t\"}\n", "application/x-ndjson",
                             "[2].comment"},
                        Case{"{\"nps\":5,\"comm\xe9nt\":\"x\"}", "application/json", "body"}}) {
    auto r = DecodeResponses(c.body, c.content_type);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
    EXPECT_NE(r.status().message().find("not valid UTF-8"), std::string::npos) << r.status().ToString();
    EXPECT_EQ(r.status().message().find("json.exception"), std::string::npos) << r.status().ToString();
  }
}

// JSON has one number type: 9.0 and 1e1 are whole numbers, as "9.0" is in a CSV file, and
// numbers beyond 64 bits are refused rather than wrapped round.
TEST(DecodeResponses, NumbersAreReadAsTheValuesTheyWrite) {
  auto whole = DecodeResponses(R"({"nps":9.0,"csat":4e0,"answers":{"ces":1e1,"emotion":-0}})");
  ASSERT_FALSE(whole.ok());  // ces 10 is outside 1..7
  EXPECT_EQ(whole.status().field(), "answers.ces");
  EXPECT_NE(whole.status().message().find("is outside the ces scale"), std::string::npos) << whole.status().message();
  auto floats = DecodeResponses(R"({"nps":9.0,"csat":4e0,"answers":{"ces":7.0}})");
  ASSERT_TRUE(floats.ok()) << floats.status().ToString();
  EXPECT_EQ((*floats)[0].answers.nps, 9);
  EXPECT_EQ((*floats)[0].answers.csat, 4);
  EXPECT_EQ((*floats)[0].answers.ces, 7);
  auto half = DecodeResponses(R"({"nps":9.5})");
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.status().message().find("'9.5' is not a whole number"), std::string::npos) << half.status().message();
  auto huge = DecodeResponses(R"({"nps":18446744073709551615})");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().find("18446744073709551615"), std::string::npos) << huge.status().message();
  auto id = DecodeResponses(R"({"external_id":18446744073709551615,"customer":-7,"nps":8})");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ((*id)[0].external_id, "18446744073709551615");
  EXPECT_EQ((*id)[0].customer_ref, "-7");
}

// A key given twice in one object leaves it to the parser which value counts; the client is
// told instead, with the key named.
TEST(DecodeResponses, AKeyTwiceInOneObjectIsRefused) {
  for (const char* body : {R"({"nps":1,"nps":10})", R"([{"nps":3},{"csat":4,"comment":"a","comment":"b"}])",
                           R"({"nps":5,"attributes":{"Regio":"Noord","Regio":"Zuid"}})",
                           R"({"nps":5,"answers":{"csat":2,"csat":5}})"}) {
    auto r = DecodeResponses(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_NE(r.status().message().find("twice"), std::string::npos) << r.status().message();
  }
  auto nd = DecodeResponses("{\"nps\":1}\n{\"nps\":2,\"nps\":3}\n", "application/x-ndjson");
  ASSERT_FALSE(nd.ok());
  EXPECT_EQ(nd.status().field(), "nps");
  EXPECT_FALSE(DecodeInteractions(R"({"type":"order","type":"return","occurred_at":"2026-03-01"})").ok());
  // The same key in different objects, and key-like text inside strings, are fine.
  auto fine = DecodeResponses(R"([{"nps":1,"comment":"\"nps\": 2"},{"nps":3,"attributes":{"nps":"x"}}])");
  ASSERT_TRUE(fine.ok()) << fine.status().ToString();
  EXPECT_EQ(fine->size(), 2u);
}

TEST(DecodeInteractions, TypeIsRequiredAndChecked) {
  auto ok = DecodeInteractions(R"({"external_id":"I1","type":"delivery","occurred_at":"2026-03-01"})");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)[0].type, InteractionType::kDelivery);
  EXPECT_EQ(DecodeInteractions(R"({"external_id":"I1","occurred_at":"2026-03-01"})").status().field(), "type");
  EXPECT_EQ(DecodeInteractions(R"({"type":"delivery"})").status().field(), "occurred_at");
  EXPECT_EQ(DecodeInteractions(R"({"type":"teleport","occurred_at":"2026-03-01"})").status().field(), "type");
}

TEST(ToJson, RoundTripsThroughDecode) {
  Response r;
  r.external_id = "R9";
  r.location_ref = "shop-1";
  r.answers.nps = 8;
  r.answers.ces = 6;
  r.comment = "Prima \"service\", snel";
  r.language = "nl";
  r.submitted_at = 1772360100;
  r.channel = ResponseChannel::kKiosk;
  r.attributes = {{"kassa", "3"}};
  auto j = ToJson(r);
  EXPECT_EQ(j["answers"]["nps"], 8);
  EXPECT_EQ(j["submitted_at"], "2026-03-01T10:15:00Z");
  // What the API answers can be posted back as it is, minus server fields.
  nlohmann::json in = {{"external_id", j["external_id"]}, {"location", j["location"]}, {"answers", j["answers"]},
                       {"comment", j["comment"]},         {"language", j["language"]}, {"submitted_at", j["submitted_at"]},
                       {"channel", j["channel"]},         {"attributes", j["attributes"]}};
  auto back = DecodeResponses(in.dump());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  const Response& b = (*back)[0];
  EXPECT_EQ(b.external_id, r.external_id);
  EXPECT_EQ(b.answers.nps, r.answers.nps);
  EXPECT_EQ(b.answers.ces, r.answers.ces);
  EXPECT_EQ(b.comment, r.comment);
  EXPECT_EQ(b.submitted_at, r.submitted_at);
  EXPECT_EQ(b.channel, r.channel);
  EXPECT_EQ(b.attributes, r.attributes);
}

}  // namespace
}  // namespace peakend::ingest
