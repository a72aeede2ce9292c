// Redaction of secrets before text leaves the machine.
#include "reviewers/llm/redactor.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace review {
namespace {

TEST(Redactor, ReplacesProviderKeysWithTheirRule) {
  Redactor redact = default_redactor();
  std::string text =
      "openai = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123'\n"
      "anthropic = \"sk-ant-api03-abcdefghijklmnopqrstuvwxyz\"\n"
      "aws = AKIAIOSFODNN7EXAMPLE\n"
      "gh = ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
      "task-abcdefghijklmnopqrstuvwxyz stays\n";
  std::string out = redact(text);
  EXPECT_NE(out.find("openai = '<redacted:openai-key>'"), std::string::npos) << out;
  EXPECT_NE(out.find("anthropic = \"<redacted:anthropic-key>\""), std::string::npos) << out;
  EXPECT_NE(out.find("aws = <redacted:aws-access-key-id>"), std::string::npos) << out;
  EXPECT_NE(out.find("gh = <redacted:github-token>"), std::string::npos) << out;
  EXPECT_NE(out.find("task-abcdefghijklmnopqrstuvwxyz stays"), std::string::npos) << out;
  EXPECT_EQ(out.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
}

TEST(Redactor, KeepsTheLineCountOfMultiLineSecrets) {
  std::string text =
      "key = '''\n"
      "-----BEGIN RSA PRIVATE KEY-----\n"
      "MIIEowIBAAKCAQEA\n"
      "abcdef\n"
      "-----END RSA PRIVATE KEY-----\n"
      "'''\n"
      "after = 1\n";
  std::string out = default_redactor()(text);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(out.find("MIIEowIBAAKCAQEA"), std::string::npos);
  EXPECT_NE(out.find("<redacted:private-key>"), std::string::npos);
  EXPECT_TRUE(out.ends_with("'''\nafter = 1\n")) << out;
}

TEST(Redactor, CustomPatternsWithGroupsAndChaining) {
  Redactor custom = make_pattern_redactor({{"bad", "(unbalanced"}, {"pw", R"(password=(\w+))"}, {"tok", "TOK[0-9]+"}});
  EXPECT_EQ(custom("a password=hunter2 b TOK123"), "a <redacted:pw> b <redacted:tok>");
  Redactor both = chain_redactors(custom, [](std::string_view t) { return std::string(t) + "!"; });
  EXPECT_EQ(both("TOK1"), "<redacted:tok>!");
  EXPECT_EQ(chain_redactors(nullptr, custom)("TOK9"), "<redacted:tok>");
}

}  // namespace
}  // namespace review
