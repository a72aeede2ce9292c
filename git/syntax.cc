// Syntax rules per grammar. Node-type names are looked up once per language and turned into
// a table indexed by TSSymbol, so classifying a node during a walk is one array access (plus
// a field lookup for the few conditional kinds). Every symbol with a listed name gets the
// rule, which also covers aliases that share a name.
#include "git/syntax.h"

#include <array>
#include <cstring>
#include <initializer_list>
#include <optional>

#include "git/grammar.h"

namespace review {

namespace {

constexpr size_t k_max_name_bytes = 200;

struct TypeRule {
  std::string_view type;
  NodeRole role;
  int condition;  // SyntaxRules::Condition as int (private enum; see builder)
};

enum : int { c_none = 0, c_has_body = 1, c_function_value = 2, c_single_child = 3 };

using Rules = std::initializer_list<TypeRule>;

// clang-format off
const Rules k_c_rules{
    {"function_definition", NodeRole::definition, c_none},
    {"struct_specifier", NodeRole::definition, c_has_body},
    {"union_specifier", NodeRole::definition, c_has_body},
    {"enum_specifier", NodeRole::definition, c_has_body},
    {"type_definition", NodeRole::wrapper, c_none},
    {"declaration", NodeRole::wrapper, c_none},
    {"comment", NodeRole::comment, c_none},
};
const Rules k_cpp_rules{
    {"function_definition", NodeRole::definition, c_none},
    {"class_specifier", NodeRole::definition, c_has_body},
    {"struct_specifier", NodeRole::definition, c_has_body},
    {"union_specifier", NodeRole::definition, c_has_body},
    {"enum_specifier", NodeRole::definition, c_has_body},
    {"namespace_definition", NodeRole::scope, c_has_body},
    {"template_declaration", NodeRole::wrapper, c_none},
    {"type_definition", NodeRole::wrapper, c_none},
    {"declaration", NodeRole::wrapper, c_none},
    {"field_declaration", NodeRole::wrapper, c_none},
    {"comment", NodeRole::comment, c_none},
};
const Rules k_python_rules{
    {"function_definition", NodeRole::definition, c_none},
    {"class_definition", NodeRole::definition, c_none},
    {"decorated_definition", NodeRole::wrapper, c_none},
    {"comment", NodeRole::comment, c_none},
};
const Rules k_javascript_rules{
    {"function_declaration", NodeRole::definition, c_none},
    {"generator_function_declaration", NodeRole::definition, c_none},
    {"class_declaration", NodeRole::definition, c_none},
    {"method_definition", NodeRole::definition, c_none},
    {"variable_declarator", NodeRole::definition, c_function_value},
    {"field_definition", NodeRole::definition, c_function_value},
    {"assignment_expression", NodeRole::definition, c_function_value},
    {"export_statement", NodeRole::wrapper, c_none},
    {"lexical_declaration", NodeRole::wrapper, c_single_child},
    {"variable_declaration", NodeRole::wrapper, c_single_child},
    {"expression_statement", NodeRole::wrapper, c_single_child},
    {"comment", NodeRole::comment, c_none},
};
const Rules k_typescript_rules{
    {"function_declaration", NodeRole::definition, c_none},
    {"generator_function_declaration", NodeRole::definition, c_none},
    {"class_declaration", NodeRole::definition, c_none},
    {"abstract_class_declaration", NodeRole::definition, c_none},
    {"interface_declaration", NodeRole::definition, c_none},
    {"enum_declaration", NodeRole::definition, c_none},
    {"type_alias_declaration", NodeRole::definition, c_none},
    {"method_definition", NodeRole::definition, c_none},
    {"variable_declarator", NodeRole::definition, c_function_value},
    {"public_field_definition", NodeRole::definition, c_function_value},
    {"assignment_expression", NodeRole::definition, c_function_value},
    {"internal_module", NodeRole::scope, c_has_body},
    {"module", NodeRole::scope, c_has_body},
    {"export_statement", NodeRole::wrapper, c_none},
    {"ambient_declaration", NodeRole::wrapper, c_none},
    {"lexical_declaration", NodeRole::wrapper, c_single_child},
    {"variable_declaration", NodeRole::wrapper, c_single_child},
    {"expression_statement", NodeRole::wrapper, c_single_child},
    {"comment", NodeRole::comment, c_none},
};
const Rules k_go_rules{
    {"function_declaration", NodeRole::definition, c_none},
    {"method_declaration", NodeRole::definition, c_none},
    {"type_spec", NodeRole::definition, c_none},
    {"type_declaration", NodeRole::wrapper, c_single_child},
    {"comment", NodeRole::comment, c_none},
};
const Rules k_rust_rules{
    {"function_item", NodeRole::definition, c_none},
    {"impl_item", NodeRole::definition, c_none},
    {"struct_item", NodeRole::definition, c_none},
    {"enum_item", NodeRole::definition, c_none},
    {"union_item", NodeRole::definition, c_none},
    {"trait_item", NodeRole::definition, c_none},
    {"macro_definition", NodeRole::definition, c_none},
    {"mod_item", NodeRole::scope, c_has_body},
    {"line_comment", NodeRole::comment, c_none},
    {"block_comment", NodeRole::comment, c_none},
    {"attribute_item", NodeRole::comment, c_none},
};
const Rules k_java_rules{
    {"class_declaration", NodeRole::definition, c_none},
    {"interface_declaration", NodeRole::definition, c_none},
    {"enum_declaration", NodeRole::definition, c_none},
    {"record_declaration", NodeRole::definition, c_none},
    {"annotation_type_declaration", NodeRole::definition, c_none},
    {"method_declaration", NodeRole::definition, c_none},
    {"constructor_declaration", NodeRole::definition, c_none},
    {"compact_constructor_declaration", NodeRole::definition, c_none},
    {"line_comment", NodeRole::comment, c_none},
    {"block_comment", NodeRole::comment, c_none},
};
// clang-format on

struct LanguageEntry {
  std::string_view language;
  std::string_view separator;
  const Rules* rules;
};

const std::array k_languages{
    LanguageEntry{"c", "::", &k_c_rules},
    LanguageEntry{"cpp", "::", &k_cpp_rules},
    LanguageEntry{"python", ".", &k_python_rules},
    LanguageEntry{"javascript", ".", &k_javascript_rules},
    LanguageEntry{"typescript", ".", &k_typescript_rules},
    LanguageEntry{"tsx", ".", &k_typescript_rules},
    LanguageEntry{"go", ".", &k_go_rules},
    LanguageEntry{"rust", "::", &k_rust_rules},
    LanguageEntry{"java", ".", &k_java_rules},
};

TSNode field(TSNode node, const char* name) {
  return ts_node_child_by_field_name(node, name, static_cast<uint32_t>(std::strlen(name)));
}

bool is_type(TSNode node, const char* type) { return !ts_node_is_null(node) && std::strcmp(ts_node_type(node), type) == 0; }

bool is_function_value(TSNode value) {
  if (ts_node_is_null(value)) return false;
  const char* t = ts_node_type(value);
  for (const char* f : {"arrow_function", "function_expression", "function", "generator_function", "class"})
    if (std::strcmp(t, f) == 0) return true;
  return false;
}

/// The node's text with whitespace runs collapsed to one space, at most k_max_name_bytes.
std::string node_text(TSNode node, std::string_view source) {
  if (ts_node_is_null(node)) return "";
  uint32_t begin = ts_node_start_byte(node), end = ts_node_end_byte(node);
  if (begin >= source.size() || end <= begin) return "";
  std::string_view text = source.substr(begin, std::min<size_t>(end - begin, 4 * k_max_name_bytes));
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
    if (out.size() >= k_max_name_bytes) break;
  }
  return out;
}

/// C/C++: follows `declarator` fields (pointer, reference, array, function declarators) to
/// the declared name: `int *(*f(int))[3]` -> "f"; `Parser::parse` stays qualified.
TSNode declared_name(TSNode declarator) {
  for (int guard = 0; guard < 64 && !ts_node_is_null(declarator); ++guard) {
    TSNode inner = field(declarator, "declarator");
    if (ts_node_is_null(inner) && is_type(declarator, "parenthesized_declarator"))
      inner = ts_node_named_child(declarator, 0);
    if (ts_node_is_null(inner)) return declarator;
    declarator = inner;
  }
  return declarator;
}

/// Go: the receiver's type name, `func (s *Server[T]) Handle()` -> "Server".
std::string go_receiver_type(TSNode method, std::string_view source) {
  TSNode receiver = field(method, "receiver");
  if (ts_node_is_null(receiver) || ts_node_named_child_count(receiver) == 0) return "";
  TSNode type = field(ts_node_named_child(receiver, 0), "type");
  for (int guard = 0; guard < 8 && !ts_node_is_null(type); ++guard) {
    if (is_type(type, "pointer_type")) type = ts_node_named_child(type, 0);
    else if (is_type(type, "generic_type")) type = field(type, "type");
    else break;
  }
  return node_text(type, source);
}

}  // namespace

