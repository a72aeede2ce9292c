// Syntax trees for the built-in performance and style voters: one parse per chunk, shared
// by all six voters through a small thread-safe cache, plus the per-language node kind
// tables (loops, functions, calls, comments, …) those voters walk.
//
// Parsing goes through builtin::parse_for (parsed_source.h): a chunk's code is parsed once
// for all nine built-in voters, and each voter call works on its own `ts_tree_copy` (cheap,
// reference counted), as tree-sitter requires a TSTree to be used by one thread at a time.
//
// Walking is the voters' main cost, and libtree-sitter 0.20 makes node navigation dear
// (ts_node_child/ts_node_parent are linear per call, a cursor step is a few hundred
// instructions). So the nodes of a chunk are listed once, by one cursor walk, and shared by
// every voter of that chunk (ChunkNodes): walk_chunk, SyntaxView::walk_descendants and
// SyntaxView::parent then loop over or look up in that array instead of moving through the
// tree. Kinds are compared as symbol ids (KindSet), field ids are cached (field), and walks
// take their visitor as a template parameter (no std::function per node). Every shortcut
// answers exactly what the plain tree-sitter calls answer (perfstyle_syntax_test.cc).
//
// Line numbers: tree-sitter rows are 0-based; everything this header returns is 1-based on
// the new side of the diff (the parse's line offset shifts rows to the chunk's lines).
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reviewers/builtin/parsed_source.h"
#include "reviewers/voter.h"

namespace review::perfstyle {

/// A set of node kinds of one grammar, resolved to symbols once: O(1) membership per node.
/// Aliased kinds (several symbols with one name) are all included.
class KindSet {
 public:
  KindSet() = default;
  KindSet(const TSLanguage* language, std::initializer_list<std::string_view> names);
  bool contains(TSNode node) const {
    TSSymbol s = ts_node_symbol(node);
    return s < m_symbols.size() && m_symbols[s];
  }
  bool empty() const { return m_empty; }

 private:
  std::vector<bool> m_symbols;
  bool m_empty = true;
};

/// Node kinds of one language that the voters need. Built once per language from the
/// grammar (see perfstyle_syntax.cc for the tables); immutable and shared by all threads.
struct LanguageSyntax {
  std::string language;  ///< language id ("python", …)
  const TSLanguage* grammar = nullptr;
  KindSet loops;          ///< statements/expressions that repeat their body
  KindSet functions;      ///< named function/method definitions (metrics, naming)
  KindSet lambdas;        ///< anonymous functions and closures
  KindSet classes;        ///< class/struct/interface/enum/type definitions
  KindSet calls;          ///< call-like nodes: calls, method invocations, macro calls
  KindSet constructions;  ///< `new T(...)`, object creation, C++ declarations with arguments
  KindSet comments;
  KindSet strings;        ///< string literals (incl. templates, f-strings, raw strings)
  KindSet numbers;        ///< numeric literals
  KindSet branches;       ///< decision points for cyclomatic complexity (if, case, catch, ?:)
  KindSet nesting;        ///< constructs that add a nesting level (if, loops, switch, try, …)
  KindSet catches;        ///< catch/except clauses
  KindSet binary;         ///< binary expressions (operator in field "operator")
  KindSet identifiers;    ///< plain identifiers (no field/property/type identifiers)
  KindSet blocks;         ///< statement blocks ({ … }, Python block)
};

/// The tables for `language`, or nullptr if it has no grammar. Built on first request per
/// language. Thread-safe; static storage.
const LanguageSyntax* language_syntax(std::string_view language);

/// Kind names of the tables of all nine languages that match no regular symbol of their
/// grammar (a typo or a grammar change); empty for a healthy build. Builds every table.
std::vector<std::string> unresolved_kind_names();

/// Node id -> parent node for one parsed tree. Node ids (TSNode::id) are addresses of child
/// slots inside the shared subtrees, so they are the same in every ts_tree_copy of a tree;
/// only the root's id differs per copy. Immutable once built; shared between threads.
struct ParentIndex {
  std::unordered_map<const void*, TSNode> parents;
  const void* root_id = nullptr;  ///< id of the root in the tree the index was built from
};

/// The nodes of one chunk that SyntaxView::walk_chunk visits, in document order (preorder),
/// with their tree pointer cleared (SyntaxView::retarget before use). `next[i]` is the index
/// of the first node after nodes[i]'s subtree. Immutable once built; shared between threads.
struct ChunkNodes {
  /// True when `nodes` holds every node of the tree but the root (nothing was outside the
  /// chunk): then any listed node's descendants are listed, too.
  bool complete = false;
  std::vector<TSNode> nodes;
  std::vector<uint32_t> next;
  /// Index of nodes[i]'s parent in `nodes`, or k_root when the parent is the root. Every
  /// ancestor of a listed node is listed (an ancestor's lines contain the node's).
  std::vector<uint32_t> parent;
  /// (node id, index in `nodes`) sorted by id: parent lookups inside the chunk.
  std::vector<std::pair<const void*, uint32_t>> by_id;
  static constexpr uint32_t k_root = UINT32_MAX;
};

/// The parent index of `source`, built on first request from a tree copy and cached
/// (bounded, like the parse cache). Thread-safe.
std::shared_ptr<const ParentIndex> parent_index(const std::shared_ptr<const builtin::ParsedSource>& source);

/// Calls `visit` (bool(TSNode)) on every descendant of `node` (not the node itself) in
/// document order; `visit` returns false to skip that descendant's children. One
/// TSTreeCursor walk (ts_node_child/ts_node_parent are linear per call in libtree-sitter 0.20).
template <class Visit>
void walk_descendants(TSNode node, Visit&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  int depth = 0;  // of the cursor below `node`
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    depth = 1;
    while (true) {
      if (visit(ts_tree_cursor_current_node(&cursor)) && ts_tree_cursor_goto_first_child(&cursor)) {
        ++depth;
        continue;
      }
      while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&cursor)) {
        ts_tree_cursor_goto_parent(&cursor);
        --depth;
      }
      if (depth == 0) break;
    }
  }
  ts_tree_cursor_delete(&cursor);
}
/// What a voter works on: the shared parse (builtin::parse_for, one per file content for all
/// built-in voters) plus this thread's own tree copy and the request's chunk bounds.
/// Lives for one submit().
class SyntaxView {
 public:
  /// The view for `request`, or nullopt when its language has no grammar or parsing failed.
  static std::optional<SyntaxView> open(const VoteRequest& request);

