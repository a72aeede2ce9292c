// The call state machine of LlmClient (see llm_client.h). A Call lives in a shared_ptr
// captured by the HTTP callback; every path ends in finish(), which calls `done` once.
#include "reviewers/llm/llm_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <thread>

#include "util/text.h"

namespace review {

long backoff_delay_ms(long base_ms, long max_ms, int retry, std::optional<long> retry_after_s, double jitter01) {
  double exp = static_cast<double>(std::max(1L, base_ms)) * std::pow(2.0, std::clamp(retry, 0, 30));
  double capped = std::min(exp, static_cast<double>(std::max(1L, max_ms)));
  long delay = static_cast<long>(capped * (0.5 + 0.5 * std::clamp(jitter01, 0.0, 1.0)));
  if (retry_after_s) delay = std::max(delay, *retry_after_s * 1000);
  return delay;
}

bool is_retryable(const HttpResponse& response) {
  switch (response.failure) {
    case HttpFailure::timeout:
    case HttpFailure::error: return true;
    case HttpFailure::cancelled: return false;
    case HttpFailure::none: break;
  }
  long s = response.status;
  return s == 408 || s == 409 || s == 425 || s == 429 || s >= 500;
}

struct LlmClient::Call {
  LlmRequest request;
  Callback done;
  std::string model;
  bool fallback = false;
  int retry = 0;        // retries made for the current model
  int calls = 0;        // HTTP requests made in all
  long estimate_in = 0;
  std::string cache_key;
  std::optional<Clock::time_point> deadline;  // the earlier of the run's and the request's
};

namespace {

double jitter() {
  thread_local std::minstd_rand rng(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

Expected<std::shared_ptr<LlmClient>> LlmClient::create(LlmConfig config, Redactor redactor) {
  if (config.model.empty()) return fail(ErrorKind::config, "no LLM model configured (--llm-model or [llm] model)");
  std::string url = effective_base_url(config);
  if (!starts_with(url, "http://") && !starts_with(url, "https://"))
    return fail(ErrorKind::config, fmt::format("LLM base URL must start with http:// or https://: {}", url));
  if (config.max_in_flight < 1) return fail(ErrorKind::config, "--max-in-flight must be at least 1");
  if (config.timeout_ms <= 0 || config.connect_timeout_ms <= 0)
    return fail(ErrorKind::config, "LLM timeouts must be positive");
  if (config.max_retries < 0) return fail(ErrorKind::config, "LLM max_retries must not be negative");
  if (config.requests_per_minute < 0 || config.tokens_per_minute < 0)
    return fail(ErrorKind::config, "LLM rate limits must not be negative");
  const auto& prompts = embedded_prompt_library();
  if (!prompts) return fail(ErrorKind::config, "embedded prompts: " + prompts.error().message);
  const char* key = std::getenv(effective_api_key_env(config).c_str());
  // The last owner may let go inside a callback, on the I/O thread (e.g. a voter group
  // captured by a late answer); the destructor joins that thread, so it then runs on a
  // thread of its own, and the I/O thread finishes its callbacks with the client alive.
  auto release = [](LlmClient* client) {
    if (client->m_http->on_io_thread()) std::thread([client] { delete client; }).detach();
    else delete client;
  };
  return std::shared_ptr<LlmClient>(
      new LlmClient(std::move(config), std::move(redactor), key ? std::string(key) : std::string(), &*prompts),
      release);
}

LlmClient::LlmClient(LlmConfig config, Redactor redactor, std::string api_key, const PromptLibrary* prompts)
    : m_config(std::move(config)),
      m_redactor(std::move(redactor)),
      m_api_key(std::move(api_key)),
      m_prompts(prompts),
      m_api(make_provider_api(m_config.provider)),
      m_cache(m_config.no_cache ? std::filesystem::path() : std::filesystem::path(m_config.cache_dir)) {
  if (m_config.deadline_s) {
    auto span = std::chrono::duration<double>(std::max(0.0, *m_config.deadline_s));
    m_deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(span);
  }
  std::string key = m_api_key;
  Redactor scrub_key;
  if (key.size() >= 8) {
    scrub_key = [key](std::string_view text) {
      std::string out(text);
      for (size_t pos = out.find(key); pos != std::string::npos; pos = out.find(key, pos))
        out.replace(pos, key.size(), "<redacted:api-key>");
      return out;
    };
  }
  m_redact_all = chain_redactors(m_redactor, scrub_key);
  if (!m_redact_all) m_redact_all = [](std::string_view text) { return std::string(text); };
  HttpClientOptions http;
  http.max_in_flight = m_config.max_in_flight;
  http.requests_per_minute = m_config.requests_per_minute;
  http.tokens_per_minute = m_config.tokens_per_minute;
  http.secrets = {m_api_key};
  m_http = std::make_unique<HttpClient>(std::move(http));
}

// Completes every outstanding call (cancelled) while all members are still alive.
LlmClient::~LlmClient() { m_http->shutdown(); }

std::string LlmClient::redact(std::string_view text) const { return m_redact_all(text); }

std::string LlmClient::key_for(const Prompt& prompt, const std::string& model) const {
  return cache_key({to_string(m_config.provider), model, prompt.version, prompt.variant, prompt.temperature,
                    prompt.system, prompt.shared_user, prompt.variant_user});
}

bool LlmClient::reserve_budget(long estimated_tokens) {
  std::lock_guard lock(m_budget_mutex);
  if (m_config.max_calls && m_budget_calls >= *m_config.max_calls) return false;
  if (m_config.max_tokens && m_budget_tokens + estimated_tokens > *m_config.max_tokens) return false;
  ++m_budget_calls;
  m_budget_tokens += estimated_tokens;
  return true;
}

void LlmClient::ask(LlmRequest request, Callback done) {
  auto call = std::make_shared<Call>();
  call->request = std::move(request);
  call->done = std::move(done);
  call->model = call->request.model.value_or(m_config.model);
  call->estimate_in = estimate_prompt_tokens(call->request.prompt);
  call->deadline = m_deadline;
  if (call->request.deadline && (!call->deadline || *call->request.deadline < *call->deadline))
    call->deadline = call->request.deadline;

  if (past(call->deadline, Clock::now())) {
    m_deadline_skipped.fetch_add(1, std::memory_order_relaxed);
    finish(call, {.outcome = LlmOutcome::deadline, .reason = "deadline"});
    return;
  }
  if (m_cache.enabled()) {
    call->cache_key = key_for(call->request.prompt, call->model);
    if (auto hit = m_cache.load(call->cache_key)) {
      m_cache_hits.fetch_add(1, std::memory_order_relaxed);
      finish(call, {.outcome = LlmOutcome::answered, .text = std::move(hit->answer), .model = call->model,
                    .cache_hit = true});
      return;
    }
  }
  if (!reserve_budget(call->estimate_in)) {
    m_budget_skipped.fetch_add(1, std::memory_order_relaxed);
    finish(call, {.outcome = LlmOutcome::budget, .reason = "budget"});
    return;
  }
  m_calls.fetch_add(1, std::memory_order_relaxed);
  send(std::move(call), Clock::now());
}

void LlmClient::send(std::shared_ptr<Call> call, Clock::time_point not_before) {
  HttpRequest request =
      m_api->build_request(m_config, call->request.prompt, call->model, call->request.prompt.temperature, m_api_key);
  request.connect_timeout_ms = m_config.connect_timeout_ms;
  request.timeout_ms = m_config.timeout_ms;
  if (call->deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*call->deadline - not_before).count();
    request.timeout_ms = std::clamp<long>(left, 1, request.timeout_ms);
    request.connect_timeout_ms = std::min(request.connect_timeout_ms, request.timeout_ms);
  }
  request.cost_tokens = call->estimate_in + m_config.max_output_tokens;
  m_http_requests.fetch_add(1, std::memory_order_relaxed);
  ++call->calls;
  m_http->submit(
      std::move(request), [this, call](HttpResponse response) { on_response(call, std::move(response)); },
      not_before);
}

void LlmClient::on_response(std::shared_ptr<Call> call, HttpResponse response) {
  auto now = Clock::now();
  std::string reason;
  if (response.failure == HttpFailure::none && response.status >= 200 && response.status < 300) {
    auto reply = m_api->parse_reply(response.body);
    if (reply) {
      TokenUsage used = reply->tokens;
      if (used.in <= 0) used.in = call->estimate_in;
      if (used.out <= 0) used.out = static_cast<long>((reply->text.size() + 3) / 4);
      m_tokens_in.fetch_add(used.in, std::memory_order_relaxed);
      m_tokens_out.fetch_add(used.out, std::memory_order_relaxed);
      {
        std::lock_guard lock(m_budget_mutex);
        m_budget_tokens += used.in + used.out - call->estimate_in;
      }
      if (m_cache.enabled()) {
        if (call->cache_key.empty()) call->cache_key = key_for(call->request.prompt, call->model);
        m_cache.store(call->cache_key, to_string(m_config.provider), call->model, call->request.prompt.variant,
                      {reply->text, used});
      }
      finish(call, {.outcome = LlmOutcome::answered, .text = std::move(reply->text), .model = call->model,
                    .tokens = used});
      return;
    }
    reason = reply.error().message;
  } else if (response.failure == HttpFailure::cancelled) {
    m_failed_calls.fetch_add(1, std::memory_order_relaxed);
    finish(call, {.outcome = LlmOutcome::failed, .reason = "cancelled"});
    return;
  } else {
    if (response.failure == HttpFailure::timeout && past(call->deadline, now)) {
      m_deadline_skipped.fetch_add(1, std::memory_order_relaxed);
      finish(call, {.outcome = LlmOutcome::deadline, .reason = "deadline"});
      return;
    }
    switch (response.failure) {
      case HttpFailure::timeout: reason = "timeout"; break;
      case HttpFailure::error: reason = "network error: " + scrub_secrets(response.error, {m_api_key}); break;
      default:
        if (response.status == 429) reason = "rate-limited (HTTP 429)";
        else if ((response.status == 401 || response.status == 403) && m_api_key.empty())
          reason = fmt::format("HTTP {} (is ${} set?)", response.status, effective_api_key_env(m_config));
        else reason = fmt::format("HTTP {}", response.status);
    }
    if (is_retryable(response) && call->retry < m_config.max_retries) {
      long delay = backoff_delay_ms(m_config.retry_base_ms, m_config.retry_max_ms, call->retry,
                                    response.retry_after_s, jitter());
      auto next = now + std::chrono::milliseconds(delay);
      bool too_long = response.retry_after_s && *response.retry_after_s * 1000 > m_config.retry_max_ms;
      if (too_long) reason += fmt::format(", Retry-After {}s", *response.retry_after_s);
      if (!too_long && !past(call->deadline, next)) {
        ++call->retry;
        m_retries.fetch_add(1, std::memory_order_relaxed);
        send(std::move(call), next);
        return;
      }
    }
  }
  if (try_fallback(call)) return;
  m_failed_calls.fetch_add(1, std::memory_order_relaxed);
  finish(call, {.outcome = LlmOutcome::failed, .reason = std::move(reason)});
}

bool LlmClient::try_fallback(const std::shared_ptr<Call>& call) {
  const std::string& fallback = m_config.fallback_model;
  if (fallback.empty() || call->fallback || fallback == call->model || past(call->deadline, Clock::now()))
    return false;
  call->fallback = true;
  call->model = fallback;
  call->retry = 0;
  call->cache_key.clear();
  m_fallback_calls.fetch_add(1, std::memory_order_relaxed);
  if (m_cache.enabled()) {
    call->cache_key = key_for(call->request.prompt, call->model);
    if (auto hit = m_cache.load(call->cache_key)) {
      m_cache_hits.fetch_add(1, std::memory_order_relaxed);
      finish(call, {.outcome = LlmOutcome::answered, .text = std::move(hit->answer), .model = call->model,
                    .cache_hit = true});
      return true;
    }
  }
  send(call, Clock::now());
  return true;
}

void LlmClient::finish(std::shared_ptr<Call> call, LlmResult result) {
  result.calls = call->calls;
  if (result.model.empty()) result.model = call->model;
  Callback done = std::move(call->done);
  try {
    if (done) done(std::move(result));
  } catch (...) {
    // `done` must not throw; nothing sensible is left to do with the call.
  }
}

LlmStats LlmClient::stats() const {
  LlmStats s;
  s.calls = m_calls.load();
  s.http_requests = m_http_requests.load();
  s.retries = m_retries.load();
  s.fallback_calls = m_fallback_calls.load();
  s.cache_hits = m_cache_hits.load();
  s.failed_calls = m_failed_calls.load();
  s.budget_skipped = m_budget_skipped.load();
  s.deadline_skipped = m_deadline_skipped.load();
  s.tokens_in = m_tokens_in.load();
  s.tokens_out = m_tokens_out.load();
  s.peak_in_flight = m_http->peak_in_flight();
  return s;
}

}  // namespace review
