// performance.idiom: language-specific slow idioms.
//
// Rules (reviewers/rules/performance.toml, voter "idiom") are node patterns, checked in one
// walk over the chunk (no tree-sitter query: libtree-sitter 0.20 spends 5-40 ms compiling even
// a one-node query for the C++ or TSX grammar, more than this voter's whole budget):
//   params.node            the node's grammar type, or several separated by '|'
//   params.text            RE2 searched in the node's text
//   params.<field>_kind    the child in <field> has one of these types ('|'-separated)
//   params.<field>_text    RE2 searched in the text of the child in <field>; may use
//                          ${left} (the text of field "left") and ${param0} (the first
//                          parameter's name), quoted, e.g. '^\[\s*\.\.\.${left}\b'
// and filtered by:
//   params.in_loop = true        the node must run per iteration of a loop
//                                (loop_analysis.h: body/condition, not the iterable; callbacks
//                                of forEach/map count unless params.loops = "statements";
//                                a nested function stops the search)
//   params.carried = "left"      the variable in that field must keep its value across
//                                iterations (no `var = …` reset inside the loop)
//   params.first_arg_repeated = true   the first argument's text reappears as a later one
//                                (`sprintf(buf, "%s…", buf)`)
//   params.in_definition = true  the node lies in a function definition (not a prototype)
//   params.unless_modified = "declarator"   C++ by-value parameters: not reported when the
//                                function moves, swaps or modifies the named parameter
// A few idioms need more than one node and are small detectors named by params.detector:
//   go-append-prealloc   `var xs []T` / `xs := []T{}` filled only by one `xs = append(xs, …)`
//                        in a `for … range` loop, not under a condition, in a loop that
//                        does not return or break early (prealloc's simple mode)
//   java-keyset-get      `for (K k : m.keySet()) { … m.get(k) … }` (iterate entrySet)
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "reviewers/builtin/loop_analysis.h"
#include "reviewers/builtin/perfstyle_rules.h"
#include "util/text.h"