  const LanguageSyntax& syntax() const { return *m_syntax; }
  std::string_view language() const { return m_syntax->language; }
  TSNode root() const { return ts_tree_root_node(m_tree.get()); }
  std::string_view source_text() const;
  /// The whole new-side file when the request carries it (post-image), else the parsed text.
  /// For file-level facts the parse (of the chunk only) cannot see: `package main`,
  /// `if __name__ == "__main__"`, the naming style of the rest of the file.
  std::string_view file_text() const;
  /// New-side line of the parsed text's first line (1 for a whole post-image).
  int first_line() const { return m_first_line; }
  const VoteRequest& request() const { return *m_request; }
  const std::string& path() const;

  /// Text of `node` (borrowed from the parsed text).
  std::string_view text(TSNode node) const;
  /// 1-based new-side line of the node's first / last byte.
  int start_line(TSNode node) const { return static_cast<int>(ts_node_start_point(node).row) + m_first_line; }
  int end_line(TSNode node) const;
  /// Text of 1-based new-side line `line` without terminator ("" outside the parsed text).
  std::string_view line_text(int line) const;
  /// True if the node's line range meets the chunk's [start_line, end_line].
  bool in_chunk(TSNode node) const;
  /// True if 1-based `line` is an added line of the chunk.
  bool is_changed(int line) const;
  /// Clamps a 1-based line into the chunk.
  int clamp(int line) const;

  /// Calls `visit` (bool(TSNode)) for every node whose range meets the chunk, in document
  /// order, the root excluded; `visit` returns false to skip the node's children (a node
  /// outside the chunk hides its children too). The node list is built once per (parse,
  /// chunk range) and shared by all voters of the chunk (chunk_nodes()), so a walk is a
  /// loop over an array.
  template <class Visit>
  void walk_chunk(Visit&& visit) const {
    if (!m_chunk_nodes) m_chunk_nodes = chunk_nodes();
    const std::vector<TSNode>& nodes = m_chunk_nodes->nodes;
    const std::vector<uint32_t>& next = m_chunk_nodes->next;
    for (size_t i = 0, n = nodes.size(); i < n;) {
      if (visit(retarget(nodes[i]))) ++i;
      else i = next[i];
    }
  }

  /// Like perfstyle::walk_descendants(node, visit) (the same nodes in the same order), but
  /// over the chunk's node list when it holds all of `node`'s descendants (the usual case:
  /// a chunk is parsed on its own), which is a loop over an array instead of a tree walk.
  template <class Visit>
  void walk_descendants(TSNode node, Visit&& visit) const {
    uint32_t first = 0, last = 0;
    if (!listed_descendants(node, first, last)) {
      perfstyle::walk_descendants(node, visit);
      return;
    }
    const std::vector<TSNode>& nodes = m_chunk_nodes->nodes;
    const std::vector<uint32_t>& next = m_chunk_nodes->next;
    for (uint32_t i = first; i < last;) {
      if (visit(retarget(nodes[i]))) ++i;
      else i = next[i];
    }
  }

