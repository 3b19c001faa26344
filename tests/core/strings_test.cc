#include "core/strings.h"

#include <gtest/gtest.h>

namespace peakend {
namespace {

TEST(Strings, TrimSpaceKeepsTheMiddle) {
  EXPECT_EQ(TrimSpace(" \t\r\n key = value \v\f\r\n"), "key = value");
  EXPECT_EQ(TrimSpace("geen"), "geen");
  EXPECT_EQ(TrimSpace(" \t "), "");
  EXPECT_EQ(TrimSpace(""), "");
  EXPECT_EQ(TrimSpace("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0");  // UTF-8 bytes are not ASCII space
}

TEST(Strings, AsciiLowerLeavesOtherBytesAlone) {
  EXPECT_EQ(AsciiLower("Opmerking SENTIMENT"), "opmerking sentiment");
  EXPECT_EQ(AsciiLower("\xC3\x89\xC3\xA9N"), "\xC3\x89\xC3\xA9n");  // "ÉéN": only the N changes
  EXPECT_EQ(AsciiLower("a1_@[`{"), "a1_@[`{");
}

}  // namespace
}  // namespace peakend