struct SyntaxRulesBuilder {
  static SyntaxRules build(const LanguageEntry& entry) {
    SyntaxRules rules;
    rules.m_grammar = grammar_for(entry.language);
    rules.m_language = entry.language;
    rules.m_separator = entry.separator;
    uint32_t count = ts_language_symbol_count(rules.m_grammar);
    rules.m_rules.resize(count);
    for (uint32_t sym = 0; sym < count; ++sym) {
      if (ts_language_symbol_type(rules.m_grammar, static_cast<TSSymbol>(sym)) != TSSymbolTypeRegular) continue;
      std::string_view name = ts_language_symbol_name(rules.m_grammar, static_cast<TSSymbol>(sym));
      for (const TypeRule& r : *entry.rules)
        if (r.type == name) rules.m_rules[sym] = {r.role, static_cast<SyntaxRules::Condition>(r.condition)};
    }
    return rules;
  }
};

const SyntaxRules* SyntaxRules::for_language(std::string_view language) {
  // Built once, on first use, thread-safely (function-local static).
  static const std::array<SyntaxRules, k_languages.size()> all = [] {
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return std::array<SyntaxRules, k_languages.size()>{SyntaxRulesBuilder::build(k_languages[I])...};
    }(std::make_index_sequence<k_languages.size()>{});
  }();
  for (size_t i = 0; i < k_languages.size(); ++i)
    if (k_languages[i].language == language && all[i].m_grammar) return &all[i];
  return nullptr;
}

