// performance.idiom: language-specific slow idioms.
//
// Most rules (reviewers/rules/performance.toml, voter "idiom") are tree-sitter queries run by
// the shared query engine (query_engine.h) and then filtered by parameters:
//   params.in_loop = true        the reported node must run per iteration of a loop
//                                (loop_analysis.h: body/condition, not the iterable; callbacks
//                                of forEach/map count unless params.loops = "statements";
//                                a nested function stops the search)
//   params.carried = "var"       the captured variable must keep its value across iterations
//                                (no `var = …` reset inside the loop)
//   params.unless_modified = "param"   C++ by-value parameters: not reported when the
//                                function moves, swaps or modifies the parameter (then the
//                                copy is needed or a sink), nor in declarations without body
// A few idioms need more than one match and are small detectors named by params.detector:
//   go-append-prealloc   `var xs []T` / `xs := []T{}` filled only by one `xs = append(xs, …)`
//                        in a `for … range` loop, not under a condition, in a loop that
//                        does not return or break early (prealloc's simple mode)
//   java-keyset-get      `for (K k : m.keySet()) { … m.get(k) … }` (iterate entrySet)
#include <fmt/format.h>
#include <re2/re2.h>

#include <map>

#include "reviewers/builtin/loop_analysis.h"
#include "reviewers/builtin/perfstyle_rules.h"
#include "reviewers/builtin/query_engine.h"

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

class IdiomVoter final : public PerfStyleVoter {
 public:
  explicit IdiomVoter(const std::shared_ptr<const builtin::RuleSet>& rules)
      : PerfStyleVoter(rules, "performance", "idiom"), m_rules(rules) {
    std::vector<const builtin::Rule*> with_query;
    if (rules)
      for (const builtin::Rule* r : rules->select("performance", "idiom"))
        if (!r->query.empty()) with_query.push_back(r);
    m_queries = std::make_unique<builtin::QuerySet>(std::move(with_query));
  }

 protected:
  void analyze(const SyntaxView& view, const RuleList& rules, FindingSink& sink) const override {
    std::map<const builtin::Rule*, const CompiledRule*> by_rule;
    bool detectors = false;
    for (const CompiledRule* r : rules) {
      by_rule[&r->rule()] = r;
      detectors |= !r->param("detector").empty();
    }
    const Chunk& chunk = *view.request().chunk;
    if (m_queries->covers(view.language())) {
      m_queries->for_each_match(view.language(), view.root(), view.source_text(), view.first_line() - 1,
                                chunk.start_line, chunk.end_line, [&](const builtin::QueryMatch& m) {
                                  auto it = by_rule.find(m.rule);
                                  if (it == by_rule.end()) return;
                                  if (accept(view, *it->second, m)) sink.add(*it->second, m.start_line, m.start_line);
                                });
    }
    if (!detectors) return;
    for (const CompiledRule* r : rules) {
      std::string_view d = r->param("detector");
      if (d == "go-append-prealloc") go_append_prealloc(view, *r, sink);
      else if (d == "java-keyset-get") java_keyset_get(view, *r, sink);
    }
  }

 private:
  static bool accept(const SyntaxView& view, const CompiledRule& r, const builtin::QueryMatch& m) {
    if (r.flag("in_loop")) {
      auto loops = enclosing_loops(view, m.node);
      if (is_callback_loop(view, m.node)) loops.insert(loops.begin(), LoopRef{m.node, true});
      if (r.param("loops") == "statements")
        std::erase_if(loops, [](const LoopRef& l) { return l.callback; });
      if (loops.empty()) return false;
      // params.carried = "<capture>": that variable must carry its value across iterations
      // of the innermost loop (not be reset inside it).
      std::string_view carried = r.param("carried");
      if (!carried.empty()) {
        const TSNode* var = m.capture(carried);
        if (var && !carried_across_iterations(view, loops.front().node, view.text(*var))) return false;
      }
    }
    if (r.param("unless_modified") == "param") {
      const TSNode* param = m.capture("param");
      if (!param) return true;
      TSNode fn = enclosing_function(view, m.node);
      if (ts_node_eq(fn, view.root()) || !present(field(fn, "body"))) return false;
      if (parameter_modified(view, fn, view.text(*param))) return false;
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
      for (TSNode p = ts_node_parent(node); present(p) && !ts_node_eq(p, loop); p = ts_node_parent(p)) {
        std::string_view pk = node_type(p);
        if (pk == "if_statement" || pk == "expression_switch_statement" || pk == "type_switch_statement" ||
            pk == "select_statement")
          return true;
      }
      // A loop that may stop early (return/break/goto) does not know the final length.
      bool exits = false;
      walk_descendants(loop, [&](TSNode d) {
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
      walk_descendants(function, [&](TSNode d) {
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
      walk_descendants(function, [&](TSNode d) {
        // `name = append(name, …)` (a final `return append(name, more...)` builds a new slice)
        if (node_type(d) == "call_expression" && view.text(field(d, "function")) == "append" &&
            node_type(ts_node_parent(d)) == "expression_list" &&
            node_type(ts_node_parent(ts_node_parent(d))) == "assignment_statement") {
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
      walk_descendants(body, [&](TSNode n) {
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

  std::shared_ptr<const builtin::RuleSet> m_rules;
  std::unique_ptr<builtin::QuerySet> m_queries;
};

}  // namespace

std::unique_ptr<Voter> make_idiom_voter(const std::shared_ptr<const builtin::RuleSet>& rules) {
  return std::make_unique<IdiomVoter>(rules);
}

}  // namespace review::perfstyle
