// style.metrics: structure metrics of the functions a change touches.
//
// Rules (reviewers/rules/style.toml, voter "metrics") pick params.metric and params.max:
//   function-length   non-blank, non-comment lines from the header to the closing line
//   nesting-depth     depth of nested control statements (if/loops/switch/try/match/with);
//                     an else-if continues its chain at the same depth
//   parameter-count   declared parameters (style_functions.h: no self, receivers, *args)
//   cyclomatic        McCabe: 1 + decision points (if, elif, loops, case, catch, ?:,
//                     comprehension for/if) + each && / || / and / or
// and may exclude paths with params.skip_paths (tests: table-driven test functions are long
// by design). A finding is reported at the header line (the deepest statement for nesting)
// when that line was added; for a function that existed before, only when at least a third
// of its lines were added, at the first added line — a one-line edit in a long old function
// is not the change's fault.
#include <fmt/format.h>

#include <algorithm>

#include "reviewers/builtin/loop_analysis.h"
#include "reviewers/builtin/perfstyle_rules.h"
#include "reviewers/builtin/style_functions.h"
#include "util/text.h"

namespace review::perfstyle {

namespace {

bool comment_only(std::string_view line) {
  line = trim(line);
  return line.starts_with("//") || line.starts_with("#") || line.starts_with("/*") || line.starts_with("*") ||
         line.starts_with("*/");
}

int code_lines(const SyntaxView& view, TSNode node) {
  int count = 0;
  for (int l = view.start_line(node); l <= view.end_line(node); ++l) {
    std::string_view t = view.line_text(l);
    if (!trim(t).empty() && !comment_only(t)) ++count;
  }
  return count;
}

// An if that is the else-branch of another if continues that chain (same depth).
bool continues_else_chain(const SyntaxView& view, TSNode node) {
  TSNode parent = view.parent(node);
  if (!present(parent)) return false;
  std::string_view pk = node_type(parent);
  if (pk == "else_clause") return true;
  if ((pk == "if_statement" || pk == "if_expression") && ts_node_eq(field(parent, "alternative"), node)) return true;
  return false;
}

struct DeepNode {
  int depth = 0;
  TSNode node{};
};

// The first statement nested deepest under `node` (preorder, stopping at the first one past
// `limit`); nested functions do not count.
void deepest_walk(const SyntaxView& view, TSNode node, int depth, int limit, DeepNode& out) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  for (bool more = ts_tree_cursor_goto_first_child(&cursor); more && out.depth <= limit;
       more = ts_tree_cursor_goto_next_sibling(&cursor)) {
    TSNode c = ts_tree_cursor_current_node(&cursor);
    if (!ts_node_is_named(c) || is_function_like(view, c)) continue;
    int d = depth;
    if (view.syntax().nesting.contains(c) && !continues_else_chain(view, c)) ++d;
    if (d > out.depth) out = {d, c};
    if (out.depth > limit) break;  // the first statement past the limit is reported
    deepest_walk(view, c, d, limit, out);
  }
  ts_tree_cursor_delete(&cursor);
}

// deepest_walk(view, body, 0, limit, out), over the chunk's node list when it holds the
// whole body: the same nodes in the same order, without a tree walk.
void deepest(const SyntaxView& view, TSNode body, int limit, DeepNode& out) {
  uint32_t first = 0, last = 0;
  if (!view.listed_descendants(body, first, last)) {
    deepest_walk(view, body, 0, limit, out);
    return;
  }
  const ChunkNodes& list = view.chunk_list();
  std::vector<std::pair<uint32_t, int>> open;  // (end of subtree, depth) of the entered ancestors
  for (uint32_t i = first; i < last;) {
    while (!open.empty() && open.back().first <= i) open.pop_back();
    TSNode c = view.retarget(list.nodes[i]);
    if (!ts_node_is_named(c) || is_function_like(view, c)) {
      i = list.next[i];
      continue;
    }
    int d = open.empty() ? 0 : open.back().second;
    if (view.syntax().nesting.contains(c) && !continues_else_chain(view, c)) ++d;
    if (d > out.depth) out = {d, c};
    if (out.depth > limit) return;  // the first statement past the limit is reported
    open.emplace_back(list.next[i], d);
    ++i;
  }
}

int cyclomatic(const SyntaxView& view, TSNode body) {
  int count = 1;
  const LanguageSyntax& s = view.syntax();
  view.walk_descendants(body, [&](TSNode n) {
    if (is_function_like(view, n)) return false;
    if (s.branches.contains(n)) {
      // Java `default:` labels and Go `default` cases are not decisions.
      if (node_type(n) == "switch_label" && view.text(n).starts_with("default")) return true;
      ++count;
    } else if (node_type(n) == "boolean_operator") {
      ++count;
    } else if (s.binary.contains(n)) {
      TSNode op = field(n, "operator");
      std::string_view o = present(op) ? view.text(op) : std::string_view{};
      if (o == "&&" || o == "||" || o == "??") ++count;
    }
    return true;
  });
  return count;
}

class MetricsVoter final : public PerfStyleVoter {
 public:
  explicit MetricsVoter(const std::shared_ptr<const builtin::RuleSet>& rules)
      : PerfStyleVoter(rules, "style", "metrics") {}

