// Chunker: from changed lines to review units.
//
// For each file, in parallel (one TSParser per thread):
//   1. parse the post-image (with a time limit). A large file in a language whose layout
//      shows its blocks (Python indentation; braces in C, C++, JavaScript) is first parsed
//      only around its changes, as tree-sitter included ranges (positions stay those of the
//      whole file): each changed item (a run of rows opened by a row at the block's depth
//      that follows a blank row) with its neighbouring items, and inside a large item
//      (a class, a namespace) its header, the changed members with their neighbours, and
//      its closing row. The windowed tree is used only when it has no syntax error and every
//      changed row lies in a definition that ends and starts strictly inside one window;
//      otherwise the whole file is parsed. Parsing is ~80 % of chunking, and most of a
//      commit's files are far larger than what it changes;
//   2. walk the tree once, descending only where changed lines are, and record every
//      definition (function, class, impl …) and scope (namespace, mod) with its rows —
//      widened to its wrapper (decorators, `template<…>`, `export`) and to the comments and
//      attributes directly above it, and in JS/TS whether it is a direct member of a class
//      body (a chunk made only of such members is marked Chunk::class_member) — and the
//      error nodes that cover changed lines;
//   3. give each changed line a target: its innermost definition, or, outside any
//      definition, the "gap" between the neighbouring definitions of its scope (imports,
//      constants, top-level statements);
//   4. a target within the token budget is one piece; a larger one is split at child
//      boundaries (recursively), keeping the pieces with changed lines, each carrying the
//      enclosing signatures as context;
//   5. changed lines under syntax errors (or files without grammar or a failed parse)
//      fall back to the changed lines ± N context lines;
//   6. pieces are sorted and merged when they overlap, or touch and fit the budget together.
//
// Example (Python, budget large enough):
//
//   1 import os            changed line 1  -> gap target rows 1..2 ("import os", "X = 1")
//   2 X = 1
//   3 class A:
//   4     def f(self):     changed line 5  -> innermost definition A.f, lines 4..5
//   5         return 1
//
// Internally rows are 0-based (tree-sitter's TSPoint.row); Chunk lines are 1-based.
#include "git/chunker.h"

#include <oneapi/tbb/enumerable_thread_specific.h>

#include "util/parallel.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>

#include "git/syntax.h"
#include "git/ts_handle.h"
#include "util/text.h"

namespace review {

int estimate_tokens(std::string_view text) {
  return static_cast<int>(std::min<size_t>((text.size() + 3) / 4, std::numeric_limits<int>::max()));
}

namespace {

constexpr int k_max_split_depth = 48;       // deeper splits fall back to line windows
constexpr int k_max_unchanged_descent = 8;  // how deep to look for definitions in unchanged code
// The ERROR node's symbol (ts_builtin_sym_error in tree_sitter/parser.h; runtime 0.20.7 has
// no ts_node_is_error).
constexpr TSSymbol k_error_symbol = static_cast<TSSymbol>(-1);

/// Inclusive range of 0-based rows. Empty when last < first.
struct Rows {
  int first = 0;
  int last = -1;
  bool empty() const { return last < first; }
  bool contains(int row) const { return first <= row && row <= last; }
};

/// Byte offsets of the lines of a text ('\n'-terminated; a last line without '\n' counts).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : m_text(text) {
    if (text.empty()) return;
    m_starts.push_back(0);
    const char* base = text.data();
    const char* p = base;
    const char* end = base + text.size();
    while (const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p))) {
      p = static_cast<const char*>(nl) + 1;
      if (p < end) m_starts.push_back(static_cast<size_t>(p - base));
    }
  }
  int rows() const { return static_cast<int>(m_starts.size()); }
  /// Bytes of rows [r.first, r.last] including their newlines.
  std::string_view text(Rows r) const {
    r = {std::max(r.first, 0), std::min(r.last, rows() - 1)};
    if (r.empty()) return {};
    size_t b = m_starts[r.first];
    size_t e = r.last + 1 < rows() ? m_starts[r.last + 1] : m_text.size();
    return m_text.substr(b, e - b);
  }
  int tokens(Rows r) const { return estimate_tokens(text(r)); }

 private:
  std::string_view m_text;
  std::vector<size_t> m_starts;
};

/// Sorted 0-based changed rows with range queries.
class ChangedRows {
 public:
  explicit ChangedRows(std::vector<int> rows) : m_rows(std::move(rows)) {}
  bool any_in(Rows r) const {
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), r.first);
    return it != m_rows.end() && *it <= r.last;
  }
  std::vector<int> in(Rows r) const {
    auto b = std::lower_bound(m_rows.begin(), m_rows.end(), r.first);
    auto e = std::upper_bound(m_rows.begin(), m_rows.end(), r.last);
    return {b, e};
  }
  /// The first changed row >= row, or nullopt.
  std::optional<int> next(int row) const {
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), row);
    return it == m_rows.end() ? std::nullopt : std::optional<int>(*it);
  }
  const std::vector<int>& all() const { return m_rows; }

 private:
  std::vector<int> m_rows;
};

Rows node_rows(TSNode node) {
  TSPoint s = ts_node_start_point(node), e = ts_node_end_point(node);
  int first = static_cast<int>(s.row);
  int last = static_cast<int>(e.row);
  if (e.column == 0 && e.row > s.row) --last;  // ends with a newline: the next row is not in it
  return {first, last};
}

/// A definition or scope found in the tree.
struct Definition {
  TSNode node;
  Rows rows;           // widened by wrappers and attached comments
  int owner = -1;      // index of the enclosing definition/scope; -1 = the file
  bool scope = false;  // namespace-like: its body reads like top level
  std::string name;
  // JS/TS: start byte of the class body this definition is a direct member of, when its
  // rows (widened) lie strictly between the body's first and last rows; -1 otherwise.
  std::int64_t class_body = -1;
};

struct FileSyntax {
  std::vector<Definition> defs;  // in pre-order (start rows non-decreasing)
  std::vector<Rows> errors;      // ERROR/MISSING nodes that cover changed rows
};