namespace review::perfstyle {

namespace {

std::string escape_regex(std::string_view text) { return RE2::QuoteMeta(re2::StringPiece(text.data(), text.size())); }

// True if the C++ function around parameter `name` moves, swaps or modifies it.
bool parameter_modified(const SyntaxView& view, TSNode function, std::string_view name) {
  std::string n = escape_regex(name);
  RE2 re(fmt::format(R"(\b{0}\s*(\[[^\]]*\]\s*)?([-+*/%|&^]?=[^=]|\.(push_back|emplace_back|emplace|append|insert|erase|)"
                     R"(clear|resize|pop_back|push_front|pop_front|swap|assign|replace|reserve|sort)\b|\+\+|--)|)"
                     R"(std::(move|forward|swap|sort|reverse|exchange)\s*(<[^>]*>)?\(\s*{0}\b|\bswap\(\s*{0}\b|(\+\+|--){0}\b)",
                     n));
  if (!re.ok()) return true;
  std::string_view text = view.text(function);
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

// The text of a node's field child ("" when absent).
std::string_view field_text(const SyntaxView& view, TSNode node, std::string_view name) {
  if (name == "node") return view.text(node);
  TSNode c = field(node, std::string(name).c_str());
  return present(c) ? view.text(c) : std::string_view{};
}

// The first parameter's name of a function-like node ("" when none).
std::string_view first_parameter(const SyntaxView& view, TSNode node) {
  TSNode params = field(node, "parameters");
  if (!present(params)) params = field(node, "parameter");
  if (!present(params)) return {};
  if (view.syntax().identifiers.contains(params)) return view.text(params);
  TSNode first = first_argument(params);
  if (!present(first)) return {};
  if (view.syntax().identifiers.contains(first)) return view.text(first);
  TSNode pattern = field(first, "pattern");
  return present(pattern) ? view.text(pattern) : std::string_view{};
}

class IdiomVoter final : public PerfStyleVoter {
 public:
  explicit IdiomVoter(const std::shared_ptr<const builtin::RuleSet>& rules)
      : PerfStyleVoter(rules, "performance", "idiom") {}

 protected:
  void analyze(const SyntaxView& view, const RuleList& rules, FindingSink& sink) const override {
    // Node rules by the node type they look at.
    std::map<std::string, std::vector<const CompiledRule*>, std::less<>> by_type;
    for (const CompiledRule* r : rules)
      for (const auto& t : split(r->param("node"), '|'))
        if (!t.empty()) by_type[t].push_back(r);
    if (!by_type.empty()) {
      view.walk_chunk([&](TSNode node) {
        auto it = by_type.find(node_type(node));
        if (it == by_type.end()) return true;
        for (const CompiledRule* r : it->second)
          if (matches(view, *r, node, false) && accept(view, *r, node) && matches(view, *r, node, true))
            sink.add(*r, node);
        return true;
      });
    }
    for (const CompiledRule* r : rules) {
      std::string_view d = r->param("detector");
      if (d == "go-append-prealloc") go_append_prealloc(view, *r, sink);
      else if (d == "java-keyset-get") java_keyset_get(view, *r, sink);
    }
  }

 private:
  // The node-pattern part: text and field constraints. Patterns with placeholders are
  // compiled per candidate, so `with_placeholders` = false checks only the others (cheap,
  // done first) and true only those (done last, after the context checks).
  static bool matches(const SyntaxView& view, const CompiledRule& r, TSNode node, bool with_placeholders) {
    if (!with_placeholders && r.regex("text") && !r.search("text", view.text(node))) return false;
    for (const auto& [key, value] : r.rule().params) {
      bool placeholder = value.find("${") != std::string::npos;
      if (key.ends_with("_kind") && !with_placeholders) {
        TSNode c = field(node, key.substr(0, key.size() - 5).c_str());
        if (!present(c)) return false;
        auto kinds = split(value, '|');
        if (std::find(kinds.begin(), kinds.end(), node_type(c)) == kinds.end()) return false;
      } else if (key.ends_with("_text") && placeholder == with_placeholders) {
        std::string_view text = field_text(view, node, std::string_view(key).substr(0, key.size() - 5));
        if (!placeholder) {
          if (!r.search(key, text)) return false;
          continue;
        }
        // Placeholders: quote the referenced text into the pattern.
        std::string pattern = value;
        auto replace = [&](std::string_view name, std::string_view with) {
          std::string quoted = RE2::QuoteMeta(re2::StringPiece(with.data(), with.size()));
          for (size_t pos = pattern.find(name); pos != std::string::npos; pos = pattern.find(name, pos + quoted.size()))
            pattern.replace(pos, name.size(), quoted);
        };
        replace("${left}", field_text(view, node, "left"));
        replace("${param0}", first_parameter(view, node));
        RE2 re(pattern, RE2::Quiet);
        if (!re.ok() || !RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re)) return false;
      }
    }
    if (!with_placeholders && r.flag("first_arg_repeated")) {
      TSNode args = field(node, "arguments");
      TSNode first = first_argument(args);
      if (!present(first)) return false;
      std::string_view first_text = view.text(first);
      bool repeated = false;
      for (TSNode a = ts_node_next_named_sibling(first); present(a) && !repeated; a = ts_node_next_named_sibling(a))
        repeated = view.text(a) == first_text;
      if (!repeated) return false;
    }
    return true;
  }

  // The context part: loops, carried variables, definitions, modified parameters.
  static bool accept(const SyntaxView& view, const CompiledRule& r, TSNode node) {
    if (r.flag("in_loop")) {
      auto loops = enclosing_loops(view, node);
      if (is_callback_loop(view, node)) loops.insert(loops.begin(), LoopRef{node, true});
      if (r.param("loops") == "statements")
        std::erase_if(loops, [](const LoopRef& l) { return l.callback; });
      if (loops.empty()) return false;
      std::string_view carried = r.param("carried");
      if (!carried.empty()) {
        std::string_view var = field_text(view, node, carried);
        if (!var.empty() && !carried_across_iterations(view, loops.front().node, var)) return false;
      }
    }
    if (r.flag("in_definition") || !r.param("unless_modified").empty()) {
      TSNode fn = enclosing_function(view, node);
      if (ts_node_eq(fn, view.root()) || !present(field(fn, "body"))) return false;
      std::string_view param = field_text(view, node, r.param("unless_modified"));
      if (!r.param("unless_modified").empty() && (param.empty() || parameter_modified(view, fn, param)))
        return false;
    }
    return true;
  }

  // `xs = append(xs, …)` in a range loop (not under a condition) where xs was declared empty
  // without capacity in the same function.
  static void go_append_prealloc(const SyntaxView& view, const CompiledRule& r, FindingSink& sink) {
    view.walk_chunk([&](TSNode node) {
      if (node_type(node) != "assignment_statement") return true;
      TSNode left = field(node, "left"), right = field(node, "right");
      if (!present(left) || !present(right) || ts_node_named_child_count(left) != 1 ||
          ts_node_named_child_count(right) != 1)
        return true;
      TSNode target = ts_node_named_child(left, 0);
      TSNode call = ts_node_named_child(right, 0);
      if (node_type(target) != "identifier" || node_type(call) != "call_expression") return true;
      TSNode fn = field(call, "function");
      if (!present(fn) || view.text(fn) != "append") return true;
      TSNode first = first_argument(field(call, "arguments"));
      if (!present(first) || view.text(first) != view.text(target)) return true;
      auto loops = enclosing_loops(view, node);
      if (loops.size() != 1) return true;
      // A range over a collection, and the append not under an if/switch inside the loop.
      TSNode loop = loops.front().node;
      bool ranged = false;
      uint32_t count = ts_node_named_child_count(loop);
      for (uint32_t i = 0; i < count; ++i)
        if (node_type(ts_node_named_child(loop, i)) == "range_clause") ranged = true;
      if (!ranged) return true;
      for (TSNode p = view.parent(node); present(p) && !ts_node_eq(p, loop); p = view.parent(p)) {
        std::string_view pk = node_type(p);
        if (pk == "if_statement" || pk == "expression_switch_statement" || pk == "type_switch_statement" ||
            pk == "select_statement")
          return true;
      }
      // A loop that may stop early (return/break/goto) does not know the final length.
      bool exits = false;
      view.walk_descendants(loop, [&](TSNode d) {
        if (node_type(d) == "func_literal") return false;
        std::string_view dk = node_type(d);
        exits |= dk == "return_statement" || dk == "break_statement" || dk == "goto_statement";
        return !exits;
      });
      if (exits) return true;
      // The declaration: `var xs []T` or `xs := []T{}` / `make([]T, 0)` in the same function,
      // before the loop.
      std::string_view name = view.text(target);
      TSNode function = enclosing_function(view, node);
      TSNode decl{};
      view.walk_descendants(function, [&](TSNode d) {
        if (ts_node_start_byte(d) >= ts_node_start_byte(loop)) return false;
        std::string_view dk = node_type(d);
        if (dk == "var_spec") {
          TSNode nm = field(d, "name");
          if (present(nm) && view.text(nm) == name && !present(field(d, "value")) &&
              view.text(field(d, "type")).starts_with("[]"))
            decl = d;
        } else if (dk == "short_var_declaration") {
          TSNode l = field(d, "left"), v = field(d, "right");
          if (present(l) && present(v) && ts_node_named_child_count(l) == 1 && view.text(l) == name) {
            std::string_view value = view.text(v);
            static const RE2 empty_slice(R"(^(\[\][\w.*\[\]]+\{\s*\}|make\(\s*\[\][\w.*\[\]]+\s*,\s*0\s*\))$)");
            if (RE2::FullMatch(re2::StringPiece(value.data(), value.size()), empty_slice)) decl = d;
          }
        }
        return true;
      });
      if (!present(decl)) return true;
      // The slice must be filled by this one append only (prealloc's "simple" mode).
      int appends = 0;
      view.walk_descendants(function, [&](TSNode d) {
        // `name = append(name, …)` (a final `return append(name, more...)` builds a new slice)
        if (node_type(d) == "call_expression" && view.text(field(d, "function")) == "append" &&
            node_type(view.parent(d)) == "expression_list" &&
            node_type(view.parent(view.parent(d))) == "assignment_statement") {
          TSNode a = first_argument(field(d, "arguments"));
          if (present(a) && view.text(a) == name) ++appends;
        }
        return true;
      });
      if (appends != 1) return true;
      sink.add(r, node);
      return true;
    });
  }

  // `for (K k : m.keySet()) { … m.get(k) … }`.
  static void java_keyset_get(const SyntaxView& view, const CompiledRule& r, FindingSink& sink) {
    view.walk_chunk([&](TSNode node) {
      if (node_type(node) != "enhanced_for_statement") return true;
      TSNode value = field(node, "value"), name = field(node, "name"), body = field(node, "body");
      if (!present(value) || !present(name) || !present(body) || node_type(value) != "method_invocation") return true;
      TSNode method = field(value, "name"), map = field(value, "object");
      if (!present(method) || !present(map) || view.text(method) != "keySet") return true;
      std::string_view map_text = view.text(map), key = view.text(name);
      bool found = false;
      view.walk_descendants(body, [&](TSNode n) {
        if (found) return false;
        if (node_type(n) == "method_invocation") {
          TSNode m = field(n, "name"), o = field(n, "object");
          TSNode arg = first_argument(field(n, "arguments"));
          if (present(m) && present(o) && present(arg) && view.text(m) == "get" && view.text(o) == map_text &&
              view.text(arg) == key)
            found = true;
        }
        return true;
      });
      if (found) sink.add(r, node);
      return true;
    });
  }

};

}  // namespace

std::unique_ptr<Voter> make_idiom_voter(const std::shared_ptr<const builtin::RuleSet>& rules) {
  return std::make_unique<IdiomVoter>(rules);
}

}  // namespace review::perfstyle
