// Function definitions across the nine grammars (see style_functions.h).
#include "reviewers/builtin/style_functions.h"

namespace review::perfstyle {

namespace {

// C/C++: the function_declarator inside a definition's declarator chain.
TSNode function_declarator(TSNode declarator) {
  TSNode n = declarator;
  for (int guard = 0; present(n) && guard < 8; ++guard) {
    if (node_type(n) == "function_declarator") return n;
    TSNode inner = field(n, "declarator");
    if (!present(inner)) break;
    n = inner;
  }
  return TSNode{};
}

bool in_class_body(const SyntaxView& view, TSNode node) {
  TSNode p = view.parent(node);
  for (int guard = 0; present(p) && guard < 3; ++guard) {
    std::string_view k = node_type(p);
    if (k == "class_body" || k == "declaration_list" || k == "field_declaration_list" || k == "class_definition" ||
        k == "impl_item" || k == "class_declaration" || k == "interface_body" || k == "enum_body")
      return true;
    if (k != "block" && k != "decorated_definition" && k != "template_declaration") return false;
    p = view.parent(p);
  }
  return false;
}

}  // namespace

bool function_info(const SyntaxView& view, TSNode node, FunctionInfo& out) {
  const LanguageSyntax& s = view.syntax();
  out = FunctionInfo{};
  out.node = node;
  if (s.functions.contains(node)) {
    out.body = field(node, "body");
    if (s.language == "c" || s.language == "cpp") {
      TSNode fd = function_declarator(field(node, "declarator"));
      if (!present(fd)) return false;
      out.name = field(fd, "declarator");
      out.parameters = field(fd, "parameters");
    } else {
      out.name = field(node, "name");
      out.parameters = field(node, "parameters");
    }
    out.method = node_type(node) == "method_declaration" || node_type(node) == "method_definition" ||
                 node_type(node) == "constructor_declaration" || in_class_body(view, node);
    if (s.language == "go") out.method = node_type(node) == "method_declaration";
    return true;
  }
  if (s.lambdas.contains(node)) {
    // Named only when bound directly: `const f = () => …`, `f := func() {…}`, `f = lambda: …`.
    TSNode parent = view.parent(node);
    if (!present(parent)) return false;
    std::string_view pk = node_type(parent);
    if (pk == "variable_declarator") out.name = field(parent, "name");
    else if (pk == "pair") out.name = field(parent, "key");
    else if (pk == "assignment_expression" || pk == "assignment") out.name = field(parent, "left");
    else if (pk == "expression_list") {  // Go: f := func() {}
      TSNode decl = view.parent(parent);
      if (present(decl) && node_type(decl) == "short_var_declaration") {
        TSNode left = field(decl, "left");
        if (present(left) && ts_node_named_child_count(left) == 1) out.name = ts_node_named_child(left, 0);
      }
    }
    if (!present(out.name)) return false;
    out.body = field(node, "body");
    out.parameters = field(node, "parameters");
    return true;
  }
  return false;
}

std::vector<FunctionInfo> chunk_functions(const SyntaxView& view) {
  std::vector<FunctionInfo> out;
  view.walk_chunk([&](TSNode n) {
    FunctionInfo info;
    if (function_info(view, n, info)) out.push_back(info);
    return true;
  });
  return out;
}

int parameter_count(const SyntaxView& view, const FunctionInfo& fn) {
  if (!present(fn.parameters)) return 0;
  std::string_view lang = view.language();
  int count = 0;
  uint32_t n = ts_node_named_child_count(fn.parameters);
  for (uint32_t i = 0; i < n; ++i) {
    TSNode p = ts_node_named_child(fn.parameters, i);
    std::string_view k = node_type(p);
    std::string_view text = view.text(p);
    if (view.syntax().comments.contains(p)) continue;
    if (lang == "python") {
      if (k == "keyword_separator" || k == "positional_separator" || k == "list_splat_pattern" ||
          k == "dictionary_splat_pattern")
        continue;
      if (count == 0 && i == 0 && fn.method && (text == "self" || text == "cls")) continue;
      ++count;
    } else if (lang == "go") {
      if (k == "variadic_parameter_declaration") {
        ++count;
        continue;
      }
      int names = 0;
      uint32_t m = ts_node_named_child_count(p);
      for (uint32_t j = 0; j < m; ++j)
        if (node_type(ts_node_named_child(p, j)) == "identifier") ++names;
      count += names ? names : 1;
    } else if (lang == "rust") {
      if (k == "self_parameter") continue;
      ++count;
    } else if (lang == "java") {
      if (k == "receiver_parameter") continue;
      ++count;
    } else if (lang == "c" || lang == "cpp") {
      if (k == "variadic_parameter") continue;
      if (text == "void") continue;
      ++count;
    } else {
      ++count;
    }
  }
  return count;
}

}  // namespace review::perfstyle
