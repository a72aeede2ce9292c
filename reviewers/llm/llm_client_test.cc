// Retry policy arithmetic and configuration checks of LlmClient (the HTTP behaviour is
// tested end to end against the fake server in tests/llm_voter_test.cc).
#include "reviewers/llm/llm_client.h"

#include <gtest/gtest.h>

namespace review {
namespace {

TEST(LlmClient, BackoffDoublesWithJitterAndCap) {
  EXPECT_EQ(backoff_delay_ms(500, 30'000, 0, std::nullopt, 0.0), 250);
  EXPECT_EQ(backoff_delay_ms(500, 30'000, 0, std::nullopt, 1.0), 500);
  EXPECT_EQ(backoff_delay_ms(500, 30'000, 3, std::nullopt, 1.0), 4000);
  EXPECT_EQ(backoff_delay_ms(500, 30'000, 20, std::nullopt, 1.0), 30'000);
  long mid = backoff_delay_ms(500, 30'000, 2, std::nullopt, 0.5);
  EXPECT_GT(mid, 1000);
  EXPECT_LT(mid, 2000);
}

TEST(LlmClient, BackoffNeverUndercutsRetryAfter) {
  EXPECT_EQ(backoff_delay_ms(500, 30'000, 0, 7, 0.0), 7000);
  EXPECT_EQ(backoff_delay_ms(500, 1000, 5, 2, 1.0), 2000);
}

TEST(LlmClient, RetryableResponses) {
  auto status = [](long s) {
    HttpResponse r;
    r.status = s;
    return r;
  };
  EXPECT_TRUE(is_retryable(status(429)));
  EXPECT_TRUE(is_retryable(status(500)));
  EXPECT_TRUE(is_retryable(status(503)));
  EXPECT_TRUE(is_retryable(status(408)));
  EXPECT_FALSE(is_retryable(status(400)));
  EXPECT_FALSE(is_retryable(status(401)));
  EXPECT_FALSE(is_retryable(status(200)));
  HttpResponse timeout;
  timeout.failure = HttpFailure::timeout;
  EXPECT_TRUE(is_retryable(timeout));
  HttpResponse cancelled;
  cancelled.failure = HttpFailure::cancelled;
  EXPECT_FALSE(is_retryable(cancelled));
}

TEST(LlmClient, RejectsBadConfiguration) {
  LlmConfig config;
  auto no_model = LlmClient::create(config);
  ASSERT_FALSE(no_model);
  EXPECT_EQ(no_model.error().kind, ErrorKind::config);
  config.model = "m";
  config.base_url = "ftp://example.com";
  EXPECT_FALSE(LlmClient::create(config));
  config.base_url = "http://127.0.0.1:9";
  config.max_in_flight = 0;
  EXPECT_FALSE(LlmClient::create(config));
  config.max_in_flight = 2;
  EXPECT_TRUE(LlmClient::create(config));
}

TEST(LlmConfig, DefaultsAndTrustedKeys) {
  LlmConfig config;
  EXPECT_EQ(effective_api_key_env(config), "OPENAI_API_KEY");
  EXPECT_EQ(effective_base_url(config), "https://api.openai.com/v1");
  config.provider = LlmProvider::anthropic;
  EXPECT_EQ(effective_api_key_env(config), "ANTHROPIC_API_KEY");
  EXPECT_EQ(effective_base_url(config), "https://api.anthropic.com");
  config.base_url = "http://localhost:8080/v1/";
  EXPECT_EQ(effective_base_url(config), "http://localhost:8080/v1");
  auto keys = llm_trusted_only_keys();
  EXPECT_NE(std::find(keys.begin(), keys.end(), "base_url"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "api_key_env"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "provider"), keys.end());
  EXPECT_EQ(parse_llm_provider("anthropic"), LlmProvider::anthropic);
  EXPECT_FALSE(parse_llm_provider("gemini"));
  EXPECT_EQ(parse_llm_failure_policy("fail-closed"), LlmFailurePolicy::fail_closed);
  EXPECT_EQ(parse_structured_output("json_object"), StructuredOutput::json_object);
}

}  // namespace
}  // namespace review
