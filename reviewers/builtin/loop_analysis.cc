// Loop, call and variable-kind analysis (see loop_analysis.h). Field names are those of the
// grammars' node-types.json (npm tree-sitter-* 0.23.x).
#include "reviewers/builtin/loop_analysis.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace review::perfstyle {

namespace {

// Methods whose function argument runs once per element.
constexpr std::array<std::string_view, 22> k_iteration_methods{
    "forEach", "map",      "filter",   "reduce",      "reduceRight", "flatMap",      "some",   "every",
    "find",    "findIndex", "for_each", "filter_map", "flat_map",    "fold",         "any",    "all",
    "position", "try_for_each", "retain", "sort_by_key", "removeIf",  "replaceAll"};

bool is_iteration_method(std::string_view name) {
  return std::find(k_iteration_methods.begin(), k_iteration_methods.end(), name) != k_iteration_methods.end();
}

// Fields of a loop node that are evaluated once, not per iteration.
bool evaluated_once(TSNode loop, TSNode child_on_path) {
  for (const char* f : {"right", "value", "initializer", "init"}) {
    TSNode part = field(loop, f);
    if (present(part) && contains(part, child_on_path)) {
      // Rust `while` has no value field; Java enhanced-for's value and Python's right are the
      // iterable; JS for-of right likewise; C/Java initializers run once.
      return true;
    }
  }
  std::string_view k = node_type(loop);
  if (k == "for_statement") {
    // Go: `for i := 0; …` keeps its parts in a for_clause; `for k, v := range xs` in a range_clause.
    uint32_t n = ts_node_named_child_count(loop);
    for (uint32_t i = 0; i < n; ++i) {
      TSNode c = ts_node_named_child(loop, i);
      if (node_type(c) == "range_clause" && contains(c, child_on_path)) return true;
      if (node_type(c) == "for_clause") {
        TSNode init = field(c, "initializer");
        if (present(init) && contains(init, child_on_path)) return true;
      }
    }
  }
  if (k == "list_comprehension" || k == "set_comprehension" || k == "dictionary_comprehension" ||
      k == "generator_expression") {
    // The first for_in_clause's iterable is evaluated once.
    uint32_t n = ts_node_named_child_count(loop);
    for (uint32_t i = 0; i < n; ++i) {
      TSNode c = ts_node_named_child(loop, i);
      if (node_type(c) != "for_in_clause") continue;
      TSNode right = field(c, "right");
      return present(right) && contains(right, child_on_path);
    }
  }
  return false;
}

// The call node a lambda is an argument of, if any.
TSNode call_of_argument(const SyntaxView& view, TSNode lambda) {
  TSNode args = view.parent(lambda);
  if (!present(args)) return args;
  std::string_view k = node_type(args);
  if (k != "arguments" && k != "argument_list") return TSNode{};
  return view.parent(args);
}

// True if a C++ declaration `T name(a, b);` inside a block parsed `a`/`b` as parameter
// types of a function declarator; inside a function body that is a constructor call.
bool is_vexing_declaration(const SyntaxView& view, TSNode declaration) {
  if (node_type(declaration) != "declaration") return false;
  TSNode parent = view.parent(declaration);
  if (!present(parent) || node_type(parent) != "compound_statement") return false;
  TSNode d = field(declaration, "declarator");
  if (!present(d) || node_type(d) != "function_declarator") return false;
  TSNode params = field(d, "parameters");
  if (!present(params) || ts_node_named_child_count(params) == 0) return false;
  uint32_t n = ts_node_named_child_count(params);
  for (uint32_t i = 0; i < n; ++i) {
    TSNode p = ts_node_named_child(params, i);
    if (node_type(p) != "parameter_declaration" || present(field(p, "declarator"))) return false;
  }
  return true;
}

bool is_vexing_argument(const SyntaxView& view, TSNode type_identifier) {
  TSNode param = view.parent(type_identifier);
  if (!present(param) || node_type(param) != "parameter_declaration") return false;
  TSNode list = view.parent(param);
  TSNode fd = present(list) ? view.parent(list) : list;
  TSNode decl = present(fd) ? view.parent(fd) : fd;
  return present(decl) && is_vexing_declaration(view, decl);
}

void collect_identifiers(const SyntaxView& view, TSNode node, std::set<std::string, std::less<>>& out) {
  const KindSet& ids = view.syntax().identifiers;
  auto take = [&](TSNode n) {
    if (!ids.contains(n)) {
      // C++ `std::ifstream in(path);` parses `path` as a parameter type: count it as a name.
      if (node_type(n) == "type_identifier" && is_vexing_argument(view, n)) out.emplace(view.text(n));
      return;
    }
    TSNode parent = view.parent(n);
    if (present(parent)) {
      std::string_view pk = node_type(parent);
      // Attribute and method names are not variables (Python `x.attr`, Java `obj.name(...)`).
      if (pk == "attribute" && ts_node_eq(field(parent, "attribute"), n)) return;
      if (pk == "method_invocation" && ts_node_eq(field(parent, "name"), n)) return;
    }
    out.emplace(view.text(n));
  };
  take(node);
  view.walk_descendants(node, [&](TSNode n) {
    take(n);
    return true;
  });
}

// Names a binding target (re)binds: identifiers and the identifiers of patterns, but not the
// object of `xs[i] = …` or `obj.f = …` (that mutates xs/obj, it does not rebind it).
void collect_bound_names(const SyntaxView& view, TSNode t, std::set<std::string, std::less<>>& out) {
  std::string_view k = node_type(t);
  if (k == "subscript" || k == "subscript_expression" || k == "index_expression" || k == "member_expression" ||
      k == "field_expression" || k == "attribute" || k == "selector_expression" || k == "array_access" ||
      k == "field_access" || k == "pointer_expression")
    return;
  if (view.syntax().identifiers.contains(t)) {
    out.emplace(view.text(t));
    return;
  }
  uint32_t n = ts_node_named_child_count(t);
  for (uint32_t i = 0; i < n; ++i) collect_bound_names(view, ts_node_named_child(t, i), out);
}

// Binding targets of one node: the fields that name what it assigns or declares.
void collect_targets(const SyntaxView& view, TSNode n, std::set<std::string, std::less<>>& out) {
  std::string_view k = node_type(n);
  auto from_field = [&](const char* f) {
    TSNode t = field(n, f);
    if (!present(t)) return;
    // C/C++ init_declarator: only its declarator names the variable.
    if (node_type(t) == "init_declarator") t = field(t, "declarator");
    // C++ `T name(args);` parses as a function declarator: its declarator is the name.
    if (present(t) && node_type(t) == "function_declarator") t = field(t, "declarator");
    if (present(t)) collect_bound_names(view, t, out);
  };
  if (k == "assignment" || k == "augmented_assignment" || k == "assignment_expression" ||
      k == "augmented_assignment_expression" || k == "assignment_statement" || k == "short_var_declaration" ||
      k == "compound_assignment_expr" || k == "for_in_clause" || k == "for_in_statement" || k == "for_statement") {
    from_field("left");
  } else if (k == "variable_declarator" || k == "var_spec" || k == "enhanced_for_statement" ||
             k == "named_expression") {
    from_field("name");
  } else if (k == "let_declaration" || k == "for_expression") {
    from_field("pattern");
  } else if (k == "declaration" || k == "for_range_loop" || k == "init_declarator") {
    from_field("declarator");
  } else if (k == "update_expression") {
    from_field("argument");
  } else if (k == "inc_statement" || k == "dec_statement" || k == "range_clause") {
    if (k == "range_clause") from_field("left");
    else collect_identifiers(view, n, out);
  }
}

}  // namespace

