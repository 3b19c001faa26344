// End to end: `peakend serve` owns its port. A second server on a port in use must refuse to
// start, not share the port and answer part of the traffic from another store.
#include <httplib.h>
#include <gtest/gtest.h>

#include <string>

#include "peakend_process.h"

namespace peakend::e2e {
namespace {

TEST(Serve, ASecondServerOnABusyPortRefusesToStart) {
  TempDir dir;
  ServerProcess first(dir.File("first.db"));
  ASSERT_TRUE(first.running()) << first.startup_output();
  CommandResult second = RunPeakend({"serve", "--database", dir.File("second.db"), "--port", std::to_string(first.port())});
  EXPECT_NE(second.exit_code, 0);
  EXPECT_NE(second.err.find("in use"), std::string::npos) << second.err;
  httplib::Client client("127.0.0.1", first.port());
  auto health = client.Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

// A mistyped command is named, with the closest one, instead of "a subcommand is required".
TEST(Commands, AMistypedCommandIsNamedWithTheClosestOne) {
  CommandResult top = RunPeakend({"serv"});
  EXPECT_NE(top.exit_code, 0);
  EXPECT_NE(top.err.find("'serv' is not a command. Did you mean 'serve'?"), std::string::npos) << top.err;
  CommandResult nested = RunPeakend({"cases", "lst"});
  EXPECT_NE(nested.exit_code, 0);
  EXPECT_NE(nested.err.find("peakend cases: 'lst' is not a command. Did you mean 'list'?"), std::string::npos) << nested.err;
  CommandResult bare = RunPeakend({});
  EXPECT_EQ(bare.exit_code, 0);
  EXPECT_NE(bare.out.find("Usage: peakend"), std::string::npos) << bare.out;
}

}  // namespace
}  // namespace peakend::e2e
