// Data-driven HTTP tests: every tests/data/http/*.case file is a script of requests against a
// fresh server, each with the status and the JSON it must answer; each script runs on a SQLite
// file and on PostgreSQL.
//
// Format (steps separated by a line "==="):
//   # comment lines
//   POST /api/v1/responses            <- method and path (with query)
//   Content-Type: application/x-ndjson  <- optional header lines before the body ("Name: value")
//   <body lines, may be empty>
//   >>> 201                           <- expected status
//   < Accept-Ranges: none             <- optional: a header the answer must carry, with its value
//   <expected JSON: a subset of the answer; every key given must match, arrays element-wise
//    with equal length; numbers within 0.05>
#include <httplib.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "peakend_process.h"
#include "test_database.h"

namespace peakend::e2e {
namespace {

using nlohmann::json;
constexpr double kNumberTolerance = 0.05;

struct Step {
  std::string method, path, content_type = "application/json", body;
  httplib::Headers headers;           // sent besides Content-Type
  httplib::Headers expected_headers;  // the answer must carry each with this value
  int status = 0;
  std::string expected;
  int line = 0;
};

std::vector<Step> ParseCase(const std::string& text) {
  std::vector<Step> steps;
  std::istringstream in(text);
  std::string line;
  enum class State { kRequestLine, kHeaders, kBody, kExpected };
  State state = State::kRequestLine;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line == "===") {
      state = State::kRequestLine;
      continue;
    }
    if (state == State::kRequestLine) {
      if (line.empty() || line[0] == '#') continue;
      Step step;
      step.method = line.substr(0, line.find(' '));
      step.path = line.substr(line.find(' ') + 1);
      step.line = line_no;
      steps.push_back(step);
      state = State::kHeaders;
      continue;
    }
    Step& step = steps.back();
    static const std::regex kHeaderLine("([A-Za-z][A-Za-z0-9-]*): (.*)");
    std::smatch header;
    if (state == State::kHeaders && std::regex_match(line, header, kHeaderLine)) {
      if (header[1] == "Content-Type") step.content_type = header[2];
      else step.headers.emplace(header[1], header[2]);
      continue;
    }
    const std::string after_marker = line.size() > 2 ? line.substr(2) : "";
    if (state == State::kExpected && line.rfind("< ", 0) == 0 && std::regex_match(after_marker, header, kHeaderLine)) {
      step.expected_headers.emplace(header[1], header[2]);
      continue;
    }
    if (state == State::kHeaders) state = State::kBody;
    if (state == State::kBody) {
      if (line.rfind(">>> ", 0) == 0) {
        step.status = std::stoi(line.substr(4));
        state = State::kExpected;
      } else {
        step.body += line + "\n";
      }
    } else {
      step.expected += line + "\n";
    }
  }
  return steps;
}

// Empty when `actual` contains `expected`; otherwise where it differs.
std::string Mismatch(const json& expected, const json& actual, const std::string& path) {
  if (expected.is_object()) {
    if (!actual.is_object()) return path + ": expected an object, got " + actual.dump();
    for (const auto& [k, v] : expected.items()) {
      if (!actual.contains(k)) return path + "." + k + ": missing in " + actual.dump();
      std::string m = Mismatch(v, actual[k], path + "." + k);
      if (!m.empty()) return m;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      return path + ": expected " + std::to_string(expected.size()) + " items, got " + actual.dump();
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string m = Mismatch(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
      if (!m.empty()) return m;
    }
    return "";
  }
  if (expected.is_number() && actual.is_number()) {
    return std::abs(expected.get<double>() - actual.get<double>()) <= kNumberTolerance
               ? ""
               : path + ": expected " + expected.dump() + ", got " + actual.dump();
  }
  return expected == actual ? "" : path + ": expected " + expected.dump() + ", got " + actual.dump();
}

// A case file and the store it runs on ("sqlite" or "postgresql").
using GoldenParam = std::tuple<std::string, std::string>;
class GoldenHttp : public ::testing::TestWithParam<GoldenParam> {};

TEST_P(GoldenHttp, AnswersMatch) {
  const auto& [file, backend] = GetParam();
  std::ifstream f(file);
  std::stringstream ss;
  ss << f.rdbuf();
  auto steps = ParseCase(ss.str());
  ASSERT_FALSE(steps.empty()) << "no steps in " << file;
  TempDir dir;
  TestDatabase database;  // declared before the server: the server stops before its schema is dropped
  database.Create(backend, dir);
  if (!database.ready()) return;
  ServerProcess server(database.url());
  ASSERT_TRUE(server.running()) << server.startup_output();
  httplib::Client client("127.0.0.1", server.port());
  for (const auto& step : steps) {
    SCOPED_TRACE(file + ":" + std::to_string(step.line) + " " + step.method + " " + step.path);
    httplib::Result res = step.method == "GET"
                              ? client.Get(step.path.c_str(), step.headers)
                              : client.Post(step.path.c_str(), step.headers, step.body, step.content_type.c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, step.status) << res->body;
    for (const auto& [name, value] : step.expected_headers) {
      EXPECT_EQ(res->get_header_value(name), value) << "header " << name;
    }
    if (step.expected.find_first_not_of(" \n") == std::string::npos) continue;
    json expected = json::parse(step.expected, nullptr, false);
    ASSERT_FALSE(expected.is_discarded()) << "expected JSON in the case file is invalid";
    json actual = json::parse(res->body, nullptr, false);
    ASSERT_FALSE(actual.is_discarded()) << "answer is not JSON: " << res->body;
    EXPECT_EQ(Mismatch(expected, actual, "$"), "");
  }
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(PEAKEND_TEST_DATA_DIR) + "/http")) {
    if (e.path().extension() == ".case") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenHttp,
                         ::testing::Combine(::testing::ValuesIn(CaseFiles()), ::testing::Values("sqlite", "postgresql")),
                         [](const ::testing::TestParamInfo<GoldenParam>& info) {
                           std::string name = std::filesystem::path(std::get<0>(info.param)).stem().string();
                           for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name + "_" + std::get<1>(info.param);
                         });

}  // namespace
}  // namespace peakend::e2e
