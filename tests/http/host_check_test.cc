#include "http/host_check.h"

#include <gtest/gtest.h>

namespace peakend::http {
namespace {

// What a browser sends as Host when a page's name resolves to the server: addresses written as
// numbers and localhost cannot be rebound by another site's DNS, any other name must be listed.
TEST(HostCheck, AddressesAndLocalhostAreServedOtherNamesOnlyWhenListed) {
  const std::vector<std::string> none;
  for (const char* served : {"", "127.0.0.1", "127.0.0.1:8080", "10.0.0.7:80", "[::1]:8080", "[fe80::1]", "localhost",
                             "LOCALHOST:8080", "localhost.", "app.localhost:3000", " 192.168.1.20 "}) {
    EXPECT_TRUE(IsServedHost(served, none)) << served;
  }
  for (const char* refused : {"attacker.example", "attacker.example:8080", "127.0.0.1.attacker.example",
                              "localhost.attacker.example", "1.2.3.4.5", "256.1.1.1", "127.1", "[::1", "evil"}) {
    EXPECT_FALSE(IsServedHost(refused, none)) << refused;
  }
  auto listed = ParseAllowedHosts({"Peakend.Example.nl", " feedback.example.nl "});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_TRUE(IsServedHost("peakend.example.nl", *listed));
  EXPECT_TRUE(IsServedHost("PEAKEND.example.nl:443", *listed));
  EXPECT_TRUE(IsServedHost("feedback.example.nl", *listed));
  EXPECT_FALSE(IsServedHost("example.nl", *listed));
  EXPECT_FALSE(IsServedHost("x.peakend.example.nl", *listed));
  auto any = ParseAllowedHosts({"*"});
  ASSERT_TRUE(any.ok());
  EXPECT_TRUE(IsServedHost("anything.example", *any));
}

TEST(HostCheck, EntriesThatAreNoHostNamesAreRefusedWithTheWayToWriteThem) {
  for (const char* entry : {"https://peakend.example.nl", "peakend.example.nl:8080", "peakend.example.nl/app", "",
                            "*.example.nl", ".example.nl", "host name"}) {
    auto parsed = ParseAllowedHosts({entry});
    ASSERT_FALSE(parsed.ok()) << entry;
    EXPECT_EQ(parsed.status().field(), "http.allowed_hosts");
    EXPECT_NE(parsed.status().message().find("e.g. peakend.example.nl"), std::string::npos) << parsed.status().message();
  }
  EXPECT_NE(ParseAllowedHosts({"https://x.nl"}).status().message().find("no scheme, port or path"), std::string::npos);
}

}  // namespace
}  // namespace peakend::http
