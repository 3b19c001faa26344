// The small formatting helpers every page uses.
#include <gtest/gtest.h>

#include "web/html.h"

namespace peakend::web {
namespace {

TEST(Html, SignedShowsTheDirectionOfAChange) {
  EXPECT_EQ(Signed(3.25), "+3.2");
  EXPECT_EQ(Signed(-0.26), "-0.3");
  EXPECT_EQ(Signed(12.0, 0), "+12");
  EXPECT_EQ(Signed(std::nullopt), "—");
}

TEST(Html, SignedGivesNoDirectionToAChangeThatRoundsToNothing) {
  EXPECT_EQ(Signed(-1e-12), "0.0");
  EXPECT_EQ(Signed(-0.04), "0.0");
  EXPECT_EQ(Signed(0.04), "0.0");
  EXPECT_EQ(Signed(-0.4, 0), "0");
  EXPECT_EQ(Signed(0.0, 2), "0.00");
}

TEST(Html, EscapeMakesTextSafeInsideElementsAndAttributes) {
  EXPECT_EQ(Escape("<b a=\"x\">'&'</b>"), "&lt;b a=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
}

}  // namespace
}  // namespace peakend::web