/// True for the languages whose class members do not parse on their own (JS/TS), where
/// chunks record whether they are class members (Chunk::class_member).
bool has_class_members(std::string_view language) {
  return language == "javascript" || language == "typescript" || language == "tsx";
}

/// One walk of the tree. Descends into nodes that hold changed rows, and a little way into
/// unchanged non-definition nodes (to find neighbouring definitions, e.g. inside
/// `#ifdef`); never into unchanged definitions. With `class_members`, records for each
/// definition the class body it is a direct member of (Definition::class_body).
FileSyntax collect(TSTree* tree, const SyntaxRules& rules, const ChangedRows& changed, std::string_view source,
                   int row_count, bool class_members) {
  FileSyntax out;
  struct Level {
    TSNode node;
    int comment_first = -1;  // first row of the run of comments just before the next sibling
    int comment_last = -2;
    int attached_first = 0;  // first row of the last named non-comment node, with its comments
  };
  struct Open {
    int depth;
    int index;
  };
  std::vector<Level> path;
  std::vector<Open> open;  // definitions/scopes on the current path
  TsTreeCursor cursor(ts_tree_root_node(tree));
  int depth = 0;
  path.push_back({ts_tree_root_node(tree)});
  bool done = false;
  while (!done) {
    TSNode node = ts_tree_cursor_current_node(cursor.get());
    Rows rows = node_rows(node);
    bool has_change = changed.any_in(rows);
    NodeRole role = NodeRole::none;
    if (depth > 0 && ts_node_is_named(node)) {
      role = rules.role(node);
      Level& level = path[depth];
      if (role == NodeRole::comment) {
        if (level.comment_first >= 0 && rows.first <= level.comment_last + 1) level.comment_last = rows.last;
        else level.comment_first = rows.first, level.comment_last = rows.last;
      } else {
        bool adjacent = level.comment_first >= 0 && level.comment_last + 1 >= rows.first;
        level.attached_first = adjacent ? level.comment_first : rows.first;
        level.comment_first = -1;
        level.comment_last = -2;
      }
    }
    if (has_change && (ts_node_symbol(node) == k_error_symbol || ts_node_is_missing(node))) out.errors.push_back(rows);
    if (role == NodeRole::definition || role == NodeRole::scope) {
      // Widen to the outermost wrapper (decorators, template<…>, export) and its comments.
      int top = depth;
      while (top > 1 && rules.role(path[top - 1].node) == NodeRole::wrapper) --top;
      Rows widened = rows;
      if (top < depth) {
        Rows w = node_rows(path[top].node);
        widened = {std::min(rows.first, w.first), std::max(rows.last, w.last)};
      }
      widened.first = std::min(widened.first, path[top].attached_first);
      widened.last = std::min(widened.last, row_count - 1);
      Definition def{node, widened, open.empty() ? -1 : open.back().index, role == NodeRole::scope, ""};
      def.name = rules.name(node, source);
      if (class_members && top >= 1) {
        TSNode parent = path[top - 1].node;
        Rows body = node_rows(parent);
        if (std::strcmp(ts_node_type(parent), "class_body") == 0 && body.first < widened.first &&
            widened.last < body.last)
          def.class_body = ts_node_start_byte(parent);
      }
      open.push_back({depth, static_cast<int>(out.defs.size())});
      out.defs.push_back(std::move(def));
      has_change = changed.any_in(widened);
    }
    bool descend;
    if (role == NodeRole::definition) descend = has_change;
    else descend = has_change || depth - (open.empty() ? 0 : open.back().depth) < k_max_unchanged_descent;
    if (descend && ts_tree_cursor_goto_first_child(cursor.get())) {
      ++depth;
      path.resize(depth);
      path.push_back({ts_tree_cursor_current_node(cursor.get())});
      continue;
    }
    for (;;) {
      if (!open.empty() && open.back().depth == depth) open.pop_back();
      if (ts_tree_cursor_goto_next_sibling(cursor.get())) {
        path[depth].node = ts_tree_cursor_current_node(cursor.get());
        break;
      }
      if (depth == 0 || !ts_tree_cursor_goto_parent(cursor.get())) {
        done = true;
        break;
      }
      --depth;
      path.resize(depth + 1);
    }
  }
  return out;
}

/// Index of the innermost definition/scope holding `row` (the last one starting at or
/// before it in pre-order, or one of its owners), or -1 for the file.
int innermost_definition(const FileSyntax& syntax, int row) {
  const auto& defs = syntax.defs;
  auto it = std::upper_bound(defs.begin(), defs.end(), row, [](int r, const Definition& d) { return r < d.rows.first; });
  int c = static_cast<int>(it - defs.begin()) - 1;
  while (c >= 0 && !defs[c].rows.contains(row)) c = defs[c].owner;
  return c;
}

/// A range to emit, with the context rows (enclosing signatures) shown before it.
struct Piece {
  Rows rows;
  std::vector<Rows> context;  // each entirely before rows.first
  std::string symbol;
  ChunkOrigin origin = ChunkOrigin::syntax;
  // Start byte of the class body whose direct members make up all of `rows` (whole
  // definitions only, see Definition::class_body); -1 when not (or not known).
  std::int64_t class_body = -1;
};

/// Splits ranges into pieces within the token budget; see the file comment, step 4.
class Splitter {
 public:
  Splitter(const LineIndex& lines, const ChangedRows& changed, int budget)
      : m_lines(lines), m_changed(changed), m_budget(std::max(budget, 1)) {}

  /// Pieces of `rows` (a definition `node`, widened) that hold changed rows.
  void split_node(TSNode node, Rows rows, const std::vector<Rows>& context, int depth, std::vector<Piece>& out) const {
    TSNode body = ts_node_child_by_field_name(node, "body", 4);
    TSNode container = (!ts_node_is_null(body) && ts_node_named_child_count(body) > 0) ? body : node;
    std::vector<TSNode> units = named_children(container, rows);
    if (units.empty()) return line_windows(rows, context, out);
    Rows header{rows.first, node_rows(units.front()).first - 1};
    split_units(rows, units, header, context, depth, out);
  }

