// Parsers under hostile input: mutations of valid CSV and JSON (bytes flipped, cut, repeated,
// invalid UTF-8, nesting) must end in a value or an error Status, never a crash, a hang or an
// exception escaping the module.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/csv_reader.h"
#include "ingest/json_codec.h"

namespace peakend::ingest {
namespace {

constexpr int kMutationsPerSeed = 3000;

class Mutator {
 public:
  explicit Mutator(std::uint32_t seed) : state_(seed) {}
  std::uint32_t Next() {
    state_ = state_ * 1664525u + 1013904223u;
    return state_ >> 8;
  }
  std::string Mutate(std::string text) {
    static const std::string kAwkward[] = {"\"", ",", ";", "\n", "\r\n", "{", "}", "[", "]", ":", "\\", "\xFF",
                                           "\xC3", "\xE2\x80", "\0", "1e999", "-0", "null", "\"\"\"", "9999999999999999999"};
    int edits = 1 + static_cast<int>(Next() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = Next() % text.size();
      switch (Next() % 5) {
        case 0: text[at] = static_cast<char>(Next() & 0xFF); break;                       // flip a byte
        case 1: text.resize(at); break;                                                    // cut
        case 2: text.insert(at, kAwkward[Next() % std::size(kAwkward)]); break;            // awkward token
        case 3: text.insert(at, text.substr(at, std::min<std::size_t>(text.size() - at, 40))); break;  // repeat
        default: text.erase(at, 1 + Next() % 8); break;                                    // drop
      }
    }
    return text;
  }

 private:
  std::uint32_t state_;
};

TEST(HostileInput, CsvReaderEndsInRecordsOrAnError) {
  const std::string valid =
      "\xEF\xBB\xBF"
      "external_id;customer;nps;comment\r\nA1;K1;9;\"Snel;\r\ngeleverd\"\r\nA2;K2;3;\"zei \"\"nee\"\"\"\r\n";
  Mutator m(20261123);
  for (int i = 0; i < kMutationsPerSeed; ++i) {
    std::string text = m.Mutate(valid);
    auto reader = CsvReader::FromString(text);
    CsvRecord record;
    int records = 0;
    for (;;) {
      auto more = reader->Next(record);
      if (!more.ok() || !*more) break;
      ASSERT_LT(++records, 100) << "no progress on: " << text;
    }
  }
}

TEST(HostileInput, JsonDecodersEndInRecordsOrAFieldedError) {
  const std::string valid =
      R"([{"external_id":"R1","customer":"C1","location":"webshop","nps":9,"csat":5,"ces":6,)"
      R"("comment":"Top! \u00e9\ud83d\ude00","submitted_at":"2026-03-01T10:00:00+01:00"},)"
      R"({"external_id":"R2","effectiveness":1,"ease":2,"emotion":3,"attributes":{"Regio":"Noord"}}])";
  const std::string ndjson = "{\"external_id\":\"R1\",\"nps\":9}\n{\"external_id\":\"R2\",\"csat\":4}\n";
  Mutator m(4242);
  for (int i = 0; i < kMutationsPerSeed; ++i) {
    for (const auto& [text, type] : {std::pair{m.Mutate(valid), "application/json"},
                                     std::pair{m.Mutate(ndjson), "application/x-ndjson"}}) {
      auto decoded = DecodeResponses(text, type);
      if (!decoded.ok()) {
        EXPECT_FALSE(decoded.status().message().empty()) << text;
        continue;
      }
      for (const auto& r : *decoded) EXPECT_FALSE(r.answers.empty() && r.comment.empty()) << text;
    }
    auto interactions = DecodeInteractions(m.Mutate(R"({"external_id":"X1","type":"order","occurred_at":"2026-03-01"})"));
    if (!interactions.ok()) {
      EXPECT_FALSE(interactions.status().message().empty());
    }
  }
}

TEST(HostileInput, DeepNestingIsRefusedNotRecursedInto) {
  std::string deep(100000, '[');
  auto decoded = DecodeResponses(deep, "application/json");
  EXPECT_FALSE(decoded.ok());
}

// Parsing is iterative, but writing a value back out (attribute values, error messages) is
// not: a small body nested deep inside a field must be refused before anything recurses.
TEST(HostileInput, DeepNestingInsideAFieldIsRefusedWithItsReason) {
  constexpr int kDepth = 200000;
  std::string arrays = std::string(kDepth, '[') + std::string(kDepth, ']');
  std::string objects;
  for (int i = 0; i < kDepth; ++i) objects += "{\"x\":";
  objects += "1" + std::string(kDepth, '}');
  for (const std::string& body : {R"({"nps":9,"attributes":{"a":)" + arrays + "}}",
                                  R"({"nps":9,"attributes":{"a":)" + objects + "}}", R"({"nps":)" + arrays + "}",
                                  R"([{"csat":4},{"nps":9,"attributes":{"a":)" + arrays + "}}]"}) {
    auto decoded = DecodeResponses(body, "application/json");
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.status().field(), "body");
    EXPECT_NE(decoded.status().message().find("nested"), std::string::npos) << decoded.status().message();
  }
  auto ndjson = DecodeResponses("{\"nps\":1}\n{\"nps\":9,\"attributes\":{\"a\":" + arrays + "}}\n", "application/x-ndjson");
  EXPECT_FALSE(ndjson.ok());
  EXPECT_FALSE(DecodeInteractions(R"({"type":"order","occurred_at":"2026-03-01","customer":)" + arrays + "}").ok());
  // Brackets inside strings are text, not nesting.
  auto text = DecodeResponses(R"({"nps":9,"comment":")" + std::string(1000, '[') + R"("})", "application/json");
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  auto shallow = DecodeResponses(R"({"nps":9,"attributes":{"a":[[1,2],{"b":[3]}]}})", "application/json");
  ASSERT_TRUE(shallow.ok()) << shallow.status().ToString();
  EXPECT_EQ((*shallow)[0].attributes[0].second, R"([[1,2],{"b":[3]}])");
}

}  // namespace
}  // namespace peakend::ingest