  /// The chunk's node list (see walk_chunk); fetched on first use.
  const ChunkNodes& chunk_list() const {
    if (!m_chunk_nodes) m_chunk_nodes = chunk_nodes();
    return *m_chunk_nodes;
  }
  /// True if every descendant of `node` is in chunk_list(), at indexes [first, last)
  /// (preorder: a listed node's subtree follows it).
  bool listed_descendants(TSNode node, uint32_t& first, uint32_t& last) const;
  /// Index of `node` in chunk_list(), or false when it is not listed.
  bool listed_index(TSNode node, uint32_t& index) const;

  /// The parent of `node` (null for the root). Use this, not ts_node_parent: libtree-sitter
  /// 0.20 finds a parent by descending from the root, so climbing is quadratic. Nodes of the
  /// chunk's node list (walk_chunk) are answered from that list; others from a parent index
  /// built once per parsed file (on the first such question) and shared by every view of it.
  TSNode parent(TSNode node) const;

  /// A fact about the whole parsed file computed once and shared by every view of it (all
  /// chunks, all voters, all threads): `build(view)` runs on first request for `slot`.
  /// Nodes stored in the result must be re-targeted with retarget() before use.
  template <class T>
  std::shared_ptr<const T> memo(std::string_view slot, const std::function<std::shared_ptr<T>(const SyntaxView&)>& build) const {
    return std::static_pointer_cast<const T>(
        memo_erased(slot, [&](const SyntaxView& v) { return std::shared_ptr<const void>(build(v)); }));
  }
  /// Like memo(), for facts of the whole file (file_text()): shared by all chunks of the
  /// file, keyed by a hash of the file's text. `build` must not keep nodes (other chunks
  /// have other trees); views into file_text() are fine.
  template <class T>
  std::shared_ptr<const T> file_memo(std::string_view slot,
                                     const std::function<std::shared_ptr<T>(const SyntaxView&)>& build) const {
    return std::static_pointer_cast<const T>(
        file_memo_erased(slot, [&](const SyntaxView& v) { return std::shared_ptr<const void>(build(v)); }));
  }
  /// `node` (from this file's tree or any copy of it) as a node of this view's tree copy.
  TSNode retarget(TSNode node) const {
    node.tree = m_tree.get();
    return node;
  }

 private:
  /// The chunk's node list: built on first request for this (parse, chunk range) and cached
  /// (bounded), since all voters of a chunk walk the same nodes.
  std::shared_ptr<const ChunkNodes> chunk_nodes() const;
  std::shared_ptr<const void> file_memo_erased(
      std::string_view slot, const std::function<std::shared_ptr<const void>(const SyntaxView&)>& build) const;
  std::shared_ptr<const void> memo_erased(std::string_view slot,
                                          const std::function<std::shared_ptr<const void>(const SyntaxView&)>& build) const;
  SyntaxView(std::shared_ptr<const builtin::ParsedSource> source, const LanguageSyntax& syntax,
             const VoteRequest& request);
  std::shared_ptr<const builtin::ParsedSource> m_source;
  const LanguageSyntax* m_syntax;
  builtin::TsTreePtr m_tree;
  const VoteRequest* m_request;
  int m_first_line;  ///< new-side line of the parsed text's first line
  mutable std::shared_ptr<const std::vector<std::string_view>> m_lines;  ///< memo "lines", on first use
  mutable std::shared_ptr<const ParentIndex> m_parents;  ///< built/fetched on first parent()
  mutable std::shared_ptr<const ChunkNodes> m_chunk_nodes;  ///< fetched on first walk_chunk()
};

// ---- small node helpers (all borrow; none allocate nodes) ----

/// Child by field name, or a null node. The field id is looked up once per (grammar, name)
/// and thread (libtree-sitter 0.20 compares the name with every field name of the grammar on
/// each ts_node_child_by_field_name call).
TSNode field(TSNode node, const char* name);
/// True if the node is not null.
inline bool present(TSNode node) { return !ts_node_is_null(node); }
/// The kind (grammar type) of a node.
inline std::string_view node_type(TSNode node) { return ts_node_type(node); }
/// True if `inner` lies within `outer` (byte ranges).
bool contains(TSNode outer, TSNode inner);

}  // namespace review::perfstyle
