#include "core/time_zones.h"

#include <gtest/gtest.h>

namespace peakend {
namespace {

TEST(TimeZones, DaylightSavingRules) {
  // 2024: EU summer time 31 March - 27 October; US 10 March - 3 November.
  EXPECT_EQ(UtcOffsetMinutes("Europe/Amsterdam", *ParseTimestamp("2024-03-30T12:00:00Z")), 60);
  EXPECT_EQ(UtcOffsetMinutes("Europe/Amsterdam", *ParseTimestamp("2024-03-31T12:00:00Z")), 120);
  EXPECT_EQ(UtcOffsetMinutes("Europe/Amsterdam", *ParseTimestamp("2024-10-28T12:00:00Z")), 60);
  EXPECT_EQ(UtcOffsetMinutes("America/Denver", *ParseTimestamp("2024-03-09T12:00:00Z")), -420);
  EXPECT_EQ(UtcOffsetMinutes("America/Denver", *ParseTimestamp("2024-03-11T12:00:00Z")), -360);
  EXPECT_EQ(UtcOffsetMinutes("America/Phoenix", *ParseTimestamp("2024-07-01T12:00:00Z")), -420);
  EXPECT_FALSE(UtcOffsetMinutes("Mars/Base", 0).has_value());
}

}  // namespace
}  // namespace peakend
