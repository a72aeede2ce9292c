// Move-only RAII owners for tree-sitter handles (runtime 0.20.7, <tree_sitter/api.h>).
//
// Ownership follows the C API: what `ts_*_new`, `ts_parser_parse*`, `ts_tree_copy` and
// `ts_query_new` return we own, and exactly one owner here frees it; nodes (TSNode) are
// borrowed views into a tree and are valid only while that tree lives.
//
// Threading (tree-sitter's rules, restated because they are easy to break):
//   - TsParser, TsQueryCursor and TsTreeCursor belong to one thread at a time. Keep one per
//     thread (e.g. tbb::enumerable_thread_specific<TsParser>), never share one.
//   - A TsTree is not shared between threads: give another thread its own copy with
//     `copy_tree` (ts_tree_copy is cheap: it bumps reference counts).
//   - A compiled TsQuery is immutable and may be shared read-only by every thread.
//
// Example (rule queries):
//   TsParser parser = make_parser();
//   ts_parser_set_language(parser.get(), grammar_for("python"));
//   TsTree tree(ts_parser_parse_string(parser.get(), nullptr, src.data(), size));
//   uint32_t err_offset; TSQueryError err;
//   TsQuery query(ts_query_new(lang, q.data(), q.size(), &err_offset, &err));  // null on error
//   TsQueryCursor cursor = make_query_cursor();
//   ts_query_cursor_exec(cursor.get(), query.get(), ts_tree_root_node(tree.get()));
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <utility>

namespace review {

template <class T, void (*Free)(T*)>
struct TsDeleter {
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};

/// unique_ptr with the tree-sitter free function of T. Null means "none" (e.g. a parse
/// that timed out returns a null tree).
template <class T, void (*Free)(T*)>
using TsHandle = std::unique_ptr<T, TsDeleter<T, Free>>;

using TsParser = TsHandle<TSParser, ts_parser_delete>;          ///< one thread at a time
using TsTree = TsHandle<TSTree, ts_tree_delete>;                ///< one thread; copy to share
using TsQuery = TsHandle<TSQuery, ts_query_delete>;             ///< immutable; shareable read-only
using TsQueryCursor = TsHandle<TSQueryCursor, ts_query_cursor_delete>;  ///< one thread at a time

/// A new parser with no language set. Never null (tree-sitter aborts on out-of-memory).
inline TsParser make_parser() { return TsParser(ts_parser_new()); }

/// A new query cursor. Never null.
inline TsQueryCursor make_query_cursor() { return TsQueryCursor(ts_query_cursor_new()); }

/// An independent copy of `tree` for another thread (shares immutable nodes; O(1)).
/// Returns a null handle for a null tree.
inline TsTree copy_tree(const TSTree* tree) { return TsTree(tree ? ts_tree_copy(tree) : nullptr); }

/// Owner of a TSTreeCursor (a value type in the C API that still holds heap memory).
/// Borrows the tree of the node it was made from: that tree must outlive the cursor.
/// One thread at a time.
class TsTreeCursor {
 public:
  explicit TsTreeCursor(TSNode node) : m_cursor(ts_tree_cursor_new(node)), m_live(true) {}
  ~TsTreeCursor() {
    if (m_live) ts_tree_cursor_delete(&m_cursor);
  }
  TsTreeCursor(TsTreeCursor&& other) noexcept : m_cursor(other.m_cursor), m_live(std::exchange(other.m_live, false)) {}
  TsTreeCursor& operator=(TsTreeCursor&& other) noexcept {
    if (this != &other) {
      if (m_live) ts_tree_cursor_delete(&m_cursor);
      m_cursor = other.m_cursor;
      m_live = std::exchange(other.m_live, false);
    }
    return *this;
  }
  TsTreeCursor(const TsTreeCursor&) = delete;
  TsTreeCursor& operator=(const TsTreeCursor&) = delete;

  /// The C cursor, borrowed (for ts_tree_cursor_* calls).
  TSTreeCursor* get() { return &m_cursor; }

 private:
  TSTreeCursor m_cursor;
  bool m_live;
};

}  // namespace review
