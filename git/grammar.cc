// Grammar table: language id -> tree_sitter_<name>() from the compiled npm grammars.
#include "git/grammar.h"

#include <tree_sitter/api.h>

#include <array>

extern "C" {
const TSLanguage* tree_sitter_c(void);
const TSLanguage* tree_sitter_cpp(void);
const TSLanguage* tree_sitter_python(void);
const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
const TSLanguage* tree_sitter_go(void);
const TSLanguage* tree_sitter_rust(void);
const TSLanguage* tree_sitter_java(void);
}

namespace review {

namespace {
struct GrammarEntry {
  std::string_view language;
  const TSLanguage* (*load)(void);
};
constexpr std::array k_grammars{
    GrammarEntry{"c", tree_sitter_c},           GrammarEntry{"cpp", tree_sitter_cpp},
    GrammarEntry{"python", tree_sitter_python}, GrammarEntry{"javascript", tree_sitter_javascript},
    GrammarEntry{"typescript", tree_sitter_typescript}, GrammarEntry{"tsx", tree_sitter_tsx},
    GrammarEntry{"go", tree_sitter_go},         GrammarEntry{"rust", tree_sitter_rust},
    GrammarEntry{"java", tree_sitter_java},
};
constexpr std::array<std::string_view, k_grammars.size()> k_names{"c", "cpp", "python", "javascript", "typescript",
                                                                   "tsx", "go", "rust", "java"};
}  // namespace

const TSLanguage* grammar_for(std::string_view language) {
  for (const auto& g : k_grammars)
    if (g.language == language) return g.load();
  return nullptr;
}

std::span<const std::string_view> grammar_languages() { return k_names; }

}  // namespace review
