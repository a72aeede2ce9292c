// performance.complexity-shape: the shape of loops that makes work grow faster than the data.
//
// Rules (reviewers/rules/performance.toml, voter "complexity-shape") pick a shape with
// params.shape:
//   nested-join      a loop over a collection inside another loop whose body compares an
//                    element of the inner loop with one of the outer loop (a join or
//                    duplicate search done in O(n·m); a dict/set/map makes it O(n+m))
//   membership       a membership test or linear search inside a loop on a container that
//                    is visibly a list/array/vector (not a small constant table: a literal of
//                    at most 10 constants that is never grown): Python `x in xs` (params.operator = "in"),
//                    or a call rule (params.name/callee, receiver_kind; see LoopCallMatcher);
//                    for function-style calls params.container = "first-arg" names the
//                    container (`slices.Contains(xs, x)`, `std::find(v.begin(), …)`)
//   call-in-loop     a call rule evaluated per iteration (sorting, front removal, …); with
//                    params.invariant the sorted/modified container must not be the loop's
//   condition-call   a call in a loop's condition with loop-invariant arguments
//                    (`for (i = 0; i < strlen(s); i++)` is quadratic)
//   depth            loops nested params.min_depth deep (reported on the loop at that depth)
//
// Example (nested-join):
//   for u in users:
//       for o in orders:          <- reported here: compares o.user_id with u.id
//           if o.user_id == u.id: …
#include <fmt/format.h>

#include "reviewers/builtin/loop_analysis.h"
#include "reviewers/builtin/perfstyle_rules.h"

namespace review::perfstyle {

namespace {

// Names bound by a loop's header (its element or index variables).
std::set<std::string, std::less<>> loop_bindings(const SyntaxView& view, const LoopRef& loop) {
  std::set<std::string, std::less<>> out;
  TSNode n = loop.node;
  auto take = [&](TSNode part) {
    if (!present(part)) return;
    if (node_type(part) == "init_declarator") part = field(part, "declarator");
    for (auto& id : identifiers_in(view, part)) out.insert(id);
  };
  if (loop.callback) {
    TSNode params = field(n, "parameters");
    if (!present(params)) params = field(n, "parameter");
    take(params);
    return out;
  }
  std::string_view k = node_type(n);
  if (k == "for_statement") {
    take(field(n, "left"));  // Python
    TSNode init = field(n, "initializer");  // C/C++/JS
    if (!present(init)) init = field(n, "init");  // Java
    if (present(init)) {
      if (node_type(init) == "declaration" || node_type(init) == "local_variable_declaration" ||
          node_type(init) == "lexical_declaration" || node_type(init) == "variable_declaration") {
        view.walk_descendants(init, [&](TSNode d) {
          if (node_type(d) == "init_declarator") take(field(d, "declarator"));
          else if (node_type(d) == "variable_declarator") take(field(d, "name"));
          return true;
        });
      } else if (present(field(init, "left"))) {
        take(field(init, "left"));
      }
    }
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {  // Go
      TSNode c = ts_node_named_child(n, i);
      if (node_type(c) == "range_clause") take(field(c, "left"));
      if (node_type(c) == "for_clause") {
        TSNode ci = field(c, "initializer");
        if (present(ci)) take(field(ci, "left"));
      }
    }
  } else if (k == "for_in_statement") {
    take(field(n, "left"));
  } else if (k == "enhanced_for_statement") {
    take(field(n, "name"));
  } else if (k == "for_range_loop") {
    take(field(n, "declarator"));
  } else if (k == "for_expression") {
    take(field(n, "pattern"));
  } else if (k == "list_comprehension" || k == "set_comprehension" || k == "dictionary_comprehension" ||
             k == "generator_expression") {
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (node_type(c) == "for_in_clause") take(field(c, "left"));
    }
  }
  return out;
}

// The collection a for-each loop iterates (null for index/condition loops and numeric ranges).
TSNode iterated_collection(const SyntaxView& view, const LoopRef& loop) {
  if (loop.callback) {
    TSNode call = view.parent(view.parent(loop.node));
    CallInfo info;
    if (present(call) && call_info(view, call, info)) {
      TSNode fn = field(call, "function");
      if (present(fn)) return fn;
      return call;
    }
    return TSNode{};
  }
  TSNode n = loop.node;
  std::string_view k = node_type(n);
  TSNode c{};
  if (k == "for_statement") {
    c = field(n, "right");  // Python
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count && !present(c); ++i)
      if (node_type(ts_node_named_child(n, i)) == "range_clause") c = field(ts_node_named_child(n, i), "right");
  } else if (k == "for_in_statement" || k == "for_range_loop") {
    c = field(n, "right");
  } else if (k == "enhanced_for_statement" || k == "for_expression") {
    c = field(n, "value");
  }
  if (!present(c)) return c;
  std::string_view text = view.text(c);
  // Numeric ranges are index loops, not collections.
  if (text.starts_with("range(") || node_type(c) == "range_expression" || node_type(c) == "int_literal" ||
      node_type(c) == "integer" || node_type(c) == "number_literal")
    return TSNode{};
  return c;
}

