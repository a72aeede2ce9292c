// Every grammar loads, has an ABI the runtime accepts, and parses a line of its language.
#include "git/grammar.h"

#include <gtest/gtest.h>
#include <tree_sitter/api.h>

#include <map>
#include <string>

namespace review {

TEST(Grammar, EveryLanguageParsesWithoutErrors) {
  std::map<std::string, std::string> samples{
      {"c", "int main(void) { return 0; }\n"},
      {"cpp", "namespace a { class B { int f() const { return 1; } }; }\n"},
      {"python", "def f(x):\n    return x + 1\n"},
      {"javascript", "function f(x) { return x + 1; }\n"},
      {"typescript", "function f(x: number): number { return x + 1; }\n"},
      {"tsx", "const A = () => <div>{1}</div>;\n"},
      {"go", "package main\nfunc f() int { return 1 }\n"},
      {"rust", "fn f() -> i32 { 1 }\n"},
      {"java", "class A { int f() { return 1; } }\n"},
  };
  ASSERT_EQ(grammar_languages().size(), samples.size());
  for (auto lang : grammar_languages()) {
    const TSLanguage* g = grammar_for(lang);
    ASSERT_NE(g, nullptr) << lang;
    TSParser* parser = ts_parser_new();
    ASSERT_TRUE(ts_parser_set_language(parser, g)) << lang << " ABI " << ts_language_version(g);
    const std::string& src = samples.at(std::string(lang));
    TSTree* tree = ts_parser_parse_string(parser, nullptr, src.data(), static_cast<uint32_t>(src.size()));
    ASSERT_NE(tree, nullptr);
    EXPECT_FALSE(ts_node_has_error(ts_tree_root_node(tree))) << lang;
    ts_tree_delete(tree);
    ts_parser_delete(parser);
  }
  EXPECT_EQ(grammar_for("cobol"), nullptr);
}

}  // namespace review
