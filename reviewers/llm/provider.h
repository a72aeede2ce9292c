// The wire formats of LLM providers, one implementation per file: llm_openai.cc (OpenAI
// Chat Completions and compatibles), llm_anthropic.cc (Anthropic Messages). A provider
// turns a Prompt into an HTTP request and a response body into answer text and usage;
// retries, timeouts, caching and budgets are LlmClient's.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "reviewers/llm/http_client.h"
#include "reviewers/llm/llm_config.h"
#include "reviewers/llm/prompt.h"
#include "reviewers/voter.h"
#include "util/error.h"

namespace review {

/// A successful reply: the model's text and the tokens it counted.
struct ProviderReply {
  std::string text;
  TokenUsage tokens;
};

class ProviderApi {
 public:
  virtual ~ProviderApi() = default;
  virtual LlmProvider provider() const = 0;
  /// The POST for `prompt` (url, headers with `api_key` unless empty, JSON body). Timeouts
  /// and cost are left for the caller to fill in.
  virtual HttpRequest build_request(const LlmConfig& config, const Prompt& prompt, std::string_view model,
                                    double temperature, std::string_view api_key) const = 0;
  /// The answer in a 2xx response body. Error (kind input) with a short reason when the
  /// body is not the provider's response shape or carries no text. Never throws.
  Expected<ProviderReply> parse_reply(std::string_view body) const;

 protected:
  /// parse_reply's provider-specific part; may throw nlohmann::json::exception when a field
  /// has an unexpected type (parse_reply turns that into a malformed-response error).
  virtual Expected<ProviderReply> parse_body(std::string_view body) const = 0;
};

std::unique_ptr<ProviderApi> make_openai_api();     // llm_openai.cc
std::unique_ptr<ProviderApi> make_anthropic_api();  // llm_anthropic.cc
std::unique_ptr<ProviderApi> make_provider_api(LlmProvider provider);

}  // namespace review
