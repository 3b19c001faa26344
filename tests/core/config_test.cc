#include "core/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace peakend {
namespace {

TEST(Config, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  std::string path = ::testing::TempDir() + "/peakend_config_test.conf";
  std::ofstream(path) << "# comment\nport = 9000\nthreads = 4\nhost = \"0.0.0.0\"\n";
  std::string env_port = "PEAKEND_PORT=9100";
  std::string env_threads = "PEAKEND_THREADS=6";
  char* env[] = {env_port.data(), env_threads.data(), nullptr};
  auto cfg = Config::Load({{"port", "9200"}}, path, env);
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_EQ(cfg->Get("port"), "9200");
  EXPECT_EQ(cfg->SourceOf("port"), "flag");
  EXPECT_EQ(cfg->Get("threads"), "6");
  EXPECT_EQ(cfg->SourceOf("threads"), "env");
  EXPECT_EQ(cfg->Get("host"), "0.0.0.0");
  EXPECT_EQ(cfg->SourceOf("host"), "file");
  EXPECT_EQ(cfg->Get("max_body_bytes"), "10485760");
  EXPECT_EQ(cfg->SourceOf("max_body_bytes"), "default");
  std::remove(path.c_str());
}

TEST(Config, DottedKeysMapToUnderscoredEnvironmentNames) {
  std::string var = "PEAKEND_TEXT_MODEL=/tmp/model.bin";
  char* env[] = {var.data(), nullptr};
  auto cfg = Config::Load({}, "", env);
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->Get("text.model"), "/tmp/model.bin");
}

TEST(Config, FileErrorsNameTheLine) {
  auto unknown = ParseConfigText("port = 1\nprot = 2\n", "peakend.conf");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("peakend.conf:2"), std::string::npos);
  EXPECT_NE(unknown.status().message().find("prot"), std::string::npos);
  auto malformed = ParseConfigText("just words\n", "x.conf");
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.status().message().find("key = value"), std::string::npos);
  EXPECT_FALSE(Config::Load({}, "/nonexistent/peakend.conf", nullptr).ok());
}

TEST(Config, TypedGettersExplainBadValues) {
  auto cfg = Config::Load({{"port", "80a"}, {"threads", "999"}}, "", nullptr);
  ASSERT_TRUE(cfg.ok());
  auto port = cfg->GetInt("port", 0, 65535);
  ASSERT_FALSE(port.ok());
  EXPECT_NE(port.status().message().find("whole number"), std::string::npos);
  auto threads = cfg->GetInt("threads", 1, 256);
  ASSERT_FALSE(threads.ok());
  EXPECT_NE(threads.status().message().find("between 1 and 256"), std::string::npos);
}

TEST(Config, BooleansAreReadStrictlySoATypoIsNotFalse) {
  Config c;
  for (const char* yes : {"true", "TRUE", "yes", "on", "1"}) {
    c.Set("text.enabled", yes);
    auto read = c.GetBool("text.enabled");
    ASSERT_TRUE(read.ok()) << yes;
    EXPECT_TRUE(*read) << yes;
  }
  for (const char* no : {"false", "No", "off", "0"}) {
    c.Set("text.enabled", no);
    auto read = c.GetBool("text.enabled");
    ASSERT_TRUE(read.ok()) << no;
    EXPECT_FALSE(*read) << no;
  }
  c.Set("text.enabled", "ture", "env");
  auto typo = c.GetBool("text.enabled");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().field(), "text.enabled");
  EXPECT_NE(typo.status().message().find("'ture' (from env)"), std::string::npos) << typo.status().message();
  EXPECT_NE(typo.status().message().find("true or false"), std::string::npos);
}

}  // namespace
}  // namespace peakend

namespace peakend {
namespace {

TEST(Config, ListsAreTrimmedAndSkipEmptyItems) {
  Config c;
  c.Set("moments.holidays", " nl ,\t2026-12-24,, be ");
  EXPECT_EQ(c.GetList("moments.holidays"), (std::vector<std::string>{"nl", "2026-12-24", "be"}));
  c.Set("moments.holidays", "  ");
  EXPECT_TRUE(c.GetList("moments.holidays").empty());
}

}  // namespace
}  // namespace peakend
