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

// Text pasted from a word processor or a web page: no-break, em, ideographic and zero-width
// spaces say nothing, as ASCII spaces do; a letter among them says something.
TEST(Strings, IsBlankTextKnowsUnicodeSpaces) {
  for (const char* blank : {"", " \t\r\n", "\u00a0", "\u2003\u3000", "\u200b\u200b", "\ufeff \u202f", "\u2060\u00a0\n"}) {
    EXPECT_TRUE(IsBlankText(blank)) << blank;
  }
  for (const char* text : {"a", "\u00a0ok\u00a0", "\u3000\u4e00", ".", "\xc2", "\u00e9"}) {
    EXPECT_FALSE(IsBlankText(text)) << text;
  }
}

TEST(Strings, AsciiLowerLeavesOtherBytesAlone) {
  EXPECT_EQ(AsciiLower("Opmerking SENTIMENT"), "opmerking sentiment");
  EXPECT_EQ(AsciiLower("\xC3\x89\xC3\xA9N"), "\xC3\x89\xC3\xA9n");  // "ÉéN": only the N changes
  EXPECT_EQ(AsciiLower("a1_@[`{"), "a1_@[`{");
}

TEST(Strings, AppendUtf8WritesOneToFourBytes) {
  std::string out;
  for (char32_t c : {U'a', U'\u00e9', U'\u20ac', U'\U0001F600'}) AppendUtf8(out, c);
  EXPECT_EQ(out, "a\u00e9\u20ac\U0001F600");
  std::string lone;
  AppendUtf8(lone, 0xD800);  // a lone surrogate stays recognisably invalid
  EXPECT_EQ(lone, "\xED\xA0\x80");
}

}  // namespace
}  // namespace peakend
