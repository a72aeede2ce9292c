// LlmClient: everything between a rendered prompt and the model's answer text, shared by
// all LLM voters of a run — the HTTP I/O thread, the provider's wire format, the API key,
// the answer cache, retries with backoff, the fallback model, the run's deadline and its
// call/token budget, and the run's counters (LlmStats).
//
// One call (ask) goes: deadline? → cache (hit: done) → budget? → POST → on 429/5xx/408/
// timeout/network error retry after max(exponential backoff with jitter, Retry-After) →
// on final failure try `fallback_model` once → done. Nothing blocks a thread: retries
// are queued on the I/O thread with a not-before time.
//
// Secrets: the API key is read once from the environment variable the configuration
// names; it goes into request headers only. It never appears in a reason, a stat, a cache
// entry or a log (reasons are built from status codes and scrubbed curl errors); if the
// key's text occurs in the reviewed code, redact() replaces it too.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "reviewers/llm/cache.h"
#include "reviewers/llm/http_client.h"
#include "reviewers/llm/llm_config.h"
#include "reviewers/llm/prompt.h"
#include "reviewers/llm/provider.h"
#include "reviewers/llm/redactor.h"
#include "reviewers/voter.h"
#include "util/error.h"

namespace review {

/// Counters of one client's run (all its voters). A snapshot; see LlmClient::stats().
struct LlmStats {
  long calls = 0;             ///< voter calls that went to the network (one per ask, however many retries)
  long http_requests = 0;     ///< HTTP requests sent, retries and fallback included
  long retries = 0;           ///< requests that were retries
  long fallback_calls = 0;    ///< calls that fell back to LlmConfig::fallback_model
  long cache_hits = 0;        ///< calls answered from the cache (no request)
  long failed_calls = 0;      ///< calls that failed for good: error, timeout, rate-limited, HTTP error,
                              ///< malformed response, unparseable answer. Under fail-closed, > 0 => exit 3.
  long budget_skipped = 0;    ///< calls not made: --max-calls / --max-tokens reached (reason "budget")
  long deadline_skipped = 0;  ///< calls not made or cut: --deadline passed (reason "deadline")
  long tokens_in = 0;         ///< as counted by the provider (estimated if it did not say)
  long tokens_out = 0;
  int peak_in_flight = 0;     ///< most concurrent HTTP requests seen
};

/// What a voter asks.
struct LlmRequest {
  Prompt prompt;
  std::optional<std::string> model;  ///< overrides LlmConfig::model
  /// The caller's deadline (VoteRequest::deadline), if any; the earlier of it and the
  /// run's --deadline applies. Steady clock.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// How a call ended.
enum class LlmOutcome {
  answered,  ///< `text` holds the model's answer (maybe from the cache)
  failed,    ///< `reason` says why ("timeout", "HTTP 500", "rate-limited (HTTP 429)", …)
  budget,    ///< not made: the run's call/token budget is spent; reason "budget"
  deadline,  ///< not made or cut short by the run's deadline; reason "deadline"
};

struct LlmResult {
  LlmOutcome outcome = LlmOutcome::failed;
  std::string text;
  std::string reason;
  std::string model;      ///< the model that answered
  TokenUsage tokens;      ///< spent by this call (0 when answered from the cache)
  int calls = 0;          ///< HTTP requests made for it
  bool cache_hit = false;
};

/// Backoff before retry number `retry` (0-based): base·2^retry capped at `max_ms`, scaled
/// by a jitter factor in [0.5, 1] from `jitter01` ∈ [0,1), and never below Retry-After.
/// Units: ms.
long backoff_delay_ms(long base_ms, long max_ms, int retry, std::optional<long> retry_after_s, double jitter01);

/// True for responses worth retrying: 408, 409, 425, 429, 5xx, timeouts, network errors.
bool is_retryable(const HttpResponse& response);

class LlmClient {
 public:
  using Clock = std::chrono::steady_clock;
  using Callback = std::function<void(LlmResult)>;

  /// Checks `config` (model set, URL http(s), limits positive), reads the API key from the
  /// environment (a missing key sends no auth header: fine for local servers; providers
  /// then answer 401, reported as "HTTP 401 (is $VAR set?)"), loads the embedded prompts,
  /// starts the I/O thread, and starts the deadline clock. Error kind `config`.
  /// `redactor` is applied to everything sent (see redactor.h); the key is scrubbed as well.
  static Expected<std::shared_ptr<LlmClient>> create(LlmConfig config, Redactor redactor = default_redactor());

  ~LlmClient();  ///< cancels outstanding calls: their callbacks run with outcome failed
  LlmClient(const LlmClient&) = delete;
  LlmClient& operator=(const LlmClient&) = delete;

  /// Asks for an answer to `request`. Calls `done` exactly once: synchronously on this
  /// thread for cache hits, budget and deadline; otherwise later on the I/O thread. `done`
  /// must be quick (it runs on the thread that drives every request) and must not throw.
  /// Thread-safe.
  void ask(LlmRequest request, Callback done);

  /// The run's redactor, with the API key scrubbed as well.
  std::string redact(std::string_view text) const;
  const Redactor& redactor() const { return m_redact_all; }
  const LlmConfig& config() const { return m_config; }
  const PromptLibrary& prompts() const { return *m_prompts; }
  /// Counts an answer that arrived but could not be used (LlmVoter calls it).
  void note_unparseable() { m_failed_calls.fetch_add(1, std::memory_order_relaxed); }
  LlmStats stats() const;

 private:
  struct Call;
  LlmClient(LlmConfig config, Redactor redactor, std::string api_key, const PromptLibrary* prompts);
  void send(std::shared_ptr<Call> call, Clock::time_point not_before);
  void on_response(std::shared_ptr<Call> call, HttpResponse response);
  void finish(std::shared_ptr<Call> call, LlmResult result);
  bool try_fallback(const std::shared_ptr<Call>& call);
  bool reserve_budget(long estimated_tokens);
  std::string key_for(const Prompt& prompt, const std::string& model) const;
  static bool past(const std::optional<Clock::time_point>& deadline, Clock::time_point t) {
    return deadline && t >= *deadline;
  }

  LlmConfig m_config;
  Redactor m_redactor;
  Redactor m_redact_all;
  std::string m_api_key;  ///< never copied into anything but request headers
  const PromptLibrary* m_prompts;
  std::unique_ptr<ProviderApi> m_api;
  AnswerCache m_cache;
  std::optional<Clock::time_point> m_deadline;

  std::mutex m_budget_mutex;
  long m_budget_calls = 0;
  long m_budget_tokens = 0;

  std::atomic<long> m_calls{0}, m_http_requests{0}, m_retries{0}, m_fallback_calls{0}, m_cache_hits{0},
      m_failed_calls{0}, m_budget_skipped{0}, m_deadline_skipped{0}, m_tokens_in{0}, m_tokens_out{0};

  std::unique_ptr<HttpClient> m_http;  ///< last: destroyed first, while the rest is alive
};

}  // namespace review
