// Tree-sitter queries with predicates applied by us. libtree-sitter 0.20.7 parses predicate
// steps but never evaluates them, so a QuerySet filters every match through its pattern's
// predicates before reporting it.
//
// Compiling is the expensive part: ts_query_new in 0.20.7 analyses the grammar's parse
// table once per call (~12M instructions for Python) and each pattern against it (~10M per
// expression-level parent node), far more than matching. So every top-level pattern of
// every rule is a unit that runs as its skeleton — the pattern without predicates, captures
// renamed by position — and units with the same skeleton (sinks differing only in the
// names they look for) share one compiled pattern, process-wide. Skeletons are compiled on
// first need, several per ts_query_new call (QuerySet::prepare batches a whole run), and
// then shared read-only. A unit is needed only if the text it would run on contains its
// required literals — for each positive #eq?/#any-of? predicate, one of its strings — and,
// when the rule lists `keywords`, one of those (case-insensitive). A commit that never
// mentions `innerHTML` never compiles the innerHTML patterns.
//
// A required literal counts only as a token: where it starts (ends) with an identifier
// character [A-Za-z0-9_$], the character before (after) it must not be one, since a node
// whose text equals the literal is a whole token. So `exec` in `sys.executable` or `int`
// in `print` needs nothing. Tokens glued to identifier characters without being part of
// them are allowed for: a string fragment after an escape sequence ("\nexec"), before a
// template substitution (`exec${x}`), a number's suffix (12_km), and literals starting with
// a digit are only searched for. Where the pattern names the capture's node types
// (`(identifier) @f`, `[(identifier) (string)] @f`) and they are visible node types of the
// grammar (not supertypes), the occurrence must moreover be the whole text of a node of
// such a type in the syntax tree: `eval` inside a string does not need an `eval(…)` pattern;
// and that node's parents must have the types the pattern puts around the capture (a
// pattern's child is a direct child of its parent among visible nodes): `get` in `d.get(k)`
// does not need a route decorator's `(decorator (call function: (attribute attribute: …)))`.
//
// Each positive #match? adds a regex prefilter: the regex with its assertions (^ $ \b \B
// \A \z) removed must find a match in the text from the window's start to the end of the
// furthest-reaching node starting in the window. The node's text lies in that text, and an
// assertion-free search that matches a part of it matches the whole. So `((string) @m
// (#match? @m "AKIA[0-9A-Z]{16}"))` is never compiled for a commit without such a key.
//
// Only predicates on captures every match has count (not under `?`/`*`, and in every
// branch of an alternation): on an absent capture a predicate holds vacuously. The
// prefilters assume that a capture a predicate tests starts in the window (the reported
// lines plus 8) — true when it lies inside @match — and, for the literals, ends there too.
//
// Predicates (tree-sitter's standard ones, same meaning as in the tree-sitter CLI; a
// quantified capture must satisfy them with every node it captured):
//   (#eq? @a "text") (#eq? @a @b) (#not-eq? …)     exact text equality
//   (#match? @a "re2") (#not-match? @a "re2")       RE2 search (unanchored) in the text
//   (#any-of? @a "x" "y" …) (#not-any-of? @a …)      text is / is not one of the strings
// and our own:
//   (#kind? @a "identifier" …) (#not-kind? @a …)     the node's type is / is not one of
//       them: `(_) @a (#kind? @a "identifier")` matches what `(identifier) @a` matches, so
//       patterns that differ only in such a type can share one skeleton (a positive #kind?
//       also gives the prefilter the capture's types)
//   (#is-literal? @a) (#not-literal? @a)             constant: a string without
//       interpolation, number, boolean, null, an ALL_CAPS identifier, or a parenthesis,
//       concatenation, list or array made only of those (see is_literal_node)
//   (#has-ancestor? @a type …) (#not-has-ancestor? @a type …)   some ancestor's node type
//       is one of the listed types (e.g. loops: for_statement while_statement)
//   (#ancestor-match? @a type "re2") (#not-ancestor-match? …)   the nearest ancestor of that
//       node type exists and its text, comments blanked out, matches (e.g. the enclosing
//       method mentions "passw")
//   (#secret-like? @a) (#not-secret-like? @a)        a string literal whose content has no
//       spaces or template markers, is not a placeholder (lexical.h looks_like_placeholder)
//       and has a Shannon entropy of at least 3.0 bits/char
// Strings in a query use the query syntax's escapes, so a regex `\d` is written "\\d".
//
// Example: (call function: (attribute attribute: (identifier) @f) (#eq? @f "system")) @match
// reports each `x.system(...)` call; the reported range is capture @match, or the span
// of all captures when the pattern has no @match.
#pragma once

#include <tree_sitter/api.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "reviewers/builtin/rule_pack.h"
#include "util/error.h"

