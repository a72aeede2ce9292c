// HTTP for LLM voters: libcurl's multi interface driven by one I/O thread, so that many
// requests are in flight at once without occupying TBB workers (DESIGN.md "Concurrency").
//
// submit() queues a request (optionally "not before" a time point, which is how retries
// back off without sleeping anywhere) and returns at once; the I/O thread starts up to
// `max_in_flight` transfers, honours the rate limits, and calls the request's callback on
// completion — always exactly once, also on timeout, network error, or shutdown.
//
// Secrets: request headers carry the API key but are never logged or echoed; curl's error
// text (CURLOPT_ERRORBUFFER) is scrubbed of every string in HttpClientOptions::secrets.
// CURLOPT_VERBOSE is never set, redirects are not followed, only http/https are allowed.
//
// libcurl is not linked but loaded on first use (reviewers/llm/curl_api.h), so the offline
// review never loads it. Without it every request fails with HttpFailure::error and the
// one-line "LLM voters need libcurl …" message; nothing crashes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace review {

/// Process-wide libcurl initialisation (curl_global_init/cleanup). Make one first in main;
/// HttpClient also holds one of its own, so tests and benchmarks need nothing. Reference
/// counted by libcurl; not copyable. Loads libcurl (curl_api()) if not loaded yet, and does
/// nothing when it cannot be loaded.
class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

/// How a request failed, coarse enough to decide on a retry.
enum class HttpFailure {
  none,       ///< a response arrived (any status; see HttpResponse::status)
  error,      ///< connection refused, DNS, TLS, reset, oversized response …
  timeout,    ///< the connect or total timeout expired
  cancelled,  ///< the client shut down before the request completed
};
const char* to_string(HttpFailure failure);

struct HttpRequest {
  std::string url;                   ///< absolute http(s) URL
  std::vector<std::string> headers;  ///< "Name: value" lines (may contain the API key)
  std::string body;                  ///< POST body; the request is always a POST
  long connect_timeout_ms = 10'000;
  long timeout_ms = 60'000;          ///< total, including connect
  long cost_tokens = 0;              ///< estimated tokens, for the tokens-per-minute limit
};

struct HttpResponse {
  HttpFailure failure = HttpFailure::none;
  long status = 0;                     ///< HTTP status when failure == none
  std::string body;
  std::optional<long> retry_after_s;   ///< Retry-After (seconds or HTTP-date), when sent and > 0
  std::string error;                   ///< one-line, scrubbed, when failure != none
};

struct HttpClientOptions {
  int max_in_flight = 8;
  int requests_per_minute = 0;        ///< 0 = unlimited
  long tokens_per_minute = 0;         ///< 0 = unlimited
  long max_response_bytes = 8 << 20;  ///< larger responses fail with HttpFailure::error
  std::vector<std::string> secrets;   ///< strings scrubbed from error messages (the API key)
};

class HttpClient {
 public:
  using Clock = std::chrono::steady_clock;
  /// Called on the I/O thread. Must not block; may call submit(). Exceptions are swallowed.
  using Callback = std::function<void(HttpResponse)>;

  /// Starts the I/O thread (none when libcurl cannot be loaded; see submit()).
  explicit HttpClient(HttpClientOptions options);
  /// Stops the I/O thread; queued and in-flight requests complete with HttpFailure::cancelled.
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Queues `request`; it starts no earlier than `not_before`. Thread-safe, never blocks on
  /// the network. After shutdown began, `done` is called at once with `cancelled`; when
  /// libcurl cannot be loaded, at once with `error` and curl_api()'s one-line message.
  void submit(HttpRequest request, Callback done, Clock::time_point not_before = {});

  /// Most transfers that were running at the same time so far.
  int peak_in_flight() const;
  /// Stops the I/O thread (as the destructor does) and waits for it; later submits complete
  /// at once with `cancelled`. Idempotent. Must not be called from the I/O thread.
  void shutdown();
  /// True when called from this client's I/O thread (i.e. from inside a callback), where
  /// the client must not be destroyed: its destructor joins that thread.
  bool on_io_thread() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Replaces every occurrence of each non-empty secret in `text` with "<redacted>".
std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets);

}  // namespace review