  /// Pieces of a gap between definitions (`rows`), made of the scope's children `units`.
  void split_gap(Rows rows, const std::vector<TSNode>& units, int depth, std::vector<Piece>& out) const {
    if (units.empty()) return line_windows(rows, {}, out);
    split_units(rows, units, Rows{}, {}, depth, out);
  }

  /// Fixed windows of whole rows within the budget (after the context), keeping those
  /// with changed rows. A single row over the budget is a window of its own.
  void line_windows(Rows rows, const std::vector<Rows>& context, std::vector<Piece>& out) const {
    int avail = available(context);
    int row = rows.first;
    while (row <= rows.last) {
      std::optional<int> next = m_changed.next(row);
      if (!next || *next > rows.last) return;
      int start = row;
      int end = start;
      while (end < rows.last && m_lines.tokens({start, end + 1}) <= avail) ++end;
      if (end < *next) {  // no change in this window: start the next one nearer the change
        row = std::min(*next, std::max(end + 1, *next - (end - start) / 2));
        continue;
      }
      out.push_back({{start, end}, context});
      row = end + 1;
    }
  }

  int tokens(Rows rows, const std::vector<Rows>& context) const {
    int t = m_lines.tokens(rows);
    for (Rows c : context) t += m_lines.tokens(c);
    return t;
  }
  int budget() const { return m_budget; }

 private:
  int available(const std::vector<Rows>& context) const {
    int avail = m_budget;
    for (Rows c : context) avail -= m_lines.tokens(c);
    return std::max(avail, m_budget / 4);
  }

  /// Named children of `node` that start inside `rows`, in order (a cursor: O(children)).
  static std::vector<TSNode> named_children(TSNode node, Rows rows) {
    std::vector<TSNode> kids;
    TsTreeCursor cursor(node);
    if (!ts_tree_cursor_goto_first_child(cursor.get())) return kids;
    do {
      TSNode kid = ts_tree_cursor_current_node(cursor.get());
      if (!ts_node_is_named(kid)) continue;
      int first = static_cast<int>(ts_node_start_point(kid).row);
      if (first >= rows.first && first <= rows.last) kids.push_back(kid);
    } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
    return kids;
  }

  /// Partitions rows into segments at the start rows of `units`, packs consecutive
  /// segments into pieces within the budget, and recurses into a unit too big alone.
  /// `header` (rows before the first unit; empty for gaps) is context for every piece, and
  /// is part of the first piece instead if it holds changed rows.
  void split_units(Rows rows, const std::vector<TSNode>& units, Rows header, std::vector<Rows> context, int depth,
                   std::vector<Piece>& out) const {
    struct Segment {
      Rows rows;
      TSNode largest;  // the biggest unit starting on this segment's first row
    };
    std::vector<Segment> segments;
    for (TSNode unit : units) {
      Rows r = node_rows(unit);
      if (!segments.empty() && r.first <= segments.back().rows.first) {
        Segment& s = segments.back();
        Rows l = node_rows(s.largest);
        if (r.last - r.first > l.last - l.first) s.largest = unit;
        continue;
      }
      segments.push_back({{r.first, rows.last}, unit});
    }
    for (size_t i = 0; i + 1 < segments.size(); ++i) segments[i].rows.last = segments[i + 1].rows.first - 1;
    bool header_changed = !header.empty() && m_changed.any_in(header);
    if (header.empty() || header_changed) segments.front().rows.first = rows.first;
    std::vector<Rows> inner = context;
    if (!header.empty()) inner.push_back(header);
    if (tokens_of(inner) > m_budget / 2)  // a long signature: keep the first row of each level
      for (Rows& c : inner) c.last = c.first;

    // A piece runs from a changed segment to the last changed segment reachable within the
    // budget; unchanged segments between them stay (as context) unless they alone cost more
    // than half the budget. Unchanged segments before and after are left out.
    int avail = available(inner);
    std::optional<Rows> current;
    int tail = -1;  // first row of the unchanged segments at the end of `current`, or -1
    auto flush = [&] {
      if (current) {
        if (tail >= 0) current->last = tail - 1;
        bool has_header = header_changed && current->first == rows.first;
        out.push_back({*current, has_header ? context : inner});
      }
      current.reset();
      tail = -1;
    };
    for (const Segment& seg : segments) {
      bool changed = m_changed.any_in(seg.rows);
      if (current) {
        bool fits = m_lines.tokens({current->first, seg.rows.last}) <= avail;
        int gap_first = tail >= 0 ? tail : seg.rows.first;
        bool short_gap = changed || m_lines.tokens({gap_first, seg.rows.last}) <= avail / 2;
        if (fits && short_gap) {
          current->last = seg.rows.last;
          tail = changed ? -1 : gap_first;
          continue;
        }
        flush();
      }
      if (!changed) continue;
      // The first segment may carry the header (as its own rows): it is not context then.
      const std::vector<Rows>& seg_context = (header_changed && seg.rows.first == rows.first) ? context : inner;
      if (m_lines.tokens(seg.rows) <= available(seg_context)) {
        current = seg.rows;
        continue;
      }
      Rows unit = node_rows(seg.largest);
      if (depth < k_max_split_depth && unit.last > unit.first && ts_node_named_child_count(seg.largest) > 0)
        split_node(seg.largest, seg.rows, seg_context, depth + 1, out);
      else
        line_windows(seg.rows, seg_context, out);
    }
    flush();
  }

  int tokens_of(const std::vector<Rows>& context) const {
    int t = 0;
    for (Rows c : context) t += m_lines.tokens(c);
    return t;
  }

  const LineIndex& m_lines;
  const ChangedRows& m_changed;
  int m_budget;
};