 protected:
  void analyze(const SyntaxView& view, const RuleList& rules, FindingSink& sink) const override {
    auto functions = chunk_functions(view);
    for (const FunctionInfo& fn : functions) {
      if (!present(fn.body)) continue;
      std::string name = present(fn.name) ? std::string(view.text(fn.name)) : std::string("function");
      for (const CompiledRule* r : rules) {
        if (r->search("skip_paths", view.path())) continue;
        std::string_view metric = r->param("metric");
        int max = r->int_param("max", 0);
        if (max <= 0) continue;
        int header = view.start_line(fn.node);
        if (metric == "function-length") {
          int lines = code_lines(view, fn.node);
          if (lines > max)
            report(view, fn, *r, header, sink,
                   fmt::format("Function '{}' has {} lines of code (limit {}): split it into smaller functions",
                               name, lines, max));
        } else if (metric == "parameter-count") {
          int params = parameter_count(view, fn);
          if (params > max)
            report(view, fn, *r, header, sink,
                   fmt::format("Function '{}' takes {} parameters (limit {}): group related ones into a struct "
                               "or object",
                               name, params, max));
        } else if (metric == "cyclomatic") {
          int c = cyclomatic(view, fn.body);
          if (c > max)
            report(view, fn, *r, header, sink,
                   fmt::format("Function '{}' has cyclomatic complexity {} (limit {}): extract branches into "
                               "helpers",
                               name, c, max));
        } else if (metric == "nesting-depth") {
          DeepNode deep;
          deepest(view, fn.body, max, deep);
          if (deep.depth > max)
            report(view, fn, *r, view.start_line(deep.node), sink,
                   fmt::format("Control flow nested {} deep in '{}' (limit {}): return early or extract the "
                               "inner block",
                               deep.depth, name, max));
        }
      }
    }
  }

 private:
  static void report(const SyntaxView& view, const FunctionInfo& fn, const CompiledRule& r, int anchor,
                     FindingSink& sink, std::string message) {
    if (view.is_changed(anchor)) {
      sink.add(r, anchor, anchor, std::move(message));
      return;
    }
    int first = view.start_line(fn.node), last = view.end_line(fn.node);
    const auto& changed = view.request().chunk->changed_lines;
    auto lo = std::lower_bound(changed.begin(), changed.end(), first);
    auto hi = std::upper_bound(changed.begin(), changed.end(), last);
    long added = hi - lo;
    if (added > 0 && added * 3 >= (last - first + 1)) sink.add(r, *lo, *lo, std::move(message));
  }
};

}  // namespace

std::unique_ptr<Voter> make_metrics_voter(const std::shared_ptr<const builtin::RuleSet>& rules) {
  return std::make_unique<MetricsVoter>(rules);
}

}  // namespace review::perfstyle
