// Syntax trees for the built-in performance and style voters: one parse per file content,
// shared by all six voters through a small thread-safe cache, plus the per-language node
// kind tables (loops, functions, calls, comments, …) those voters walk.
//
// Why a cache: the engine runs the three performance and three style voters on every chunk,
// often on different TBB workers, and a file usually yields several chunks. Parsing the
// post-image once and handing each voter its own `ts_tree_copy` (cheap, reference counted)
// keeps the offline review within its 100 ms budget while respecting tree-sitter's rule that
// a TSTree is used by one thread at a time.
//
// Line numbers: tree-sitter rows are 0-based; everything this header returns is 1-based on
// the new side of the diff (ParsedSource::first_line shifts rows when only the chunk's code
// was parsed, e.g. for --patch input that has no post-image).
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

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

/// The tables for `language`, or nullptr if it has no grammar. Thread-safe; static storage.
const LanguageSyntax* language_syntax(std::string_view language);

/// One parsed text: the master tree (owned), the text it was parsed from and where that text
/// starts on the new side. Immutable once built; share it via std::shared_ptr.
class ParsedSource {
 public:
  ParsedSource(const LanguageSyntax& syntax, std::string text, int first_line);
  ~ParsedSource();
  ParsedSource(const ParsedSource&) = delete;
  ParsedSource& operator=(const ParsedSource&) = delete;

  const LanguageSyntax& syntax() const { return *m_syntax; }
  std::string_view text() const { return m_text; }
  int first_line() const { return m_first_line; }
  /// A copy of the master tree for the calling thread (ts_tree_copy; the caller owns it via
  /// the returned pointer). Thread-safe.
  std::unique_ptr<TSTree, void (*)(TSTree*)> tree_copy() const;
  bool valid() const { return m_tree != nullptr; }

 private:
  const LanguageSyntax* m_syntax;
  std::string m_text;
  int m_first_line;
  TSTree* m_tree = nullptr;
  mutable std::mutex m_copy_mutex;
};

/// What a voter works on: the shared parse plus this thread's own tree copy and the
/// request's chunk bounds. Move-only; lives for one submit().
class SyntaxView {
 public:
  SyntaxView(std::shared_ptr<const ParsedSource> source, const VoteRequest& request);
  const LanguageSyntax& syntax() const { return m_source->syntax(); }
  std::string_view language() const { return m_source->syntax().language; }
  TSNode root() const { return ts_tree_root_node(m_tree.get()); }
  std::string_view source_text() const { return m_source->text(); }
  const VoteRequest& request() const { return *m_request; }
  const std::string& path() const;

  /// Text of `node` (borrowed from the parsed text).
  std::string_view text(TSNode node) const;
  /// 1-based new-side line of the node's first / last byte.
  int start_line(TSNode node) const { return static_cast<int>(ts_node_start_point(node).row) + m_source->first_line(); }
  int end_line(TSNode node) const;
  /// Text of 1-based new-side line `line` without terminator ("" outside the parsed text).
  std::string_view line_text(int line) const;
  /// True if the node's line range meets the chunk's [start_line, end_line].
  bool in_chunk(TSNode node) const;
  /// True if 1-based `line` is an added line of the chunk.
  bool is_changed(int line) const;
  /// Clamps a 1-based line into the chunk.
  int clamp(int line) const;

  /// Calls `visit` for every node (named or not when `named_only` is false) whose range
  /// meets the chunk, in document order; `visit` returns false to skip the node's children.
  void walk_chunk(const std::function<bool(TSNode)>& visit) const;

 private:
  std::shared_ptr<const ParsedSource> m_source;
  std::unique_ptr<TSTree, void (*)(TSTree*)> m_tree;
  const VoteRequest* m_request;
  std::vector<std::string_view> m_lines;
};

/// Parses each file content once and hands out views. Keyed by (language, content hash,
/// first line); keeps the most recent `capacity` parses. Thread-safe.
class SyntaxCache {
 public:
  explicit SyntaxCache(size_t capacity = 64) : m_capacity(capacity) {}
  /// The parse of the request's file (its post-image when there is one, else the chunk's
  /// code), or nullptr when the language has no grammar or the chunk is empty.
  std::shared_ptr<const ParsedSource> parse(const VoteRequest& request);
  /// Parses made so far (for tests: a file is parsed once however many voters ask).
  size_t parse_count() const;

 private:
  struct Entry {
    std::uint64_t key;
    std::shared_ptr<const ParsedSource> source;
  };
  size_t m_capacity;
  mutable std::mutex m_mutex;
  std::vector<Entry> m_entries;  // oldest first
  size_t m_parses = 0;
};

// ---- small node helpers (all borrow; none allocate nodes) ----

/// Child by field name, or a null node.
TSNode field(TSNode node, const char* name);
/// True if the node is not null.
inline bool present(TSNode node) { return !ts_node_is_null(node); }
/// The kind (grammar type) of a node.
inline std::string_view kind(TSNode node) { return ts_node_type(node); }
/// Calls `visit` on every descendant of `node` (not the node itself) in document order;
/// `visit` returns false to skip that descendant's children.
void walk_descendants(TSNode node, const std::function<bool(TSNode)>& visit);
/// True if `inner` lies within `outer` (byte ranges).
bool contains(TSNode outer, TSNode inner);

}  // namespace review::perfstyle