/// The symbol path of definition `index`: owner names joined with the separator.
std::string symbol_path(const FileSyntax& syntax, int index, std::string_view separator) {
  std::vector<const std::string*> names;
  for (int i = index; i >= 0; i = syntax.defs[i].owner)
    if (!syntax.defs[i].name.empty()) names.push_back(&syntax.defs[i].name);
  std::string path;
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    if (!path.empty()) path += separator;
    path += **it;
  }
  return path;
}

/// Fallback pieces: each changed row ± context, merged, split by line windows.
void fallback_pieces(const std::vector<int>& rows, int row_count, int context_lines, const Splitter& splitter,
                     std::vector<Piece>& out) {
  std::vector<Rows> ranges;
  for (int r : rows) {
    Rows range{std::max(0, r - context_lines), std::min(row_count - 1, r + context_lines)};
    if (!ranges.empty() && range.first <= ranges.back().last + 1) ranges.back().last = std::max(ranges.back().last, range.last);
    else ranges.push_back(range);
  }
  for (Rows range : ranges) {
    size_t before = out.size();
    splitter.line_windows(range, {}, out);
    for (size_t i = before; i < out.size(); ++i) out[i].origin = ChunkOrigin::fallback;
  }
}

/// Pieces from the syntax tree for rows not under errors; rows under errors go to `fallback`.
void syntax_pieces(const FileSyntax& syntax, const SyntaxRules& rules, TSNode root, const ChangedRows& changed,
                   int row_count, const Splitter& splitter, const LineIndex& lines, std::vector<int>& fallback,
                   std::vector<Piece>& out) {
  const auto& defs = syntax.defs;
  std::vector<std::vector<int>> children(defs.size() + 1);  // [0] = the file; [i + 1] = defs[i]
  for (size_t i = 0; i < defs.size(); ++i) children[defs[i].owner + 1].push_back(static_cast<int>(i));

  struct Target {
    int def = -1;    // definition index, or -1 for a gap
    int scope = -1;  // gap: the scope index (-1 = file)
    Rows rows;
    int first_changed = 0;  // gap: first and last changed rows in it
    int last_changed = 0;
  };
  std::map<std::pair<int, int>, Target> targets;  // key: (def, -1) or (-2 - scope, gap first row)

  std::vector<Rows> errors = syntax.errors;  // made disjoint and sorted for binary search
  std::sort(errors.begin(), errors.end(), [](Rows a, Rows b) { return a.first < b.first; });
  std::vector<Rows> disjoint;
  for (Rows e : errors) {
    if (!disjoint.empty() && e.first <= disjoint.back().last + 1) disjoint.back().last = std::max(disjoint.back().last, e.last);
    else disjoint.push_back(e);
  }
  auto under_error = [&](int row) {
    auto it = std::upper_bound(disjoint.begin(), disjoint.end(), row, [](int r, Rows e) { return r < e.first; });
    return it != disjoint.begin() && std::prev(it)->contains(row);
  };

  for (int row : changed.all()) {
    int c = innermost_definition(syntax, row);
    // Under an error node, only a definition parsed without errors is trusted (error
    // recovery often wraps good definitions in one big ERROR node).
    if (under_error(row) && (c < 0 || defs[c].scope || ts_node_has_error(defs[c].node))) {
      fallback.push_back(row);
      continue;
    }
    if (c >= 0 && !defs[c].scope) {
      targets.try_emplace({c, -1}, Target{c, -1, defs[c].rows, row, row});
      continue;
    }
    // A gap in scope c between its neighbouring children.
    Rows bounds = c < 0 ? Rows{0, row_count - 1} : defs[c].rows;
    const auto& kids = children[c + 1];
    Rows gap = bounds;
    auto next = std::upper_bound(kids.begin(), kids.end(), row, [&](int r, int k) { return r < defs[k].rows.first; });
    if (next != kids.end()) gap.last = std::min(gap.last, defs[*next].rows.first - 1);
    if (next != kids.begin()) gap.first = std::max(gap.first, defs[*std::prev(next)].rows.last + 1);
    gap = {std::min(gap.first, row), std::max(gap.last, row)};  // rows shared with a neighbour
    auto [it_gap, fresh] = targets.try_emplace({-2 - c, gap.first}, Target{-1, c, gap, row, row});
    it_gap->second.last_changed = row;
  }
  // Trim blank rows at the ends of gaps (never past a changed row).
  for (auto& [key, t] : targets) {
    if (t.def >= 0) continue;
    while (t.rows.first < t.first_changed && trim(lines.text({t.rows.first, t.rows.first})).empty()) ++t.rows.first;
    while (t.rows.last > t.last_changed && trim(lines.text({t.rows.last, t.rows.last})).empty()) --t.rows.last;
  }

  // A definition inside another targeted definition is covered by it.
  for (auto it = targets.begin(); it != targets.end();) {
    bool nested = false;
    if (it->second.def >= 0)
      for (int o = defs[it->second.def].owner; o >= 0 && !nested; o = defs[o].owner)
        nested = targets.contains({o, -1});
    it = nested ? targets.erase(it) : std::next(it);
  }

  for (const auto& [key, target] : targets) {
    std::string symbol = target.def >= 0   ? symbol_path(syntax, target.def, rules.separator())
                         : target.scope >= 0 ? symbol_path(syntax, target.scope, rules.separator())
                                             : "";
    size_t before = out.size();
    if (splitter.tokens(target.rows, {}) <= splitter.budget()) {
      out.push_back({target.rows, {}});
      if (target.def >= 0) out.back().class_body = defs[target.def].class_body;
    } else if (target.def >= 0) {
      splitter.split_node(defs[target.def].node, target.rows, {}, 0, out);
    } else {
      TSNode scope_node = target.scope >= 0 ? defs[target.scope].node : root;
      TSNode body = ts_node_child_by_field_name(scope_node, "body", 4);
      if (target.scope >= 0 && !ts_node_is_null(body)) scope_node = body;
      std::vector<TSNode> units;
      TsTreeCursor cursor(scope_node);
      if (ts_tree_cursor_goto_first_child(cursor.get())) {
        do {
          TSNode kid = ts_tree_cursor_current_node(cursor.get());
          if (ts_node_is_named(kid) && target.rows.contains(static_cast<int>(ts_node_start_point(kid).row)))
            units.push_back(kid);
        } while (ts_tree_cursor_goto_next_sibling(cursor.get()));
      }
      splitter.split_gap(target.rows, units, 0, out);
    }
    for (size_t i = before; i < out.size(); ++i) out[i].symbol = symbol;
  }
}

