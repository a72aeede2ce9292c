// Anthropic Messages (https://docs.anthropic.com/en/api/messages): POST
// {base_url}/v1/messages with "x-api-key" and "anthropic-version". The system prompt and
// the chunk block carry cache_control breakpoints (prompt caching: the three voters of a
// chunk share everything up to the variant instruction, which is the last block).
// Anthropic has no response_format; the prompt asks for the JSON object.
#include <nlohmann/json.hpp>

#include "reviewers/llm/provider.h"

namespace review {

namespace {

class AnthropicApi final : public ProviderApi {
 public:
  LlmProvider provider() const override { return LlmProvider::anthropic; }

  HttpRequest build_request(const LlmConfig& config, const Prompt& prompt, std::string_view model,
                            double temperature, std::string_view api_key) const override {
    const nlohmann::json ephemeral = {{"type", "ephemeral"}};
    nlohmann::json body = {
        {"model", model},
        {"max_tokens", config.max_output_tokens},
        {"temperature", temperature},
        {"system", nlohmann::json::array({{{"type", "text"}, {"text", prompt.system}, {"cache_control", ephemeral}}})},
        {"messages", nlohmann::json::array({{{"role", "user"},
                                             {"content", nlohmann::json::array({
                                                             {{"type", "text"},
                                                              {"text", prompt.shared_user},
                                                              {"cache_control", ephemeral}},
                                                             {{"type", "text"}, {"text", prompt.variant_user}},
                                                         })}}})},
    };
    HttpRequest request;
    request.url = effective_base_url(config) + "/v1/messages";
    request.headers = {"Content-Type: application/json", "Accept: application/json",
                       "anthropic-version: " + config.anthropic_version};
    if (!api_key.empty()) request.headers.push_back("x-api-key: " + std::string(api_key));
    request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return request;
  }

 protected:
  Expected<ProviderReply> parse_body(std::string_view body) const override {
    nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    if (!doc.is_object()) return fail(ErrorKind::input, "malformed response: not a JSON object");
    auto content = doc.find("content");
    if (content == doc.end() || !content->is_array()) return fail(ErrorKind::input, "malformed response: no content");
    ProviderReply reply;
    bool any_text = false;
    for (const auto& block : *content) {
      if (!block.is_object() || block.value("type", "") != "text") continue;
      auto text = block.find("text");
      if (text == block.end() || !text->is_string()) continue;
      reply.text += text->get<std::string>();
      any_text = true;
    }
    if (!any_text) return fail(ErrorKind::input, "malformed response: no text block");
    if (auto usage = doc.find("usage"); usage != doc.end() && usage->is_object()) {
      reply.tokens.in = usage->value("input_tokens", 0L) + usage->value("cache_creation_input_tokens", 0L) +
                        usage->value("cache_read_input_tokens", 0L);
      reply.tokens.out = usage->value("output_tokens", 0L);
    }
    return reply;
  }
};

}  // namespace

std::unique_ptr<ProviderApi> make_anthropic_api() { return std::make_unique<AnthropicApi>(); }

}  // namespace review