bool is_function_like(const SyntaxView& view, TSNode node) {
  const LanguageSyntax& s = view.syntax();
  return s.functions.contains(node) || s.lambdas.contains(node);
}

bool is_callback_loop(const SyntaxView& view, TSNode lambda) {
  if (!view.syntax().lambdas.contains(lambda)) return false;
  TSNode call = call_of_argument(view, lambda);
  if (!present(call)) return false;
  CallInfo info;
  if (!call_info(view, call, info)) return false;
  return is_iteration_method(info.name);
}

std::vector<LoopRef> enclosing_loops(const SyntaxView& view, TSNode node) {
  std::vector<LoopRef> out;
  const LanguageSyntax& s = view.syntax();
  TSNode child = node;
  TSNode parent = view.parent(node);
  while (present(parent)) {
    if (s.loops.contains(parent)) {
      if (!evaluated_once(parent, child)) out.push_back({parent, false});
    } else if (s.lambdas.contains(parent)) {
      if (!is_callback_loop(view, parent)) break;
      out.push_back({parent, true});
    } else if (s.functions.contains(parent)) {
      break;
    }
    child = parent;
    parent = view.parent(parent);
  }
  return out;
}

TSNode enclosing_function(const SyntaxView& view, TSNode node) {
  TSNode n = view.parent(node);
  while (present(n)) {
    if (is_function_like(view, n)) return n;
    TSNode p = view.parent(n);
    if (!present(p)) return n;
    n = p;
  }
  return view.root();
}

