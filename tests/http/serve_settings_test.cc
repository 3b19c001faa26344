#include "http/serve_settings.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace peakend::http {
namespace {

Config Defaults() {
  auto config = Config::Load({}, "", nullptr);
  EXPECT_TRUE(config.ok());
  return *config;
}

// The problem reported for `key`, or "" when it is not reported.
std::string ProblemOf(const std::vector<InvalidSetting>& invalid, const std::string& key) {
  for (const auto& i : invalid) {
    if (i.key == key) return i.problem;
  }
  return "";
}

TEST(CheckSettings, TheDefaultsAreValid) {
  auto invalid = CheckSettings(Defaults());
  for (const auto& i : invalid) ADD_FAILURE() << i.key << ": " << i.problem;
}

TEST(CheckSettings, NamesEachInvalidValueWithWhatWouldBeValid) {
  Config config = Defaults();
  config.Set("port", "99999");
  config.Set("threads", "lots");
  config.Set("log_level", "verbose");
  config.Set("time_zone", "Europe/Amsterdm");
  config.Set("database", "shop.txt");
  config.Set("http.allowed_origins", "*");
  auto invalid = CheckSettings(config);
  EXPECT_NE(ProblemOf(invalid, "port").find("between 0 and 65535"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "threads").find("or auto"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "log_level").find("trace, debug, info, warn, error or off"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "time_zone").find("Europe/Amsterdm"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "database").find("sqlite:PATH"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "http.allowed_origins").find("list the sites"), std::string::npos);
  ASSERT_EQ(invalid.size(), 6u);
  // In the order `peakend settings` lists the settings.
  EXPECT_EQ(invalid.front().key, "port");
}

TEST(CheckSettings, OneRefusedValueDoesNotHideTheNextReadTogetherWithIt) {
  Config config = Defaults();
  config.Set("moments.sla_hours", "0");
  config.Set("moments.business_hours", "weekdays");
  config.Set("moments.disabled", "praise,prase");
  config.Set("text.enabled", "ja");
  config.Set("text.data_dir", "/nonexistent/peakend-text");
  auto invalid = CheckSettings(config);
  EXPECT_NE(ProblemOf(invalid, "moments.sla_hours").find("between 1 and"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "moments.business_hours").find("mon-fri 09:00-17:00"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "moments.disabled").find("prase"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "text.enabled").find("true or false"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "text.data_dir").find("/nonexistent/peakend-text"), std::string::npos);
  EXPECT_EQ(invalid.size(), 5u);
}

TEST(CheckSettings, ErrorsInsideTheMomentsFileAreTheFilesSetting) {
  std::string path = ::testing::TempDir() + "/peakend_moments_typo.json";
  std::ofstream(path) << R"({"rules": {"praise": {"enabeld": false}}})";
  Config config = Defaults();
  config.Set("moments.config", path);
  auto invalid = CheckSettings(config);
  ASSERT_EQ(invalid.size(), 1u);
  EXPECT_EQ(invalid[0].key, "moments.config");
  EXPECT_NE(invalid[0].problem.find("enabeld"), std::string::npos) << invalid[0].problem;
}

TEST(CheckSettings, WebhooksNeedASecretAndPeakEndWeightsAWeight) {
  Config config = Defaults();
  config.Set("webhooks.url", "http://127.0.0.1:9/hook");
  config.Set("peak_end.weight_peak", "0");
  config.Set("peak_end.weight_end", "0");
  config.Set("moments.import_days", "-1");
  auto invalid = CheckSettings(config);
  EXPECT_NE(ProblemOf(invalid, "webhooks.secret").find("secret is empty"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "peak_end.weight_end").find("both 0"), std::string::npos);
  EXPECT_NE(ProblemOf(invalid, "moments.import_days").find("between 0 and"), std::string::npos);
  config.Set("webhooks.url", "ftp://example/hook");
  EXPECT_NE(ProblemOf(CheckSettings(config), "webhooks.url").find("http://"), std::string::npos);
}

TEST(ServerOptionsFromSettings, ReadsWhatServeBindsWith) {
  Config config = Defaults();
  config.Set("port", "0");
  config.Set("threads", "3");
  config.Set("http.allowed_origins", "https://Shop.example:443");
  config.Set("http.allowed_hosts", "Peakend.example.nl");
  auto options = ServerOptionsFromSettings(config);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->port, 0);
  EXPECT_EQ(options->threads, 3);
  EXPECT_EQ(options->allowed_origins, std::vector<std::string>{"https://shop.example"});
  EXPECT_EQ(options->allowed_hosts, std::vector<std::string>{"peakend.example.nl"});
  config.Set("max_body_bytes", "10");
  auto small = ServerOptionsFromSettings(config);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.status().field(), "max_body_bytes");
}

}  // namespace
}  // namespace peakend::http
