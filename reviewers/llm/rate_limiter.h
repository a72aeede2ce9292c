// Requests-per-minute and tokens-per-minute limits, as two token buckets that refill
// continuously (a full minute's allowance at most). The HTTP I/O thread asks before it
// starts a transfer; a "wait" answer makes it start the transfer later instead of blocking.
//
// Example: 60 rpm, 0 tpm. The bucket starts full (60), so 60 requests go at once; the 61st
// is told to wait 1 s (one request's refill), the 62nd after it another second.
//
// Time is passed in (`now`), so tests drive it without sleeping.
#pragma once

#include <chrono>

namespace review {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  /// `requests_per_minute`, `tokens_per_minute`: 0 disables that limit.
  RateLimiter(int requests_per_minute, long tokens_per_minute, Clock::time_point now = Clock::now());

  /// Tries to take one request costing `tokens` (estimated input + output) at `now`. Returns
  /// zero when taken; otherwise nothing is taken and the result is how long to wait before
  /// asking again. A request dearer than the whole per-minute allowance waits for a full
  /// bucket and then goes. Not thread-safe (one I/O thread owns it).
  Clock::duration acquire(Clock::time_point now, long tokens);

  bool unlimited() const { return m_rpm <= 0 && m_tpm <= 0; }

 private:
  void refill(Clock::time_point now);

  double m_rpm;
  double m_tpm;
  double m_requests;  ///< available requests in the bucket
  double m_tokens;    ///< available tokens in the bucket
  Clock::time_point m_last;
};

}  // namespace review
