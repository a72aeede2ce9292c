#include "reviewers/builtin/rule_pack.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace review::builtin {
namespace {

TEST(RulePack, ParsesDefaultsAndFields) {
  auto rules = parse_rule_pack(R"(
reviewer = "security"
voter = "lexical"
[[rule]]
id = "x.one"
severity = "high"
languages = ["*"]
category = "CWE-798"
message = "m"
keywords = ["Token"]
scope = "line"
pattern = 'token'
)", "test.toml");
  ASSERT_TRUE(rules.has_value()) << rules.error().message;
  ASSERT_EQ(rules->size(), 1u);
  const Rule& r = rules->front();
  EXPECT_EQ(r.reviewer, "security");
  EXPECT_EQ(r.voter, "lexical");
  EXPECT_EQ(r.severity, Severity::high);
  EXPECT_EQ(r.keywords, std::vector<std::string>{"token"});
  EXPECT_EQ(r.scope, LexicalScope::line);
  EXPECT_EQ(r.origin, "test.toml");
  EXPECT_TRUE(r.applies_to("go"));
  EXPECT_TRUE(make_rule_set(*rules).has_value());
}

TEST(RulePack, OneLineErrorsNameOriginAndRule) {
  auto bad_toml = parse_rule_pack("[[rule]\nid=", "a.toml");
  ASSERT_FALSE(bad_toml.has_value());
  EXPECT_NE(bad_toml.error().message.find("a.toml"), std::string::npos);
  auto unknown_key = parse_rule_pack("[[rule]]\nid='r'\nreviewer='security'\nvoter='query'\nlanguages=['c']\n"
                                     "category='CWE-78'\nmessage='m'\nquery='(identifier) @m'\ncolour='red'\n",
                                     "b.toml");
  ASSERT_FALSE(unknown_key.has_value());
  EXPECT_EQ(unknown_key.error().message, "b.toml: r: unknown key 'colour'");
  auto both = parse_rule_pack("[[rule]]\nid='r'\nreviewer='s'\nvoter='q'\nlanguages=['c']\ncategory='c'\nmessage='m'\n",
                              "c.toml");
  ASSERT_FALSE(both.has_value());
  EXPECT_NE(both.error().message.find("exactly one of 'query' and 'pattern'"), std::string::npos);
}

TEST(RulePack, ValidationRejectsBadCategoryQueryAndDuplicates) {
  auto rules = parse_rule_pack(R"(
[[rule]]
id = "a"
reviewer = "security"
voter = "query"
languages = ["python"]
category = "CWE-99999"
message = "m"
query = "(identifier) @match"
)", "t.toml");
  ASSERT_TRUE(rules.has_value());
  auto set = make_rule_set(*rules);
  ASSERT_FALSE(set.has_value());
  EXPECT_NE(set.error().message.find("not in the security taxonomy"), std::string::npos);
  (*rules)[0].category = "CWE-78";
  (*rules)[0].query = "(no_such_node) @match";
  EXPECT_FALSE(make_rule_set(*rules).has_value());
  (*rules)[0].query = "(identifier) @match";
  auto twice = *rules;
  twice.push_back(twice[0]);
  auto dup = make_rule_set(twice);
  ASSERT_FALSE(dup.has_value());
  EXPECT_NE(dup.error().message.find("duplicate rule id"), std::string::npos);
}

TEST(RulePack, UserPacksExtendTheBuiltins) {
  auto dir = std::filesystem::temp_directory_path() / "review_rule_pack_test";
  std::filesystem::create_directories(dir);
  auto path = (dir / "mine.toml").string();
  std::ofstream(path) << "[[rule]]\nid='mine.no-foo'\nreviewer='security'\nvoter='lexical'\nlanguages=['*']\n"
                         "category='CWE-20'\nmessage='no foo'\npattern='foo'\n";
  auto set = rules_with_packs({path});
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_NE((*set)->find("mine.no-foo"), nullptr);
  EXPECT_EQ((*set)->rules.size(), builtin_rules()->rules.size() + 1);
  EXPECT_FALSE(rules_with_packs({(dir / "missing.toml").string()}).has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace review::builtin
