// `peakend settings` as a check of a configuration before the server is started: every value
// read by the code that reads it in `peakend serve`, the invalid ones marked, a non-zero exit.
#include <gtest/gtest.h>

#include <string>

#include "peakend_process.h"

namespace peakend::e2e {
namespace {

TEST(SettingsCommand, MarksEveryInvalidValueAndExitsNonZero) {
  TempDir dir;
  dir.Write("peakend.conf", "port = 99999\nlog_level = loud\ntime_zone = Europe/Amsterdm\nmoments.sla_hours = 0\n");
  auto checked = RunPeakend({"settings", "--config", dir.File("peakend.conf")});
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
  for (const char* shown : {"INVALID: setting 'port' is 99999 (from file); "
                            "it must be between 0 and 65535", "INVALID: time zone 'Europe/Amsterdm' is not known",
                            "INVALID: setting 'moments.sla_hours' is 0", "INVALID: setting 'log_level' is 'loud'"}) {
    EXPECT_NE(checked.out.find(shown), std::string::npos) << shown << "\n" << checked.out;
  }
  EXPECT_NE(checked.err.find("4 setting(s) invalid: port, log_level, time_zone, moments.sla_hours"), std::string::npos)
      << checked.err;
  // The same values stop `serve`, with the same words.
  auto served = RunPeakend({"serve", "--config", dir.File("peakend.conf"), "--database", dir.File("x.db")});
  EXPECT_NE(served.exit_code, 0);
  EXPECT_NE(served.err.find("Europe/Amsterdm"), std::string::npos) << served.err;
  dir.Write("good.conf", "port = 9000\nmoments.holidays = nl\n");
  auto good = RunPeakend({"settings", "--config", dir.File("good.conf")});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_EQ(good.out.find("INVALID"), std::string::npos) << good.out;
}

}  // namespace
}  // namespace peakend::e2e
