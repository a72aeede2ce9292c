#include "reviewers/builtin/lexical.h"

#include <gtest/gtest.h>

namespace review::builtin {
namespace {

TEST(Lexical, EntropyAndPlaceholders) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2.0);
  EXPECT_GT(shannon_entropy("k9$Tq2!vLm8#Zp4w"), 3.5);
  for (auto v : {"changeme", "xxxxxxxxxx", "<your-api-key>", "${API_KEY}", "dummy-secret", "short"})
    EXPECT_TRUE(looks_like_placeholder(v)) << v;
  EXPECT_FALSE(looks_like_placeholder("k9$Tq2!vLm8#Zp4w"));
}

TEST(Lexical, MaskKeepsOffsetsAndBlanksCommentsAndStrings) {
  std::string code = "gets(buf); // gets(x)\ns = \"gets(\";\n/* strcpy(a, b)\n still */ x;\n";
  std::string masked = mask_source(code, "c", MaskMode::comments_and_strings);
  ASSERT_EQ(masked.size(), code.size());
  EXPECT_EQ(masked, "gets(buf);           \ns = \"     \";\n               \n          x;\n");
  EXPECT_EQ(mask_source(code, "c", MaskMode::comments), "gets(buf);           \ns = \"gets(\";\n               \n          x;\n");
  EXPECT_EQ(mask_source("x = '#' # eval(y)\n", "python", MaskMode::comments_and_strings), "x = ' '          \n");
  EXPECT_EQ(mask_source("s = \"\"\"a\nb\"\"\"\n", "python", MaskMode::comments_and_strings), "s = \"\"\" \n \"\"\"\n");
  EXPECT_EQ(mask_source("fn f<'a>(x: &'a str) -> char { 'x' }", "rust", MaskMode::comments_and_strings),
            "fn f<'a>(x: &'a str) -> char { ' ' }");
  EXPECT_EQ(mask_source("no change # here", "", MaskMode::comments_and_strings), "no change # here");
}

TEST(Lexical, KeywordPrefilterScopeExcludeAndEntropy) {
  Rule gets;
  gets.id = "gets";
  gets.languages = {"c"};
  gets.pattern = R"(\bgets\s*\()";
  gets.keywords = {"gets"};
  Rule secret;
  secret.id = "secret";
  secret.languages = {"*"};
  secret.scope = LexicalScope::line;
  secret.pattern = R"re(token\s*=\s*"(?P<value>[^"]+)")re";
  secret.min_entropy = 3.0;
  secret.exclude = "example";
  LexicalSet set({&gets, &secret});
  std::string text =
      "gets(buf);\n"
      "// gets(buf)\n"
      "token = \"changeme\"\n"
      "token = \"Zk8q2LmX9vTp4Wr7\"\n"
      "token = \"Zk8q2LmX9vTp4Wr7\" // example\n";
  std::vector<std::pair<std::string, int>> hits;
  set.for_each_match("c", text, 10, 10, 14,
                     [&](const LexicalMatch& m) { hits.emplace_back(m.rule->id, m.line); });
  EXPECT_EQ(hits, (std::vector<std::pair<std::string, int>>{{"gets", 10}, {"secret", 13}}));
  hits.clear();
  set.for_each_match("c", text, 10, 11, 12, [&](const LexicalMatch& m) { hits.emplace_back(m.rule->id, m.line); });
  EXPECT_TRUE(hits.empty()) << "lines outside [from, to] are not reported";
}

}  // namespace
}  // namespace review::builtin
