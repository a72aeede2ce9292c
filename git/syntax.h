// Syntax rules: what the chunker needs to know about each grammar — which node types are
// definitions (function, method, class, struct, impl …), which are scopes (namespaces,
// modules), which wrap a definition (decorators, `template<…>`, `export`), which attach to
// the definition that follows them (comments, Rust attributes), and how a definition is named.
//
// Node types come from the grammars' node-types.json (npm tree-sitter-* 0.23.x). For
// example, in C++
//
//   namespace a::b {                     namespace_definition  scope "a::b"
//   template <class T>                   template_declaration  wrapper
//   int Parser::parse() const { … }      function_definition   definition "Parser::parse"
//   }
//
// gives the symbol path "a::b::Parser::parse".
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace review {

/// The part a node plays for the chunker.
enum class NodeRole : std::uint8_t {
  none,        ///< ordinary node
  definition,  ///< a unit of review: function, method, class, struct, impl block …
  scope,       ///< a named container whose body reads like top level: namespace, mod, TS namespace
  wrapper,     ///< wraps a definition and belongs to it (decorated_definition, template_declaration, export)
  comment,     ///< attaches to the definition directly below it when no blank line separates them
};

/// Per-language syntax rules. Built once per language (static, immutable): thread-safe.
class SyntaxRules {
 public:
  /// Rules for a language id ("c", "cpp", "python", "javascript", "typescript", "tsx", "go",
  /// "rust", "java"), or nullptr if the language has no grammar. Borrowed, static.
  static const SyntaxRules* for_language(std::string_view language);

  /// The grammar (borrowed, static).
  const TSLanguage* grammar() const { return m_grammar; }

  /// Separator of symbol paths: "::" for C, C++ and Rust, "." for the others.
  std::string_view separator() const { return m_separator; }

  /// The role of `node`, from its own type and children only (never ts_node_parent, which
  /// walks down from the root). Conditional kinds are resolved here: a C struct is a
  /// definition only with a body; a JS `const f = () => {}` declarator only when its value
  /// is a function or class; `lexical_declaration` wraps only a single declarator.
  NodeRole role(TSNode node) const;

  /// The name of a definition or scope node as written ("parse", "Parser::parse" for a
  /// C++ out-of-line method, "Server.Handle" for a Go method, "Parser" for a Rust impl),
  /// whitespace collapsed and at most 200 bytes; "" for anonymous ones. `source` is the
  /// text the tree was parsed from.
  std::string name(TSNode node, std::string_view source) const;

 private:
  friend struct SyntaxRulesBuilder;
  SyntaxRules() = default;

  enum class Condition : std::uint8_t { none, has_body, function_value, single_child };
  struct SymbolRule {
    NodeRole role = NodeRole::none;
    Condition condition = Condition::none;
  };

  const TSLanguage* m_grammar = nullptr;
  std::string_view m_language;
  std::string_view m_separator;
  std::vector<SymbolRule> m_rules;  // indexed by TSSymbol
};

}  // namespace review
