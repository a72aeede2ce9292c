// Spellings and defaults of the LLM configuration values.
#include "reviewers/llm/llm_config.h"

#include <array>

namespace review {

const char* to_string(LlmProvider provider) {
  switch (provider) {
    case LlmProvider::openai: return "openai";
    case LlmProvider::anthropic: return "anthropic";
  }
  return "openai";
}

std::optional<LlmProvider> parse_llm_provider(std::string_view text) {
  if (text == "openai") return LlmProvider::openai;
  if (text == "anthropic") return LlmProvider::anthropic;
  return std::nullopt;
}

const char* to_string(StructuredOutput mode) {
  switch (mode) {
    case StructuredOutput::json_schema: return "json_schema";
    case StructuredOutput::json_object: return "json_object";
    case StructuredOutput::none: return "none";
  }
  return "none";
}

std::optional<StructuredOutput> parse_structured_output(std::string_view text) {
  if (text == "json_schema") return StructuredOutput::json_schema;
  if (text == "json_object") return StructuredOutput::json_object;
  if (text == "none") return StructuredOutput::none;
  return std::nullopt;
}

const char* to_string(LlmFailurePolicy policy) {
  return policy == LlmFailurePolicy::fail_closed ? "fail-closed" : "fail-open";
}

std::optional<LlmFailurePolicy> parse_llm_failure_policy(std::string_view text) {
  if (text == "fail-open") return LlmFailurePolicy::fail_open;
  if (text == "fail-closed") return LlmFailurePolicy::fail_closed;
  return std::nullopt;
}

std::string effective_api_key_env(const LlmConfig& config) {
  if (!config.api_key_env.empty()) return config.api_key_env;
  return config.provider == LlmProvider::anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
}

std::string effective_base_url(const LlmConfig& config) {
  std::string url = config.base_url;
  if (url.empty())
    url = config.provider == LlmProvider::anthropic ? "https://api.anthropic.com" : "https://api.openai.com/v1";
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::span<const std::string_view> llm_trusted_only_keys() {
  static constexpr std::array<std::string_view, 3> k_keys{"provider", "base_url", "api_key_env"};
  return k_keys;
}

}  // namespace review