/// Adds `symbol` to the ", "-separated list `symbols` unless empty or already there.
void append_symbol(std::string& symbols, const std::string& symbol) {
  if (symbol.empty()) return;
  for (size_t pos = 0; pos <= symbols.size();) {
    size_t end = symbols.find(", ", pos);
    if (end == std::string::npos) end = symbols.size();
    if (std::string_view(symbols).substr(pos, end - pos) == symbol) return;
    pos = end + 2;
  }
  symbols += symbols.empty() ? symbol : ", " + symbol;
}

/// Sorts pieces and merges those that overlap, or touch and fit the budget together.
std::vector<Piece> merge_pieces(std::vector<Piece> pieces, const Splitter& splitter) {
  std::stable_sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    return a.rows.first != b.rows.first ? a.rows.first < b.rows.first : a.rows.last > b.rows.last;
  });
  std::vector<Piece> merged;
  for (Piece& p : pieces) {
    if (!merged.empty()) {
      Piece& m = merged.back();
      bool overlap = p.rows.first <= m.rows.last;
      bool touch = p.rows.first == m.rows.last + 1;
      Rows joined{m.rows.first, std::max(m.rows.last, p.rows.last)};
      if (overlap || (touch && splitter.tokens(joined, m.context) <= splitter.budget())) {
        m.rows = joined;
        for (Rows c : p.context)
          if (c.last < m.rows.first && std::none_of(m.context.begin(), m.context.end(), [&](Rows x) {
                return x.first == c.first && x.last == c.last;
              }))
            m.context.push_back(c);
        append_symbol(m.symbol, p.symbol);
        if (p.origin == ChunkOrigin::fallback) m.origin = ChunkOrigin::fallback;
        if (p.class_body != m.class_body) m.class_body = -1;  // members of one class body only
        continue;
      }
    }
    merged.push_back(std::move(p));
  }
  return merged;
}