bool mentions_any(const SyntaxView& view, TSNode node, const std::set<std::string, std::less<>>& names) {
  for (const auto& id : identifiers_in(view, node))
    if (names.contains(id)) return true;
  return false;
}

// Equality comparisons in `body` between an inner-loop element and an outer-loop element.
bool compares_elements(const SyntaxView& view, TSNode body, const std::set<std::string, std::less<>>& inner,
                       const std::set<std::string, std::less<>>& outer, bool index_loops, bool same_collection) {
  bool found = false;
  auto relates = [&](TSNode a, TSNode b) {
    if (!present(a) || !present(b)) return false;
    bool ab = mentions_any(view, a, inner) && !mentions_any(view, a, outer) && mentions_any(view, b, outer) &&
              !mentions_any(view, b, inner);
    bool ba = mentions_any(view, b, inner) && !mentions_any(view, b, outer) && mentions_any(view, a, outer) &&
              !mentions_any(view, a, inner);
    if (!ab && !ba) return false;
    // `i == j` on index loops is a diagonal test, and `x == y` over the same collection an
    // "every other element" test: neither is a search.
    bool bare = view.syntax().identifiers.contains(a) && view.syntax().identifiers.contains(b);
    if (bare && (index_loops || same_collection)) return false;
    return true;
  };
  view.walk_descendants(body, [&](TSNode n) {
    if (found) return false;
    if (is_function_like(view, n) && !is_callback_loop(view, n)) return false;
    std::string_view k = node_type(n);
    if (view.syntax().binary.contains(n) || k == "comparison_operator") {
      if (k == "comparison_operator") {  // Python: a == b (only two operands considered)
        if (ts_node_named_child_count(n) == 2) {
          std::string_view text = view.text(n);
          if (text.find("==") != std::string_view::npos)
            found = relates(ts_node_named_child(n, 0), ts_node_named_child(n, 1));
        }
      } else {
        TSNode op = field(n, "operator");
        std::string_view o = present(op) ? view.text(op) : std::string_view{};
        if (o == "==" || o == "===") found = relates(field(n, "left"), field(n, "right"));
      }
    } else if (k == "method_invocation") {  // Java a.equals(b)
      TSNode name = field(n, "name");
      if (present(name) && view.text(name) == "equals")
        found = relates(field(n, "object"), first_argument(field(n, "arguments")));
    }
    return !found;
  });
  return found;
}

// The container a function-style search call works on: the first argument, or `v` in
// `v.begin()` / `std::begin(v)`.
std::string_view container_of_first_arg(const SyntaxView& view, const CallInfo& call) {
  TSNode first = first_argument(call.arguments);
  if (!present(first)) return {};
  CallInfo inner;
  if (view.syntax().calls.contains(first) && call_info(view, first, inner)) {
    if (inner.name == "begin" || inner.name == "cbegin") {
      if (!inner.receiver.empty()) return inner.receiver;
      TSNode arg = first_argument(inner.arguments);
      return present(arg) ? view.text(arg) : std::string_view{};
    }
    return {};
  }
  return view.syntax().identifiers.contains(first) ? view.text(first) : std::string_view{};
}

class ComplexityShapeVoter final : public PerfStyleVoter {
 public:
  explicit ComplexityShapeVoter(const std::shared_ptr<const builtin::RuleSet>& rules)
      : PerfStyleVoter(rules, "performance", "complexity-shape") {}

 protected:
  void analyze(const SyntaxView& view, const RuleList& rules, FindingSink& sink) const override {
    const LanguageSyntax& s = view.syntax();
    LoopCallMatcher matcher(view);
    // params.shape per rule, resolved once per chunk.
    std::vector<std::pair<const CompiledRule*, Shape>> shaped;
    for (const CompiledRule* r : rules) shaped.emplace_back(r, shape_of(r->param("shape")));
    view.walk_chunk([&](TSNode node) {
      bool is_loop = s.loops.contains(node) || (s.lambdas.contains(node) && is_callback_loop(view, node));
      bool is_call = s.calls.contains(node) || s.constructions.contains(node);
      bool is_comparison = node_type(node) == "comparison_operator";
      if (!is_loop && !is_call && !is_comparison) return true;
      // The node's call_info, computed on first need (the same for every rule).
      CallInfo call;
      int has_call = -1;  // unknown
      for (const auto& [r, shape] : shaped) {
        if (is_loop && shape == Shape::depth) check_depth(view, *r, node, matcher, sink);
        else if (is_loop && shape == Shape::nested_join) check_join(view, *r, node, matcher, sink);
        else if (is_loop && shape == Shape::condition_call) check_condition(view, *r, node, matcher, sink);
        else if (shape == Shape::membership && is_comparison) check_in_operator(view, *r, node, matcher, sink);
        else if (is_call && (shape == Shape::membership || shape == Shape::call_in_loop)) {
          if (has_call < 0) has_call = call_info(view, node, call) ? 1 : 0;
          if (!has_call || !matcher.matches(*r, call)) continue;
          if (shape == Shape::membership && !call.receiver.empty() && is_small_constant_list(view, node, call.receiver))
            continue;
          if (r->param("container") == "first-arg") {
            std::string_view container = container_of_first_arg(view, call);
            if (container.empty()) continue;
            std::string_view wanted = r->param("container_kind");
            if (wanted == "list" && infer_kind(view, node, container) != VarKind::list) continue;
            if (r->flag("container_invariant") &&
                !is_invariant(view, first_argument(call.arguments), matcher.variables(matcher.loops(node).front())))
              continue;
          }
          sink.add(*r, node);
        }
      }
      return true;
    });
  }

