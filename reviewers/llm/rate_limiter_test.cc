// Rate limiter arithmetic with a driven clock (no sleeping).
#include "reviewers/llm/rate_limiter.h"

#include <gtest/gtest.h>

namespace review {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST(RateLimiter, UnlimitedNeverWaits) {
  RateLimiter limiter(0, 0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(limiter.acquire(Clock::now(), 1'000'000), Clock::duration::zero());
}

TEST(RateLimiter, RequestsPerMinuteBurstThenRefill) {
  Clock::time_point t0{};
  RateLimiter limiter(60, 0, t0);
  for (int i = 0; i < 60; ++i) ASSERT_EQ(limiter.acquire(t0, 0), Clock::duration::zero()) << i;
  auto wait = limiter.acquire(t0, 0);
  EXPECT_GT(wait, 990ms);
  EXPECT_LE(wait, 1002ms);
  EXPECT_GT(limiter.acquire(t0 + 500ms, 0), Clock::duration::zero());
  EXPECT_EQ(limiter.acquire(t0 + wait, 0), Clock::duration::zero());
}

TEST(RateLimiter, TokensPerMinute) {
  Clock::time_point t0{};
  RateLimiter limiter(0, 6000, t0);  // 100 tokens per second
  EXPECT_EQ(limiter.acquire(t0, 5000), Clock::duration::zero());
  auto wait = limiter.acquire(t0, 2000);  // 1000 available, 1000 more needed: 10 s
  EXPECT_GT(wait, 9900ms);
  EXPECT_LE(wait, 10010ms);
  EXPECT_EQ(limiter.acquire(t0 + wait, 2000), Clock::duration::zero());
  // A request dearer than a whole minute's allowance waits for a full bucket, then goes.
  RateLimiter small(0, 100, t0);
  EXPECT_EQ(small.acquire(t0, 1'000'000), Clock::duration::zero());
}

}  // namespace
}  // namespace review
