// OpenAI-compatible Chat Completions (https://platform.openai.com/docs/api-reference/chat):
// POST {base_url}/chat/completions with "Authorization: Bearer KEY". Works with OpenAI,
// vLLM, llama.cpp server, Ollama's /v1 and OpenRouter. The system prompt is the first
// message and the chunk opens the user message, so automatic prefix caching applies to
// everything but the variant instruction at the end. Structured output is requested with
// response_format (json_schema, strict) or JSON mode (json_object) per configuration.
#include <nlohmann/json.hpp>

#include "reviewers/llm/answer_parser.h"
#include "reviewers/llm/provider.h"

namespace review {

namespace {

class OpenAiApi final : public ProviderApi {
 public:
  LlmProvider provider() const override { return LlmProvider::openai; }

  HttpRequest build_request(const LlmConfig& config, const Prompt& prompt, std::string_view model,
                            double temperature, std::string_view api_key) const override {
    nlohmann::json body = {
        {"model", model},
        {"messages",
         nlohmann::json::array({{{"role", "system"}, {"content", prompt.system}},
                                {{"role", "user"}, {"content", prompt.shared_user + "\n\n" + prompt.variant_user}}})},
        {"temperature", temperature},
        {"max_tokens", config.max_output_tokens},
    };
    switch (config.structured_output) {
      case StructuredOutput::json_schema:
        body["response_format"] = {
            {"type", "json_schema"},
            {"json_schema", {{"name", "review_findings"}, {"strict", true}, {"schema", answer_json_schema()}}}};
        break;
      case StructuredOutput::json_object: body["response_format"] = {{"type", "json_object"}}; break;
      case StructuredOutput::none: break;
    }
    HttpRequest request;
    request.url = effective_base_url(config) + "/chat/completions";
    request.headers = {"Content-Type: application/json", "Accept: application/json"};
    if (!api_key.empty()) request.headers.push_back("Authorization: Bearer " + std::string(api_key));
    request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return request;
  }

 protected:
  Expected<ProviderReply> parse_body(std::string_view body) const override {
    nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    if (!doc.is_object()) return fail(ErrorKind::input, "malformed response: not a JSON object");
    auto choices = doc.find("choices");
    if (choices == doc.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object())
      return fail(ErrorKind::input, "malformed response: no choices");
    const auto& message = (*choices)[0].value("message", nlohmann::json::object());
    auto content = message.find("content");
    if (content == message.end() || !content->is_string())
      return fail(ErrorKind::input, "malformed response: no message content");
    ProviderReply reply;
    reply.text = content->get<std::string>();
    if (auto usage = doc.find("usage"); usage != doc.end() && usage->is_object()) {
      reply.tokens.in = usage->value("prompt_tokens", 0L);
      reply.tokens.out = usage->value("completion_tokens", 0L);
    }
    return reply;
  }
};

}  // namespace

std::unique_ptr<ProviderApi> make_openai_api() { return std::make_unique<OpenAiApi>(); }

Expected<ProviderReply> ProviderApi::parse_reply(std::string_view body) const {
  try {
    return parse_body(body);
  } catch (const nlohmann::json::exception&) {  // a field of an unexpected type
    return fail(ErrorKind::input, "malformed response: unexpected field type");
  }
}

std::unique_ptr<ProviderApi> make_provider_api(LlmProvider provider) {
  return provider == LlmProvider::anthropic ? make_anthropic_api() : make_openai_api();
}

}  // namespace review
