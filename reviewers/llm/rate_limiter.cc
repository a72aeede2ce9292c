// Token buckets for RPM/TPM: capacity = the per-minute allowance, refilled at allowance/60 s.
#include "reviewers/llm/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace review {

RateLimiter::RateLimiter(int requests_per_minute, long tokens_per_minute, Clock::time_point now)
    : m_rpm(std::max(0, requests_per_minute)),
      m_tpm(static_cast<double>(std::max(0L, tokens_per_minute))),
      m_requests(m_rpm),
      m_tokens(m_tpm),
      m_last(now) {}

void RateLimiter::refill(Clock::time_point now) {
  if (now <= m_last) return;
  double minutes = std::chrono::duration<double>(now - m_last).count() / 60.0;
  m_requests = std::min(m_rpm, m_requests + minutes * m_rpm);
  m_tokens = std::min(m_tpm, m_tokens + minutes * m_tpm);
  m_last = now;
}

RateLimiter::Clock::duration RateLimiter::acquire(Clock::time_point now, long tokens) {
  if (unlimited()) return Clock::duration::zero();
  refill(now);
  double need_tokens = std::min(static_cast<double>(std::max(0L, tokens)), m_tpm);
  double wait_min = 0;  // minutes until both buckets suffice
  if (m_rpm > 0 && m_requests < 1.0) wait_min = std::max(wait_min, (1.0 - m_requests) / m_rpm);
  if (m_tpm > 0 && m_tokens < need_tokens) wait_min = std::max(wait_min, (need_tokens - m_tokens) / m_tpm);
  if (wait_min > 0) {
    auto wait = std::chrono::duration<double>(wait_min * 60.0);
    // Round up so that asking again after `wait` is sure to succeed.
    return std::chrono::ceil<Clock::duration>(wait) + std::chrono::milliseconds(1);
  }
  if (m_rpm > 0) m_requests -= 1.0;
  if (m_tpm > 0) m_tokens -= need_tokens;
  return Clock::duration::zero();
}

}  // namespace review