 private:
  enum class Shape { other, depth, nested_join, condition_call, membership, call_in_loop };
  static Shape shape_of(std::string_view shape) {
    if (shape == "depth") return Shape::depth;
    if (shape == "nested-join") return Shape::nested_join;
    if (shape == "condition-call") return Shape::condition_call;
    if (shape == "membership") return Shape::membership;
    if (shape == "call-in-loop") return Shape::call_in_loop;
    return Shape::other;
  }

  static LoopRef as_loop(const SyntaxView& view, TSNode node) {
    return LoopRef{node, view.syntax().lambdas.contains(node)};
  }

  void check_depth(const SyntaxView& view, const CompiledRule& r, TSNode node, LoopCallMatcher& matcher,
                   FindingSink& sink) const {
    int min_depth = r.int_param("min_depth", 4);
    int depth = 1 + static_cast<int>(matcher.loops(node).size());
    if (depth != min_depth) return;
    sink.add(r, node, fmt::format("Loop nested {} deep: the innermost body runs once per combination of {} "
                                  "collections or ranges",
                                  depth, depth));
    (void)view;
  }

  void check_join(const SyntaxView& view, const CompiledRule& r, TSNode node, LoopCallMatcher& matcher,
                  FindingSink& sink) const {
    LoopRef inner = as_loop(view, node);
    const auto& outer_loops = matcher.loops(node);
    if (outer_loops.empty()) return;
    LoopRef outer = outer_loops.front();
    TSNode inner_collection = iterated_collection(view, inner);
    bool index_loops = !present(inner_collection) || !present(iterated_collection(view, outer));
    if (r.flag("collections_only") && index_loops) return;
    auto inner_vars = loop_bindings(view, inner);
    auto outer_vars = loop_bindings(view, outer);
    if (inner_vars.empty() || outer_vars.empty()) return;
    // The inner collection must not be derived from the outer element (`for c in row:` is
    // a walk over a 2-D structure, linear in its size).
    if (present(inner_collection) && mentions_any(view, inner_collection, outer_vars)) return;
    TSNode body = field(node, "body");
    if (!present(body)) body = node;
    TSNode outer_collection = iterated_collection(view, outer);
    bool same_collection = present(inner_collection) && present(outer_collection) &&
                           view.text(inner_collection) == view.text(outer_collection);
    if (!compares_elements(view, body, inner_vars, outer_vars, index_loops, same_collection)) return;
    sink.add(r, node);
  }

  void check_condition(const SyntaxView& view, const CompiledRule& r, TSNode node, LoopCallMatcher& matcher,
                       FindingSink& sink) const {
    TSNode cond = field(node, "condition");
    if (!present(cond)) return;
    LoopRef loop = as_loop(view, node);
    const auto& vars = matcher.variables(loop);
    auto check = [&](TSNode n) {
      if (!view.syntax().calls.contains(n)) return true;
      CallInfo call;
      if (!call_info(view, n, call) || !r.full_match_or_absent("callee", call.callee)) return true;
      if (!r.regex("callee")) return true;
      if (present(call.arguments) && !is_invariant(view, call.arguments, vars)) return true;
      sink.add(r, n);
      return true;
    };
    check(cond);
    view.walk_descendants(cond, check);
  }

  void check_in_operator(const SyntaxView& view, const CompiledRule& r, TSNode node, LoopCallMatcher& matcher,
                         FindingSink& sink) const {
    if (r.param("operator") != "in") return;
    if (ts_node_named_child_count(node) != 2) return;
    // Operators are anonymous children: find "in" (also "not in").
    bool is_in = false;
    uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_child(node, i);
      if (!ts_node_is_named(c) && (node_type(c) == "in" || node_type(c) == "not in")) is_in = true;
    }
    if (!is_in) return;
    TSNode container = ts_node_named_child(node, 1);
    if (!view.syntax().identifiers.contains(container)) return;
    if (matcher.loops(node).empty()) return;
    // The comparison must not be the loop header itself (`for x in xs`): those are not
    // comparison_operator nodes, so nothing to do here.
    if (infer_kind(view, node, view.text(container)) != VarKind::list) return;
    if (is_small_constant_list(view, node, view.text(container))) return;
    sink.add(r, node);
  }
};

}  // namespace

std::unique_ptr<Voter> make_complexity_shape_voter(const std::shared_ptr<const builtin::RuleSet>& rules) {
  return std::make_unique<ComplexityShapeVoter>(rules);
}

}  // namespace review::perfstyle