NodeRole SyntaxRules::role(TSNode node) const {
  TSSymbol sym = ts_node_symbol(node);
  if (sym >= m_rules.size()) return NodeRole::none;
  const SymbolRule& rule = m_rules[sym];
  switch (rule.condition) {
    case Condition::none: return rule.role;
    case Condition::has_body: return ts_node_is_null(field(node, "body")) ? NodeRole::none : rule.role;
    case Condition::function_value: {
      TSNode value = field(node, "value");
      if (ts_node_is_null(value)) value = field(node, "right");
      return is_function_value(value) ? rule.role : NodeRole::none;
    }
    case Condition::single_child: return ts_node_named_child_count(node) == 1 ? rule.role : NodeRole::none;
  }
  return NodeRole::none;
}

std::string SyntaxRules::name(TSNode node, std::string_view source) const {
  if (ts_node_is_null(node)) return "";
  const char* type = ts_node_type(node);
  if ((m_language == "c" || m_language == "cpp") && std::strcmp(type, "function_definition") == 0)
    return node_text(declared_name(field(node, "declarator")), source);
  if (m_language == "go" && std::strcmp(type, "method_declaration") == 0) {
    std::string receiver = go_receiver_type(node, source);
    std::string method = node_text(field(node, "name"), source);
    return receiver.empty() ? method : receiver + "." + method;
  }
  if (m_language == "rust" && std::strcmp(type, "impl_item") == 0) {
    std::string self_type = node_text(field(node, "type"), source);
    return self_type.substr(0, self_type.find('<'));
  }
  if (std::strcmp(type, "field_definition") == 0) return node_text(field(node, "property"), source);
  if (std::strcmp(type, "assignment_expression") == 0) return node_text(field(node, "left"), source);
  return node_text(field(node, "name"), source);
}

}  // namespace review