namespace review::builtin {

/// Compiles `query` for `language` and checks its predicates (known names, argument
/// shapes, RE2 syntax) and that each pattern has a capture. Errors: ErrorKind::config,
/// one line with the byte offset and kind of the tree-sitter error.
Expected<void> check_query(std::string_view query, std::string_view language);

/// True if `node` is a constant expression (the #is-literal? predicate): see file comment.
/// `source` is the text the tree was parsed from.
bool is_literal_node(TSNode node, std::string_view source);

/// One named capture of a match. The node borrows from the tree passed to for_each_match.
struct QueryCapture {
  std::string_view name;
  TSNode node;
};

/// One predicate-approved match of one rule.
struct QueryMatch {
  const Rule* rule = nullptr;
  TSNode node;         ///< the reported node (@match, else the first capture)
  int start_line = 0;  ///< 1-based new-side line of the reported range (line_offset added)
  int end_line = 0;    ///< 1-based, inclusive
  std::vector<QueryCapture> captures;

  /// The first node captured as `name`, or nullptr.
  const TSNode* capture(std::string_view name) const;
};

/// Where a QuerySet looks: a tree, the text it was parsed from, and the 1-based new-side
/// lines whose matches count (see QuerySet::for_each_match). Borrows everything.
struct QueryWindow {
  std::string_view language;
  TSNode root;
  std::string_view source;
  int line_offset = 0;
  int first_line = 0;
  int last_line = 0;
};

/// The queries of a group of rules (typically one reviewer's voter). Their units are made
/// per language on first use and their skeletons compiled on first need (see the file
/// comment), then shared read-only: for_each_match is thread-safe, each call uses its own
/// TSQueryCursor. The rules are borrowed and must
/// outlive the set (keep the RuleSet alive, e.g. via its shared_ptr).
class QuerySet {
 public:
  explicit QuerySet(std::vector<const Rule*> rules);
  ~QuerySet();
  QuerySet(const QuerySet&) = delete;
  QuerySet& operator=(const QuerySet&) = delete;

  /// Calls `on_match` for every match of a rule applying to `language` in the tree rooted
  /// at `root`, whose reported range starts within [first_line, last_line]. Lines are
  /// 1-based on the new side: a tree row r is line r + 1 + line_offset (line_offset is 0
  /// when the whole post-image was parsed, start_line - 1 when only a chunk was).
  /// `source` is the exact text the tree was parsed from. Matches come in rule order, then
  /// pattern order, then tree order: deterministic.
  void for_each_match(std::string_view language, TSNode root, std::string_view source, int line_offset,
                      int first_line, int last_line, const std::function<void(const QueryMatch&)>& on_match) const;

  /// One piece of work for prepare: a set and a window it is going to run on.
  struct Work {
    const QuerySet* set = nullptr;
    QueryWindow window;
  };

  /// Compiles now, in as few ts_query_new calls as possible (per language, split over the
  /// TBB workers), the patterns each set of `work` would need on its window. Optional:
  /// for_each_match compiles what is missing itself, but window by window, and every
  /// ts_query_new call pays a fixed analysis of the grammar (~12M instructions for Python)
  /// — a voter that knows its windows in advance calls this first. Thread-safe.
  static void prepare(std::span<const Work> work);

  /// True if some pattern's prefilter passes on `window`: for_each_match may find
  /// something there (and compiles what it needs). Counts towards compiled_count.
  bool may_match(const QueryWindow& window) const;

  /// True if some rule of the set applies to `language`.
  bool covers(std::string_view language) const;

  /// How many (pattern, language) compilations this set has run so far: each top-level
  /// pattern is compiled at most once per language. For tests and benchmarks of the
  /// prefilters; thread-safe.
  std::size_t compiled_count() const { return m_compiled_count.load(std::memory_order_relaxed); }

  struct Unit;  ///< one rule pattern, its prefilter, skeleton and predicates (opaque)

 private:
  /// The units whose prefilters pass on `window` (language index `lang`), in unit order.
  std::vector<Unit*> needed_units(const QueryWindow& window, std::size_t lang) const;
  /// Readies the set for language index `lang`, once per language: makes the units of the
  /// rules for it (reading patterns costs ~45k instructions each, and a run rarely touches
  /// more than a few of the nine languages) and fills their type facts for it (looking a
  /// node type up in a grammar is a linear scan).
  void prepare_language(std::size_t lang) const;

  std::vector<const Rule*> m_rules;
  struct RuleUnits;
  std::unique_ptr<RuleUnits[]> m_rule_units;  ///< per m_rules entry; filled by prepare_language
  std::unique_ptr<std::once_flag[]> m_language_once;  ///< per grammar_languages() entry
  /// Per grammar_languages() entry, filled by prepare_language: the units of the rules for
  /// it, in rule order then pattern order.
  std::unique_ptr<std::vector<Unit*>[]> m_language_units;
  mutable std::atomic<std::size_t> m_compiled_count{0};
};

}  // namespace review::builtin
