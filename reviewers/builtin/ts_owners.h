// Move-only owners for the tree-sitter handles the built-in voters use. What a `ts_*_new`
// returns we own and free here; nodes (TSNode) are borrowed values valid while their tree
// lives. Thread rules (tree-sitter docs): a TSParser and a TSQueryCursor belong to one
// thread; a compiled TSQuery may be shared read-only; a TSTree is used by one thread at a
// time — give another thread its own `ts_tree_copy` (cheap, shares subtrees).
// (Written here because git/ts_handle.h was not on main yet; same shape, private names.)
#pragma once

#include <tree_sitter/api.h>

#include <memory>

namespace review::builtin {

struct TsParserFree {
  void operator()(TSParser* p) const noexcept { ts_parser_delete(p); }
};
struct TsTreeFree {
  void operator()(TSTree* t) const noexcept { ts_tree_delete(t); }
};
struct TsQueryFree {
  void operator()(TSQuery* q) const noexcept { ts_query_delete(q); }
};
struct TsQueryCursorFree {
  void operator()(TSQueryCursor* c) const noexcept { ts_query_cursor_delete(c); }
};

using TsParserPtr = std::unique_ptr<TSParser, TsParserFree>;
using TsTreePtr = std::unique_ptr<TSTree, TsTreeFree>;
using TsQueryPtr = std::unique_ptr<TSQuery, TsQueryFree>;
using TsQueryCursorPtr = std::unique_ptr<TSQueryCursor, TsQueryCursorFree>;

}  // namespace review::builtin
