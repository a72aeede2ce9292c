// Configuration of LLM voters: which provider and model, how hard to push it (in-flight
// requests, rate limits, retries, timeouts), what a run may spend (calls, tokens, deadline),
// and where answers are cached. Plain values; the configuration loader (.review.toml) and
// the CLI flags (plugin/options.h) fill it, make_llm_client() checks it.
//
// Trust rule (docs/llm.md): when the reviewed change is untrusted (`--base` in CI), a
// .review.toml from the reviewed tree may not set the fields listed by
// llm_trusted_only_keys() unless --trust-repo-config is given — otherwise a pull request
// could send the code, or the key, to an endpoint of its choosing.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace review {

/// The wire protocol spoken to the endpoint.
enum class LlmProvider {
  openai,     ///< OpenAI-compatible Chat Completions: POST {base_url}/chat/completions
  anthropic,  ///< Anthropic Messages: POST {base_url}/v1/messages
};
const char* to_string(LlmProvider provider);  ///< "openai" | "anthropic"
std::optional<LlmProvider> parse_llm_provider(std::string_view text);

/// How OpenAI-compatible endpoints are asked for JSON. json_schema is the strictest (OpenAI,
/// recent vLLM/llama.cpp/Ollama); json_object for servers that only know JSON mode; none
/// relies on the prompt alone. Anthropic has no such parameter (the prompt asks for JSON).
enum class StructuredOutput { json_schema, json_object, none };
const char* to_string(StructuredOutput mode);
std::optional<StructuredOutput> parse_structured_output(std::string_view text);

/// What a run does when LLM calls fail: fail_open reports the findings that exist and
/// exits by them (default for the pre-commit hook); fail_closed exits 3 (ExitCode::backend)
/// when any voter call failed (see LlmStats::failed_calls).
enum class LlmFailurePolicy { fail_open, fail_closed };
const char* to_string(LlmFailurePolicy policy);  ///< "fail-open" | "fail-closed"
std::optional<LlmFailurePolicy> parse_llm_failure_policy(std::string_view text);

/// One LLM voter of a reviewer: which prompt variant it uses and optional overrides.
struct LlmVoterSpec {
  int variant = 0;                         ///< 0-based index into the reviewer's prompt variants (wraps)
  std::optional<double> temperature;       ///< overrides the variant's temperature
  std::optional<std::string> model;        ///< overrides LlmConfig::model for this voter
};

struct LlmConfig {
  LlmProvider provider = LlmProvider::openai;
  /// Endpoint root without the API path: "https://api.openai.com/v1",
  /// "http://localhost:11434/v1" (Ollama), "https://api.anthropic.com". Empty = provider default.
  std::string base_url;
  std::string model;                        ///< required, e.g. "gpt-4o-mini", "claude-3-5-haiku-latest"
  std::string fallback_model;               ///< tried once when `model` fails after retries; "" = none
  /// Name of the environment variable holding the API key; "" = provider default
  /// (OPENAI_API_KEY / ANTHROPIC_API_KEY). The key itself is never stored in configuration.
  std::string api_key_env;
  std::string anthropic_version = "2023-06-01";  ///< `anthropic-version` header
  StructuredOutput structured_output = StructuredOutput::json_schema;

  int max_in_flight = 8;             ///< concurrent HTTP requests (--max-in-flight)
  int requests_per_minute = 0;       ///< 0 = unlimited
  long tokens_per_minute = 0;        ///< input+output tokens per minute; 0 = unlimited
  long connect_timeout_ms = 10'000;  ///< per request
  long timeout_ms = 120'000;         ///< per request, total (connect + transfer)
  int max_retries = 3;               ///< retries after the first attempt on 429/5xx/timeout/network error
  long retry_base_ms = 500;          ///< backoff: base * 2^attempt with jitter, capped by retry_max_ms
  long retry_max_ms = 30'000;        ///< cap of one backoff wait (a Retry-After above it is still honoured up to the deadline)
  int max_output_tokens = 2048;      ///< `max_tokens` sent to the provider

  std::optional<double> deadline_s;  ///< whole-run deadline (--deadline); calls after it abstain "deadline"
  std::optional<int> max_calls;      ///< cap on LLM calls made by a run (--max-calls); beyond it: "budget"
  std::optional<long> max_tokens;    ///< cap on tokens in+out of a run (--max-tokens); beyond it: "budget"
  LlmFailurePolicy policy = LlmFailurePolicy::fail_open;

  /// Answer cache folder, e.g. "<gitdir>/review-cache"; "" = no cache.
  std::string cache_dir;
  bool no_cache = false;  ///< --no-cache: neither read nor write the cache

  /// Default voters of a reviewer when none are configured: variants 0, 1, 2.
  std::vector<LlmVoterSpec> voters;
};

/// The API key variable a configuration uses (api_key_env or the provider default).
std::string effective_api_key_env(const LlmConfig& config);
/// The endpoint root a configuration uses (base_url or the provider default), without a trailing '/'.
std::string effective_base_url(const LlmConfig& config);

/// Configuration keys (under [llm] in .review.toml) that a configuration file from the
/// reviewed tree may not set on untrusted changes without --trust-repo-config:
/// "provider", "base_url", "api_key_env".
std::span<const std::string_view> llm_trusted_only_keys();

}  // namespace review
