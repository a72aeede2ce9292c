// performance.loop-cost: work repeated on every iteration of a loop that need not be.
//
// The voter walks the chunk's call-like nodes (calls, `new`, C++ constructor declarations)
// and assignments; for each one evaluated per iteration of some loop (loop_analysis.h) it
// checks the rules of the language (reviewers/rules/performance.toml, voter "loop-cost"):
//
//   params.callee     RE2, full match on the callee text ("re.compile", "new RegExp")
//   params.name       RE2, full match on the callee's last segment (method name)
//   params.receiver   RE2, full match on the receiver text of a method call
//   params.receiver_kind  list | string | lookup: the receiver must visibly be one
//   params.first_arg  RE2 searched in the first argument's text (e.g. a string literal)
//   params.invariant  args | first-arg | receiver | call: those parts must not mention a variable
//                     assigned in the innermost loop (so the work could move before it)
//   params.loops      "statements": only for/while loops count, not iteration callbacks
//   params.concat     augmented | reassign | both: string accumulation `s += …` /
//                     `s = s + …` where `s` is visibly a string (declared type or literal)
//                     and carried across iterations (not reset to "" inside the loop)
//
// Example: `for p in paths: data = open("cfg.json").read()` — callee `open`, invariant
// argument → io-in-loop; `for p in paths: open(p)` is loop-variant and not reported.
#include "reviewers/builtin/loop_analysis.h"
#include "reviewers/builtin/perfstyle_rules.h"

namespace review::perfstyle {

namespace {

class LoopCostVoter final : public PerfStyleVoter {
 public:
  explicit LoopCostVoter(const std::shared_ptr<const builtin::RuleSet>& rules)
      : PerfStyleVoter(rules, "performance", "loop-cost") {}

 protected:
  void analyze(const SyntaxView& view, const RuleList& rules, FindingSink& sink) const override {
    RuleList call_rules, concat_rules;
    for (const CompiledRule* r : rules) (r->param("concat").empty() ? call_rules : concat_rules).push_back(r);
    const LanguageSyntax& s = view.syntax();
    LoopCallMatcher matcher(view);
    view.walk_chunk([&](TSNode node) {
      if (!call_rules.empty() && (s.calls.contains(node) || s.constructions.contains(node) || node_type(node) == "declaration")) {
        CallInfo call;
        if (call_info(view, node, call))
          for (const CompiledRule* r : call_rules)
            if (matcher.matches(*r, call)) sink.add(*r, call.node);
      }
      if (!concat_rules.empty()) check_concat(view, node, concat_rules, sink);
      return true;
    });
  }

 private:
  // `s += x` / `s = s + x` where s is visibly a string, inside a loop.
  void check_concat(const SyntaxView& view, TSNode node, const RuleList& rules, FindingSink& sink) const {
    std::string_view k = node_type(node);
    bool augmented = false;
    TSNode target{}, right{};
    if (k == "augmented_assignment" || k == "assignment_expression" || k == "assignment_statement" ||
        k == "assignment" || k == "compound_assignment_expr" || k == "augmented_assignment_expression") {
      target = field(node, "left");
      right = field(node, "right");
      TSNode op = field(node, "operator");
      std::string_view op_text = present(op) ? view.text(op) : std::string_view{};
      if (op_text == "+=") augmented = true;
      else if (!(k == "assignment" || op_text == "=" || (!present(op) && k == "assignment_expression"))) return;
    } else {
      return;
    }
    if (!present(target) || !present(right)) return;
    if (node_type(target) == "expression_list" && ts_node_named_child_count(target) == 1) target = ts_node_named_child(target, 0);
    if (node_type(right) == "expression_list" && ts_node_named_child_count(right) == 1) right = ts_node_named_child(right, 0);
    if (!view.syntax().identifiers.contains(target)) return;
    std::string_view name = view.text(target);
    if (!augmented) {
      // `s = s + …`: a binary + whose leftmost operand is the target.
      TSNode left = right;
      while (view.syntax().binary.contains(left) && present(field(left, "left"))) {
        TSNode op = field(left, "operator");
        if (present(op) && view.text(op) != "+") return;
        left = field(left, "left");
      }
      if (ts_node_eq(left, right) || view.text(left) != name) return;
    }
    for (const CompiledRule* r : rules) {
      std::string_view mode = r->param("concat");
      if (mode == "augmented" && !augmented) continue;
      if (mode == "reassign" && augmented) continue;
      auto loops = enclosing_loops(view, node);
      if (loops.empty()) return;
      if (!carried_across_iterations(view, loops.front().node, name)) return;
      if (infer_kind(view, node, name) != VarKind::string) return;
      sink.add(*r, node);
    }
  }
};

}  // namespace

std::unique_ptr<Voter> make_loop_cost_voter(const std::shared_ptr<const builtin::RuleSet>& rules) {
  return std::make_unique<LoopCostVoter>(rules);
}

}  // namespace review::perfstyle