std::set<std::string, std::less<>> identifiers_in(const SyntaxView& view, TSNode node) {
  std::set<std::string, std::less<>> out;
  collect_identifiers(view, node, out);
  return out;
}

std::set<std::string, std::less<>> loop_variables(const SyntaxView& view, const LoopRef& loop) {
  std::set<std::string, std::less<>> out;
  if (loop.callback) {
    TSNode params = field(loop.node, "parameters");
    if (!present(params)) params = field(loop.node, "parameter");
    if (present(params)) collect_identifiers(view, params, out);
  }
  collect_targets(view, loop.node, out);
  view.walk_descendants(loop.node, [&](TSNode n) {
    collect_targets(view, n, out);
    return true;
  });
  return out;
}

bool is_invariant(const SyntaxView& view, TSNode node, const std::set<std::string, std::less<>>& variables) {
  for (const auto& id : identifiers_in(view, node))
    if (variables.contains(id)) return false;
  return true;
}

TSNode first_argument(TSNode arguments) {
  if (!present(arguments)) return arguments;
  uint32_t n = ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < n; ++i) {
    TSNode c = ts_node_named_child(arguments, i);
    std::string_view k = node_type(c);
    if (k == "comment" || k == "line_comment" || k == "block_comment") continue;
    return c;
  }
  return TSNode{};
}

namespace {

std::string strip_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  return out;
}

std::string_view last_segment(std::string_view callee) {
  size_t end = callee.size();
  // Drop template/generic arguments at the end: `std::vector<int>` -> `vector`.
  if (end && callee[end - 1] == '>') {
    int depth = 0;
    for (size_t i = end; i-- > 0;) {
      if (callee[i] == '>') ++depth;
      else if (callee[i] == '<' && --depth == 0) {
        end = i;
        break;
      }
    }
  }
  std::string_view head = callee.substr(0, end);
  size_t cut = head.find_last_of(".:>");
  return cut == std::string_view::npos ? head : head.substr(cut + 1);
}

}  // namespace

