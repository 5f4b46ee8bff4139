// The clocks: the test clock only moves forward.
#include "alin/util/clock.hpp"

#include <gtest/gtest.h>

using namespace alin;

namespace {

TEST(Clock, TestClockMovesForwardOnly) {
  TestClock clock;
  const UnixSeconds before = clock.now();
  clock.advance(86400);
  EXPECT_GE(clock.now(), before + 86400);
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(1795342500), "2026-11-22T10:15:00Z");
}

}  // namespace