/// Newline-terminated text of `rows`.
std::string rows_text(const LineIndex& lines, Rows rows) {
  std::string text(lines.text(rows));
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

std::vector<Chunk> to_chunks(const FileDiff& file, const std::vector<Piece>& pieces, const LineIndex& lines,
                             const ChangedRows& changed) {
  std::vector<Chunk> chunks;
  chunks.reserve(pieces.size());
  for (const Piece& p : pieces) {
    Chunk c;
    c.path = file.path;
    c.language = file.language;
    c.symbol = p.symbol;
    c.start_line = p.rows.first + 1;
    c.end_line = p.rows.last + 1;
    for (int r : changed.in(p.rows)) c.changed_lines.push_back(r + 1);
    c.code = rows_text(lines, p.rows);
    std::vector<Rows> context = p.context;
    std::sort(context.begin(), context.end(), [](Rows a, Rows b) { return a.first < b.first; });
    int last_context = -1;
    for (Rows r : context) {
      r.first = std::max(r.first, last_context + 1);
      r.last = std::min(r.last, p.rows.first - 1);
      for (int row = r.first; row <= r.last; ++row) c.context_lines.push_back(row + 1);
      if (!r.empty()) c.context += rows_text(lines, r);
      last_context = std::max(last_context, r.last);
    }
    c.token_estimate = estimate_tokens(c.code) + estimate_tokens(c.context);
    c.origin = p.origin;
    c.class_member = p.origin == ChunkOrigin::syntax && p.class_body >= 0;
    chunks.push_back(std::move(c));
  }
  return chunks;
}

/// Without a post-image (--patch): each hunk's own new-side lines, split into windows.
std::vector<Chunk> hunk_chunks(const FileDiff& file, const ChunkerOptions& options) {
  std::vector<Chunk> chunks;
  for (const Hunk& hunk : file.hunks) {
    std::string text;
    std::vector<int> added;
    int first = 0;
    for (const DiffLine& line : hunk.lines) {
      if (line.origin == LineOrigin::deletion || line.new_lineno <= 0) continue;
      if (first == 0) first = line.new_lineno;
      text += line.content;
      text += '\n';
      if (line.origin == LineOrigin::addition) added.push_back(line.new_lineno - first);
    }
    if (added.empty()) continue;
    LineIndex lines(text);
    ChangedRows changed(std::move(added));
    Splitter splitter(lines, changed, options.token_budget);
    std::vector<Piece> pieces;
    splitter.line_windows({0, lines.rows() - 1}, {}, pieces);
    for (Piece& p : pieces) p.origin = ChunkOrigin::fallback;
    for (Chunk& c : to_chunks(file, pieces, lines, changed)) {
      c.start_line += first - 1;
      c.end_line += first - 1;
      for (int& l : c.changed_lines) l += first - 1;
      chunks.push_back(std::move(c));
    }
  }
  return chunks;
}

// ---------------------------------------------------------------- windowed parsing (step 1)

constexpr int k_max_window_nesting = 2;         // header levels kept around a changed member
constexpr size_t k_nest_min_bytes = 4 * 1024;  // a smaller item is parsed whole

/// How a language's layout shows its blocks, for finding items without a parse.
enum class Layout { none, indent, braces };

Layout layout_of(std::string_view language) {
  if (language == "python") return Layout::indent;
  if (language == "c" || language == "javascript") return Layout::braces;
  // Not yet shown equal on a corpus of real files: always parsed whole. (C++ differs on our
  // own sources, where a whole-file parse names some functions after an earlier constructor.)
  return Layout::none;
}

/// Per-row layout facts.
struct RowShape {
  int depth = 0;       // indent: leading columns (tab = 8); braces: '{' minus '}' before the row
  bool blank = true;   // whitespace only
  char first = '\0';  // first non-blank character
  bool in_string = false;  // indent: starts inside a triple-quoted string (naive scan)
};

/// Row shapes of a text. The brace count is naive (braces in strings and comments count):
/// a wrong count only yields windows that fail to parse cleanly, and then the whole file is
/// parsed.
std::vector<RowShape> row_shapes(const LineIndex& lines, Layout layout) {
  std::vector<RowShape> out(static_cast<size_t>(lines.rows()));
  int braces = 0;
  char quote = '\0';  // the open triple quote (Python)
  for (int r = 0; r < lines.rows(); ++r) {
    std::string_view t = lines.text({r, r});
    RowShape& shape = out[static_cast<size_t>(r)];
    int column = 0;
    size_t i = 0;
    for (; i < t.size() && (t[i] == ' ' || t[i] == '\t'); ++i) column = t[i] == '\t' ? (column / 8 + 1) * 8 : column + 1;
    shape.blank = i >= t.size() || t[i] == '\n' || t[i] == '\r';
    shape.first = shape.blank ? '\0' : t[i];
    shape.depth = layout == Layout::indent ? column : braces;
    shape.in_string = quote != '\0';
    if (layout == Layout::braces)
      for (char c : t) braces += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (layout == Layout::indent)
      for (size_t k = 0; k + 2 < t.size(); ++k) {
        char c = t[k];
        if ((c == '"' || c == '\'') && t[k + 1] == c && t[k + 2] == c && (quote == '\0' || quote == c)) {
          quote = quote == '\0' ? c : '\0';
          k += 2;
        } else if (c == '#' && quote == '\0') {
          break;
        }
      }
  }
  return out;
}

/// A window: rows parsed together, and whether its ends are the file's (or a block body's
/// first row right after its header), where a definition may start or end.
struct Window {
  Rows rows;
  bool open_start = false;  // rows.first is a real start: file start or a body's first row
  bool open_end = false;    // rows.last is the file's last row
};

class WindowPlanner {
 public:
  WindowPlanner(const LineIndex& lines, const ChangedRows& changed, Layout layout)
      : m_lines(lines), m_changed(changed), m_layout(layout), m_shapes(row_shapes(lines, layout)) {}

  /// Windows covering every changed row, sorted and merged; empty when they would cover
  /// most of the file anyway.
  std::vector<Window> plan() {
    std::vector<Window> out;
    int last = m_lines.rows() - 1;
    plan_span({0, last}, 0, 0, out);
    std::sort(out.begin(), out.end(), [](const Window& a, const Window& b) { return a.rows.first < b.rows.first; });
    std::vector<Window> merged;
    size_t bytes = 0;
    for (Window w : out) {
      w.open_end = w.open_end || w.rows.last == last;
      if (w.rows.first == 0) w.open_start = true;
      if (!merged.empty() && w.rows.first <= merged.back().rows.last + 1) {
        Window& m = merged.back();
        m.rows.last = std::max(m.rows.last, w.rows.last);
        m.open_end = m.open_end || w.open_end;
        continue;
      }
      merged.push_back(w);
    }
    for (const Window& w : merged) bytes += m_lines.text(w.rows).size();
    if (bytes * 2 > m_lines.text({0, last}).size()) return {};
    return merged;
  }

 private:
  bool is_comment(int row) const {
    const RowShape& s = m_shapes[static_cast<size_t>(row)];
    if (s.blank) return false;
    if (m_layout == Layout::indent) return s.first == '#';
    std::string_view t = trim(m_lines.text({row, row}));
    return t.starts_with("//") || t.starts_with("/*") || t.starts_with("*");
  }

  /// If `row` opens an item of a block body at `depth` — a code row at that depth, not a
  /// closing bracket, after a blank row or after comment rows that follow a blank row —
  /// the item's first row (the comments'), else -1. Rows before `floor` are not looked at.
  int item_start(int row, int depth, int floor) const {
    const RowShape& s = m_shapes[static_cast<size_t>(row)];
    if (s.blank || s.in_string || s.depth != depth || is_comment(row)) return -1;
    if (s.first == '}' || s.first == ')' || s.first == ']') return -1;
    int k = row;
    while (k > floor && is_comment(k - 1)) --k;
    return k > floor && m_shapes[static_cast<size_t>(k) - 1].blank ? k : -1;
  }

  /// The last row of `rows` that is neither blank nor a Python comment, trailing spaces
  /// and `#` comments cut; empty if none.
  std::string_view last_code_row(Rows rows) const {
    for (int r = rows.last; r >= rows.first; --r) {
      const RowShape& s = m_shapes[static_cast<size_t>(r)];
      if (s.blank || (m_layout == Layout::indent && s.first == '#')) continue;
      std::string_view t = trim(m_lines.text({r, r}));
      if (m_layout == Layout::indent) {
        size_t hash = t.find('#');
        if (hash != std::string_view::npos) t = trim(t.substr(0, hash));
      }
      return t;
    }
    return {};
  }

  /// True if the first code row of `item` (Python) starts a definition.
  bool defines(Rows item) const {
    for (int r = item.first; r <= item.last; ++r) {
      if (m_shapes[static_cast<size_t>(r)].blank || is_comment(r)) continue;
      std::string_view t = trim(m_lines.text({r, r}));
      return t.starts_with("def ") || t.starts_with("async def ") || t.starts_with("class ") || t.starts_with("@");
    }
    return false;
  }

  /// Windows for the changed rows of `span`, a file or a block body whose items open at
  /// `depth`.
  void plan_span(Rows span, int depth, int nesting, std::vector<Window>& out) {
    std::vector<int> starts{span.first};
    for (int r = span.first + 1; r <= span.last; ++r) {
      int start = item_start(r, depth, starts.back());
      if (start > starts.back()) starts.push_back(start);
    }
    auto item = [&](size_t k) { return Rows{starts[k], k + 1 < starts.size() ? starts[k + 1] - 1 : span.last}; };
    for (size_t k = 0; k < starts.size(); ++k) {
      Rows it = item(k);
      if (!m_changed.any_in(it)) continue;
      if (nesting < k_max_window_nesting && m_lines.text(it).size() >= k_nest_min_bytes && plan_block(it, depth, nesting, out))
        continue;
      size_t before = k == 0 ? 0 : k - 1, after = std::min(k + 1, starts.size() - 1);
      if (m_layout == Layout::indent && !defines(item(k))) {
        // Top-level statements: the chunk is the gap between the neighbouring definitions,
        // so the window reaches them.
        while (before > 0 && !defines(item(before))) --before;
        while (after + 1 < starts.size() && !defines(item(after))) ++after;
      }
      Rows with{item(before).first, item(after).last};
      out.push_back({with, with.first == span.first && nesting > 0, false});
    }
  }

  /// A large changed item that is a block (header, indented or braced body, closing row):
  /// its header and closing rows, and windows inside its body. False if it has no such
  /// shape (the caller then takes it whole).
  bool plan_block(Rows item, int depth, int nesting, std::vector<Window>& out) {
    // The header ends on the row before the first row deeper than the item's depth.
    int body_first = -1;
    for (int r = item.first; r <= item.last; ++r) {
      const RowShape& s = m_shapes[static_cast<size_t>(r)];
      if (s.blank) continue;
      if (s.depth > depth) {
        body_first = r;
        break;
      }
    }
    if (body_first <= item.first) return false;
    int body_depth = m_shapes[static_cast<size_t>(body_first)].depth;
    int body_last = item.last;
    while (body_last > body_first && m_shapes[static_cast<size_t>(body_last)].blank) --body_last;
    Rows header{item.first, body_first - 1};
    // Comments opening a range attach differently than after a sibling: no header with them.
    if (m_changed.any_in(header) || is_comment(header.first)) return false;
    // One block: every code row after the header is deeper (else, in Python, the item
    // holds more statements at its own depth, e.g. a class after an `if` block).
    for (int r = body_first; r <= body_last; ++r) {
      const RowShape& s = m_shapes[static_cast<size_t>(r)];
      if (!s.blank && !s.in_string && !is_comment(r) && s.depth <= depth && !(m_layout == Layout::braces && r == body_last))
        return false;
    }
    // A block header ends by opening the block: `class A(B):`, `namespace x {`.
    std::string_view opener = last_code_row(header);
    if (opener.empty() || opener.back() != (m_layout == Layout::indent ? ':' : '{')) return false;
    if (m_layout == Layout::braces) {
      // The body ends on the row before the closing row, back at the item's depth.
      const RowShape& close = m_shapes[static_cast<size_t>(body_last)];
      if (close.first != '}' || body_last <= body_first) return false;
      if (m_changed.any_in({body_last, item.last})) return false;
      out.push_back({{body_last, body_last}, false, false});
      --body_last;
    }
    out.push_back({header, false, false});
    size_t before = out.size();
    plan_span({body_first, body_last}, body_depth, nesting + 1, out);
    // A Python body ending in code (not a comment, whose place after a dedent is unclear)
    // ends the same way whatever follows the block.
    bool code_end = m_layout == Layout::indent && !is_comment(body_last) && !m_shapes[static_cast<size_t>(body_last)].in_string;
    for (size_t i = before; i < out.size(); ++i) {
      if (out[i].rows.first == body_first) out[i].open_start = true;
      if (out[i].rows.last == body_last && code_end) out[i].open_end = true;
    }
    return true;
  }

  const LineIndex& m_lines;
  const ChangedRows& m_changed;
  Layout m_layout;
  std::vector<RowShape> m_shapes;
};

/// True if every changed row lies in a definition (not a scope, not a gap) that starts and
/// ends strictly inside one window (or at an open end), so that it parsed exactly as in the
/// whole file.
bool windows_suffice(const FileSyntax& syntax, const ChangedRows& changed, const std::vector<Window>& windows,
                     const LineIndex& lines) {
  const auto& defs = syntax.defs;
  for (int row : changed.all()) {
    int c = innermost_definition(syntax, row);
    auto w = std::find_if(windows.begin(), windows.end(), [&](const Window& x) { return x.rows.contains(row); });
    if (w == windows.end()) return false;
    if (c < 0) {
      // A top-level gap: its neighbouring definitions must be in the same window (or the
      // window reaches the file's start or end).
      const Definition* prev = nullptr;
      const Definition* next = nullptr;
      for (const Definition& d : defs) {
        if (d.owner != -1) continue;
        if (d.rows.last < row) prev = &d;
        if (d.rows.first > row && !next) next = &d;
      }
      if (!(prev && prev->rows.last >= w->rows.first) && !(w->open_start && w->rows.first == 0)) return false;
      if (!(next && next->rows.first <= w->rows.last) && !w->open_end) return false;
      continue;
    }
    if (defs[c].scope) return false;
    Rows d = defs[c].rows;
    if (d.first < w->rows.first || d.last > w->rows.last) return false;
    if (d.first == w->rows.first && !w->open_start) return false;
    int last_text = w->rows.last;
    while (last_text > w->rows.first && trim(lines.text({last_text, last_text})).empty()) --last_text;
    if (d.last >= last_text && !w->open_end) return false;
  }
  return true;
}

/// The windowed parse of `file` (see step 1), or null when windowing does not apply or its
/// result cannot be trusted. Leaves the parser's included ranges reset.
TsTree parse_windows(const FileDiff& file, const SyntaxRules& rules, const ChangedRows& changed, const LineIndex& lines,
                     const ChunkerOptions& options, TSParser* parser, FileSyntax& syntax) {
  Layout layout = layout_of(file.language);
  if (layout == Layout::none || options.window_min_bytes == 0 || file.post_image.size() < options.window_min_bytes)
    return {};
  std::vector<Window> windows = WindowPlanner(lines, changed, layout).plan();
  if (windows.empty()) return {};
  std::vector<TSRange> ranges;
  const char* base = file.post_image.data();
  for (const Window& w : windows) {
    std::string_view text = lines.text(w.rows);
    auto start = static_cast<uint32_t>(text.data() - base);
    auto end = static_cast<uint32_t>(start + text.size());
    // Ends at the start of the next row (or at the end of the file, on its last row).
    TSPoint end_point{static_cast<uint32_t>(w.rows.last + 1), 0};
    if (text.empty() || text.back() != '\n')
      end_point = {static_cast<uint32_t>(w.rows.last), static_cast<uint32_t>(lines.text({w.rows.last, w.rows.last}).size())};
    ranges.push_back({TSPoint{static_cast<uint32_t>(w.rows.first), 0}, end_point, start, end});
  }
  if (!ts_parser_set_included_ranges(parser, ranges.data(), static_cast<uint32_t>(ranges.size()))) return {};
  TsTree tree(ts_parser_parse_string(parser, nullptr, base, static_cast<uint32_t>(file.post_image.size())));
  ts_parser_set_included_ranges(parser, nullptr, 0);
  ts_parser_reset(parser);
  if (!tree || ts_node_has_error(ts_tree_root_node(tree.get()))) return {};
  syntax = collect(tree.get(), rules, changed, file.post_image, lines.rows(), has_class_members(file.language));
  if (!windows_suffice(syntax, changed, windows, lines)) return {};
  return tree;
}

/// All chunks of one reviewable file with added lines.
/// `windowed` is set when the chunks come from a windowed parse.
std::vector<Chunk> chunk_file(const FileDiff& file, const ChunkerOptions& options, TSParser* parser, bool& windowed) {
  if (!file.has_post_image) return hunk_chunks(file, options);
  LineIndex lines(file.post_image);
  std::vector<int> rows;
  rows.reserve(file.added_lines.size());
  for (int line : file.added_lines)
    if (line >= 1 && line <= lines.rows()) rows.push_back(line - 1);
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  if (rows.empty()) return {};
  // Added blank lines place no chunk of their own (a blank line between two methods must
  // not make the whole class the target); they are still listed in the chunks around them.
  // If nothing but blank lines was added, they count.
  std::vector<int> significant;
  for (int r : rows)
    if (!trim(lines.text({r, r})).empty()) significant.push_back(r);
  if (significant.empty()) significant = rows;
  ChangedRows all_changed(std::move(rows));
  ChangedRows changed(std::move(significant));
  Splitter splitter(lines, changed, options.token_budget);
  std::vector<Piece> pieces;
  std::vector<int> fallback;

  const SyntaxRules* rules = SyntaxRules::for_language(file.language);
  TsTree tree;
  FileSyntax syntax;
  if (rules && file.post_image.size() <= std::numeric_limits<uint32_t>::max() &&
      ts_parser_set_language(parser, rules->grammar())) {
    ts_parser_reset(parser);
    ts_parser_set_timeout_micros(parser, static_cast<uint64_t>(std::max(options.parse_timeout_ms, 1)) * 1000);
    tree = parse_windows(file, *rules, changed, lines, options, parser, syntax);
    windowed = static_cast<bool>(tree);
    if (!tree) {
      tree.reset(ts_parser_parse_string(parser, nullptr, file.post_image.data(),
                                        static_cast<uint32_t>(file.post_image.size())));
      if (tree)
        syntax = collect(tree.get(), *rules, changed, file.post_image, lines.rows(), has_class_members(file.language));
    }
  }
  if (tree) {
    syntax_pieces(syntax, *rules, ts_tree_root_node(tree.get()), changed, lines.rows(), splitter, lines, fallback,
                  pieces);
  } else {
    fallback = changed.all();
  }
  fallback_pieces(fallback, lines.rows(), std::max(options.context_lines, 0), splitter, pieces);
  return to_chunks(file, merge_pieces(std::move(pieces), splitter), lines, all_changed);
}

bool is_pure_deletion(const Hunk& hunk) {
  bool removes = false;
  for (const DiffLine& line : hunk.lines) {
    if (line.origin == LineOrigin::addition) return false;
    removes = removes || line.origin == LineOrigin::deletion;
  }
  return removes;
}

}  // namespace