bool call_info(const SyntaxView& view, TSNode node, CallInfo& out) {
  const LanguageSyntax& s = view.syntax();
  std::string_view k = node_type(node);
  out = CallInfo{};
  out.node = node;
  TSNode callee{};
  TSNode receiver{};
  if (s.calls.contains(node)) {
    if (k == "method_invocation") {  // Java
      TSNode object = field(node, "object");
      TSNode name = field(node, "name");
      out.callee = present(object) ? strip_spaces(view.text(object)) + "." + std::string(view.text(name))
                                   : std::string(view.text(name));
      out.arguments = field(node, "arguments");
      out.receiver = present(object) ? view.text(object) : std::string_view{};
      out.name = last_segment(out.callee);
      return true;
    }
    if (k == "macro_invocation") {  // Rust
      callee = field(node, "macro");
      out.callee = strip_spaces(view.text(callee));
      uint32_t n = ts_node_named_child_count(node);
      for (uint32_t i = 0; i < n; ++i)
        if (node_type(ts_node_named_child(node, i)) == "token_tree") out.arguments = ts_node_named_child(node, i);
      out.name = last_segment(out.callee);
      return true;
    }
    callee = field(node, "function");
    out.arguments = field(node, "arguments");
    if (present(callee)) {
      std::string_view ck = node_type(callee);
      if (ck == "attribute") receiver = field(callee, "object");
      else if (ck == "member_expression") receiver = field(callee, "object");
      else if (ck == "selector_expression") receiver = field(callee, "operand");
      else if (ck == "field_expression") receiver = field(callee, s.language == "rust" ? "value" : "argument");
    }
  } else if (s.constructions.contains(node)) {
    if (k == "object_creation_expression") callee = field(node, "type");  // Java
    else if (k == "new_expression") {
      callee = field(node, "constructor");  // JS/TS
      if (!present(callee)) callee = field(node, "type");  // C++
    }
    out.arguments = field(node, "arguments");
    if (!present(callee)) return false;
    out.callee = "new " + strip_spaces(view.text(callee));
    out.name = last_segment(std::string_view(out.callee).substr(4));
    return true;
  } else if (k == "declaration" && (s.language == "cpp")) {
    // `std::regex re("a+");` / `std::ifstream in{path};`: a constructor call by declaration.
    TSNode decl = field(node, "declarator");
    if (present(decl) && node_type(decl) == "identifier" && present(field(node, "type"))) {
      // `std::ostringstream out;`: default construction.
      out.callee = strip_spaces(view.text(field(node, "type")));
      out.name = last_segment(out.callee);
      return true;
    }
    if (is_vexing_declaration(view, node)) {
      callee = field(node, "type");
      out.arguments = field(decl, "parameters");
      out.callee = strip_spaces(view.text(callee));
      out.name = last_segment(out.callee);
      return true;
    }
    if (!present(decl) || node_type(decl) != "init_declarator") return false;
    TSNode value = field(decl, "value");
    if (!present(value) || (node_type(value) != "argument_list" && node_type(value) != "initializer_list")) return false;
    callee = field(node, "type");
    out.arguments = value;
    if (!present(callee)) return false;
    out.callee = strip_spaces(view.text(callee));
    out.name = last_segment(out.callee);
    return true;
  } else {
    return false;
  }
  if (!present(callee)) return false;
  out.callee = strip_spaces(view.text(callee));
  out.name = last_segment(out.callee);
  if (present(receiver)) out.receiver = view.text(receiver);
  return true;
}

// ---- variable kinds ----