ChunkResult chunk_diff(const Diff& diff, const ChunkerOptions& options) {
  ChunkResult result;
  std::vector<size_t> work;  // indices of files to chunk
  for (size_t i = 0; i < diff.files.size(); ++i) {
    const FileDiff& f = diff.files[i];
    if (f.skip_reason && *f.skip_reason != "deleted") continue;
    for (const Hunk& h : f.hunks) result.pure_deletions += is_pure_deletion(h) ? 1 : 0;
    if (!f.skip_reason && !f.added_lines.empty()) work.push_back(i);
  }

  // Each file writes its own slot; slots are concatenated in file order: deterministic.
  std::vector<std::vector<Chunk>> slots(work.size());
  std::vector<char> windowed(work.size(), 0);
  tbb::enumerable_thread_specific<TsParser> parsers([] { return make_parser(); });
  run_parallel(work.size(), [&](size_t w) {
    const FileDiff& file = diff.files[work[w]];
    try {
      bool used_windows = false;
      slots[w] = chunk_file(file, options, parsers.local().get(), used_windows);
      windowed[w] = used_windows;
    } catch (const std::exception&) {
      // Out of memory on a hostile file: review it without syntax rather than not at all.
      FileDiff plain = file;
      plain.language.clear();
      try {
        bool unused = false;
        slots[w] = chunk_file(plain, options, parsers.local().get(), unused);
      } catch (const std::exception&) {
        slots[w].clear();
      }
    }
  });
  for (size_t w = 0; w < slots.size(); ++w) {
    result.windowed_files += windowed[w];
    for (Chunk& c : slots[w]) result.chunks.push_back(std::move(c));
  }
  return result;
}

}  // namespace review