namespace {

struct KindPatterns {
  const RE2* list;
  const RE2* lookup;
  const RE2* string;
};

// Evidence in a declared type or initializer text, per language. Anchored at the start of
// the text unless stated otherwise. Each language's patterns are compiled on first use.
const KindPatterns* kind_patterns(std::string_view language) {
  if (language == "python") {
    static const RE2 list(R"(^(\[|list\(|sorted\(|\w+\.split\(|List\b|list\b|typing\.List|Sequence\b))");
    static const RE2 lookup(R"(^(\{|set\(|dict\(|frozenset\(|(collections\.)?(Counter|defaultdict|OrderedDict)\(|Set\b|Dict\b|set\b|dict\b|FrozenSet\b|Mapping\b))");
    static const RE2 string(R"(^([rbfuRBFU]{0,2}["']|str\(|str\b|"[^"]*"\.join\(|'[^']*'\.join\())");
    static const KindPatterns patterns{&list, &lookup, &string};
    return &patterns;
  }
  if (language == "javascript" || language == "typescript" || language == "tsx") {
    static const RE2 list(R"(^(\[|Array\.from\(|Array\.of\(|new Array\b|:?\s*[\w.<>]+\[\]|:?\s*(Readonly)?Array<|[\w.$]+\.(split|map|filter|slice|concat)\())");
    static const RE2 lookup(R"(^(new (Set|Map|WeakSet|WeakMap)\b|:?\s*(Readonly)?(Set|Map)<))");
    static const RE2 string(R"(^(["'`]|:?\s*string\b|String\())");
    static const KindPatterns patterns{&list, &lookup, &string};
    return &patterns;
  }
  if (language == "java") {
    static const RE2 list(R"(^(final\s+)?(List|ArrayList|LinkedList|Collection|Vector|Iterable)\b|^[\w.<>]+\[\]|^(new (ArrayList|LinkedList|Vector)\b|Arrays\.asList\(|List\.of\())");
    static const RE2 lookup(R"(^(final\s+)?(Set|HashSet|TreeSet|LinkedHashSet|Map|HashMap|TreeMap|LinkedHashMap|EnumSet)\b|^new (HashSet|TreeSet|HashMap|TreeMap|LinkedHashSet|LinkedHashMap)\b)");
    static const RE2 string(R"(^(final\s+)?String\b|^")");
    static const KindPatterns patterns{&list, &lookup, &string};
    return &patterns;
  }
  if (language == "go") {
    static const RE2 list(R"(^(\[\]|make\(\[\]))");
    static const RE2 lookup(R"(^(map\[|make\(map\[))");
    static const RE2 string(R"(^(string\b|"|`|fmt\.Sprint|strings\.))");
    static const KindPatterns patterns{&list, &lookup, &string};
    return &patterns;
  }
  if (language == "rust") {
    static const RE2 list(R"(^(&(mut\s+)?)?(Vec<|\[|vec!|Vec::|VecDeque))");
    static const RE2 lookup(R"(^(&(mut\s+)?)?(HashSet|HashMap|BTreeSet|BTreeMap|IndexMap|IndexSet)\b)");
    static const RE2 string(R"(^(String\b|String::|"|format!))");
    static const KindPatterns patterns{&list, &lookup, &string};
    return &patterns;
  }
  if (language == "cpp") {
    static const RE2 list(R"(^(const\s+)?(std::)?(vector|list|deque|array|forward_list)<)");
    static const RE2 lookup(R"(^(const\s+)?(std::)?(set|map|unordered_set|unordered_map|multiset|multimap|flat_set|flat_map)<)");
    static const RE2 string(R"(^(const\s+)?(std::)?(string|wstring|u8string)\b|^")");
    static const KindPatterns patterns{&list, &lookup, &string};
    return &patterns;
  }
  if (language == "c") {
    static const RE2 never("$^");
    static const RE2 string(R"(^(const\s+)?char\b|^")");
    static const KindPatterns patterns{&never, &never, &string};
    return &patterns;
  }
  return nullptr;
}

VarKind classify_text(std::string_view language, std::string_view text) {
  const KindPatterns* p = kind_patterns(language);
  if (!p) return VarKind::unknown;
  while (!text.empty() && (text.front() == ' ' || text.front() == ':' || text.front() == '=')) text.remove_prefix(1);
  if (RE2::PartialMatch(text, *p->list)) return VarKind::list;
  if (RE2::PartialMatch(text, *p->lookup)) return VarKind::lookup;
  if (RE2::PartialMatch(text, *p->string)) return VarKind::string;
  return VarKind::unknown;
}

// The declared type and initializer of one binding node when it binds `name`.
struct Binding {
  TSNode type{};
  TSNode value{};
  bool binds = false;
};

bool names(const SyntaxView& view, TSNode target, std::string_view name) {
  if (!present(target)) return false;
  std::string_view k = node_type(target);
  if (k == "expression_list" && ts_node_named_child_count(target) == 1) target = ts_node_named_child(target, 0);
  if (node_type(target) == "init_declarator") target = field(target, "declarator");
  if (!present(target)) return false;
  // Pointer/reference declarators wrap the identifier: look for it as the only identifier.
  std::string_view tk = node_type(target);
  if (tk == "pointer_declarator" || tk == "reference_declarator" || tk == "array_declarator" ||
      tk == "mutable_specifier") {
    auto ids = identifiers_in(view, target);
    return ids.size() == 1 && *ids.begin() == name;
  }
  return view.syntax().identifiers.contains(target) && view.text(target) == name;
}

Binding binding_of(const SyntaxView& view, TSNode n, std::string_view name) {
  std::string_view k = node_type(n);
  Binding b;
  auto first_of_list = [](TSNode list) {
    if (present(list) && node_type(list) == "expression_list" && ts_node_named_child_count(list) == 1)
      return ts_node_named_child(list, 0);
    return list;
  };
  if (k == "assignment") {  // Python
    if (names(view, field(n, "left"), name)) b = {field(n, "type"), field(n, "right"), true};
  } else if (k == "typed_parameter" || k == "typed_default_parameter") {  // Python
    TSNode id = ts_node_named_child(n, 0);
    if (k == "typed_default_parameter") id = field(n, "name");
    if (names(view, id, name)) b = {field(n, "type"), field(n, "value"), true};
  } else if (k == "variable_declarator") {  // JS/TS/Java
    if (names(view, field(n, "name"), name)) {
      TSNode type = field(n, "type");
      TSNode parent = view.parent(n);
      if (!present(type) && present(parent)) type = field(parent, "type");  // Java: type on the declaration
      b = {type, field(n, "value"), true};
    }
  } else if (k == "required_parameter" || k == "optional_parameter") {  // TS
    if (names(view, field(n, "pattern"), name)) b = {field(n, "type"), field(n, "value"), true};
  } else if (k == "formal_parameter" || k == "spread_parameter") {  // Java
    if (names(view, field(n, "name"), name)) b = {field(n, "type"), TSNode{}, true};
  } else if (k == "short_var_declaration" || k == "assignment_statement") {  // Go
    if (names(view, field(n, "left"), name)) b = {TSNode{}, first_of_list(field(n, "right")), true};
  } else if (k == "var_spec" || k == "parameter_declaration") {  // Go (C/C++ parameter_declaration below)
    if (view.language() == "go") {
      TSNode nm = field(n, "name");
      bool hit = false;
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count && !hit; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (node_type(c) == "identifier" && view.text(c) == name && !ts_node_eq(c, field(n, "type"))) hit = true;
      }
      if (hit || names(view, nm, name)) b = {field(n, "type"), first_of_list(field(n, "value")), true};
    } else if (names(view, field(n, "declarator"), name)) {
      b = {field(n, "type"), TSNode{}, true};
    }
  } else if (k == "let_declaration" || k == "parameter") {  // Rust
    if (names(view, field(n, "pattern"), name)) b = {field(n, "type"), field(n, "value"), true};
  } else if (k == "declaration" || k == "field_declaration") {  // C/C++
    TSNode d = field(n, "declarator");
    if (names(view, d, name)) {
      TSNode value = present(d) && node_type(d) == "init_declarator" ? field(d, "value") : TSNode{};
      b = {field(n, "type"), value, true};
    }
  } else if (k == "local_variable_declaration" || k == "field_declaration") {
    // Java: handled through its variable_declarator children.
  }
  return b;
}

}  // namespace

VarKind expression_kind(const SyntaxView& view, TSNode expression) {
  if (!present(expression)) return VarKind::unknown;
  const LanguageSyntax& s = view.syntax();
  std::string_view k = node_type(expression);
  if (k == "list_comprehension" || k == "list" || k == "array") return VarKind::list;
  if (k == "set" || k == "set_comprehension" || k == "dictionary" || k == "dictionary_comprehension")
    return VarKind::lookup;
  if (s.strings.contains(expression)) return VarKind::string;
  return classify_text(s.language, view.text(expression));
}

VarKind infer_kind(const SyntaxView& view, TSNode at, std::string_view name) {
  VarKind result = VarKind::unknown;
  bool conflict = false;
  auto scan = [&](TSNode scope, bool nested_functions) {
    auto visit = [&](TSNode n) {
      if (!nested_functions && is_function_like(view, n) && !ts_node_eq(n, scope)) return false;
      Binding b = binding_of(view, n, name);
      if (!b.binds) return true;
      VarKind k = VarKind::unknown;
      if (present(b.type)) k = classify_text(view.language(), view.text(b.type));
      if (k == VarKind::unknown && present(b.value)) k = expression_kind(view, b.value);
      if (k == VarKind::unknown) {
        // A binding we cannot classify (e.g. `xs = load()`): only a conflict if it's a plain
        // re-assignment; keep earlier evidence otherwise.
        return true;
      }
      if (result != VarKind::unknown && result != k) conflict = true;
      result = k;
      return true;
    };
    visit(scope);
    view.walk_descendants(scope, visit);
  };
  TSNode fn = enclosing_function(view, at);
  scan(fn, false);
  if (result == VarKind::unknown && !conflict && !ts_node_eq(fn, view.root())) {
    // Class fields and module-level variables: scan the file, skipping other functions' bodies.
    TSNode root = view.root();
    view.walk_descendants(root, [&](TSNode n) {
      if (is_function_like(view, n)) return false;
      Binding b = binding_of(view, n, name);
      if (!b.binds) return true;
      VarKind k = VarKind::unknown;
      if (present(b.type)) k = classify_text(view.language(), view.text(b.type));
      if (k == VarKind::unknown && present(b.value)) k = expression_kind(view, b.value);
      if (k == VarKind::unknown) return true;
      if (result != VarKind::unknown && result != k) conflict = true;
      result = k;
      return true;
    });
  }
  return conflict ? VarKind::unknown : result;
}

bool carried_across_iterations(const SyntaxView& view, TSNode loop, std::string_view name) {
  bool rebound = false;
  view.walk_descendants(loop, [&](TSNode n) {
    if (rebound) return false;
    if (is_function_like(view, n) && !is_callback_loop(view, n)) return false;
    std::string_view k = node_type(n);
    TSNode target{};
    if (k == "assignment" || k == "assignment_statement" || k == "short_var_declaration" ||
        (k == "assignment_expression" && (!present(field(n, "operator")) || view.text(field(n, "operator")) == "=")))
      target = field(n, "left");
    else if (k == "variable_declarator" || k == "var_spec")
      target = field(n, "name");
    else if (k == "let_declaration")
      target = field(n, "pattern");
    else if (k == "init_declarator" || (k == "declaration" && present(field(n, "declarator")) &&
                                         node_type(field(n, "declarator")) == "identifier"))
      target = field(n, "declarator");
    if (!present(target)) return true;
    if (node_type(target) == "assignment_statement" || node_type(n) == "assignment_statement") {
      TSNode op = field(n, "operator");
      if (present(op) && view.text(op) != "=") return true;  // Go `s += …`
    }
    if (node_type(target) == "expression_list" && ts_node_named_child_count(target) == 1)
      target = ts_node_named_child(target, 0);
    if (!view.syntax().identifiers.contains(target) || view.text(target) != name) return true;
    // `s = s + x` is accumulation, not a reset.
    TSNode value = field(n, "right");
    if (!present(value)) value = field(n, "value");
    if (present(value) && identifiers_in(view, value).contains(name)) return true;
    rebound = true;
    return false;
  });
  return !rebound;
}

bool is_small_constant_list(const SyntaxView& view, TSNode at, std::string_view name, int max_elements) {
  TSNode root = view.root();
  bool literal_seen = false, other = false, grows = false;
  view.walk_descendants(root, [&](TSNode n) {
    if (other || grows) return false;
    Binding b = binding_of(view, n, name);
    if (b.binds) {
      TSNode v = b.value;
      std::string_view vk = present(v) ? node_type(v) : std::string_view{};
      bool literal = (vk == "list" || vk == "array" || vk == "tuple") &&
                     static_cast<int>(ts_node_named_child_count(v)) <= max_elements;
      if (literal) {
        uint32_t count = ts_node_named_child_count(v);
        for (uint32_t i = 0; i < count && literal; ++i) {
          TSNode e = ts_node_named_child(v, i);
          literal = view.syntax().strings.contains(e) || view.syntax().numbers.contains(e) ||
                    (view.syntax().identifiers.contains(e) && !view.text(e).empty() &&
                     std::isupper(static_cast<unsigned char>(view.text(e)[0])));
        }
      }
      if (literal) literal_seen = true;
      else other = true;
      return true;
    }
    // Growth: name.append(…)/extend/insert/push, or name += ….
    CallInfo call;
    if (view.syntax().calls.contains(n) && call_info(view, n, call) && call.receiver == name &&
        (call.name == "append" || call.name == "extend" || call.name == "insert" || call.name == "push" ||
         call.name == "add" || call.name == "push_back" || call.name == "unshift"))
      grows = true;
    std::string_view k = node_type(n);
    if ((k == "augmented_assignment" || k == "augmented_assignment_expression") &&
        view.text(field(n, "left")) == name)
      grows = true;
    return true;
  });
  (void)at;
  return literal_seen && !other && !grows;
}

}  // namespace review::perfstyle
