// Rule packs: the built-in voters' rules as data. A pack is a TOML file; the packs under
// reviewers/rules/*.toml are embedded in the binary (util/embedded.h) and users add more
// through configuration (load_rule_pack). Full schema and examples: docs/rules.md.
//
// Schema (one pack):
//
//   reviewer = "security"          # optional pack-level defaults for every [[rule]] below
//   voter = "query"
//
//   [[rule]]
//   id = "py.subprocess-shell"     # unique across all packs; [A-Za-z0-9._-]+
//   kind = "check"                 # check (default: reports findings) | source | propagator
//                                  # | sanitizer (the last three feed the "flow" voter)
//   reviewer = "security"          # reviewer (Finding::aspect)
//   voter = "query"                # which built-in voter runs it: query | lexical | flow
//                                  # (reviewers may define more, e.g. "metrics")
//   severity = "high"              # info | low | medium | high | critical
//   languages = ["python"]         # grammar ids (git/grammar.h); lexical rules may say ["*"]
//                                  # = every file, including languages without a grammar
//   category = "CWE-78"            # the reviewer's taxonomy (reviewers/taxonomy.h)
//   message = "…"                  # one line shown with each finding
//   help = "…"                     # why it matters and how to fix it (`review rules`)
//   suggestion = "…"               # optional fix text copied into Finding::suggestion
//   query = '''(call …) @match'''  # query/flow voters: tree-sitter query, predicates applied
//                                  # by us (see query_engine.h); capture @match is reported
//   pattern = '''\bstrcpy\s*\('''  # lexical voter: RE2, searched in each line
//   exclude = '''…'''              # lexical: a line matching this RE2 is not reported
//   keywords = ["strcpy"]          # prefilter, case-insensitive substrings: a lexical
//                                  # pattern runs only on lines containing one of them, a
//                                  # query only on chunks containing one of them
//   scope = "code"                 # lexical: code (comments and string contents blanked),
//                                  # strings (comments blanked), line (raw text)
//   min_entropy = 3.5              # lexical: the named group (?P<value>…) must have at least
//                                  # this Shannon entropy (bits/char) and not be a placeholder
//   taint = "remote"               # flow: a source's reach — remote (network, request) or
//                                  # local (argv, environment, stdin); a sink's threshold —
//                                  # local (any source counts, default) or remote (only
//                                  # remote sources: e.g. file paths from argv are normal)
//   params = { max = 60 }          # voter-specific parameters (strings, numbers, booleans);
//                                  # a rule with params may omit query and pattern
//
// Validation (make_rule_set): unique ids, known reviewer taxonomy category, severity and
// languages, a query that compiles (with known predicates) for every listed language, and
// a pattern/exclude that RE2 accepts. Errors are one-line messages naming origin and rule.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reviewers/finding.h"
#include "util/error.h"

namespace review::builtin {

/// What a rule contributes: findings (check), or data for the flow voter.
enum class RuleKind { check, source, propagator, sanitizer };
const char* to_string(RuleKind kind);

/// Which text a lexical rule's pattern sees on each line.
enum class LexicalScope {
  code,     ///< comments and the contents of string literals blanked out (quotes kept)
  strings,  ///< comments blanked out, string literals kept
  line,     ///< the raw line
};
const char* to_string(LexicalScope scope);

/// One rule, as read from a pack. Plain value; a RuleSet owns them.
struct Rule {
  std::string id;
  RuleKind kind = RuleKind::check;
  std::string reviewer;
  std::string voter;
  Severity severity = Severity::medium;
  std::vector<std::string> languages;  ///< grammar ids, or {"*"} (lexical only)
  std::string category;
  std::string message;
  std::string help;
  std::string suggestion;  ///< "" when none
  std::string query;       ///< tree-sitter query source (query/flow voters)
  std::string pattern;     ///< RE2 source (lexical voter)
  std::string exclude;     ///< RE2 source; "" when none (lexical voter)
  std::vector<std::string> keywords;  ///< lower-cased prefilter substrings (lexical: per line; query: per chunk)
  LexicalScope scope = LexicalScope::code;
  double min_entropy = 0;  ///< bits per char required of group "value"; 0 = no check
  /// Flow voter. Source: true if it is remote input (network/request), false if local
  /// (argv, environment, stdin). Sink: true if only remote sources count.
  bool remote_taint = false;
  /// Voter-specific parameters from the rule's `params` table, for voters driven by more
  /// than a query or pattern (the performance and style voters: thresholds, callee regexes,
  /// flags; see reviewers/builtin/perfstyle_voters.h). Values are text: strings as written,
  /// integers, floats and booleans in their TOML spelling ("60", "0.5", "true").
  std::map<std::string, std::string, std::less<>> params;
  std::string origin;      ///< pack it came from: "rules/security.toml" or a file path

  /// True if the rule applies to `language` (listed, or "*").
  bool applies_to(std::string_view language) const;
};

/// Parses one pack. `origin` names it in error messages ("rules/security.toml", a path).
/// Checks the shape (types, required keys, enum spellings) but not cross-rule facts; see
/// make_rule_set. Errors: ErrorKind::config with "<origin>: <rule id>: <problem>".
Expected<std::vector<Rule>> parse_rule_pack(std::string_view toml, std::string_view origin);

/// Reads and parses the pack at `path` (a user pack named in configuration).
Expected<std::vector<Rule>> load_rule_pack(const std::string& path);

/// A validated collection of rules. Immutable once built; share it read-only between
/// threads (voters keep a shared_ptr).
struct RuleSet {
  std::vector<Rule> rules;
  /// Problems found while building builtin_rules() (bad rules are left out, never fatal);
  /// empty for a healthy build. make_rule_set returns an error instead.
  std::vector<std::string> errors;

  /// The rule with `id`, or nullptr.
  const Rule* find(std::string_view id) const;
  /// Rules of one reviewer and voter, in pack order (borrowed from this set).
  std::vector<const Rule*> select(std::string_view reviewer, std::string_view voter) const;
};

/// Validates `rules` (see the file comment) and returns them as a set. Fails on the first
/// problem with ErrorKind::config.
Expected<RuleSet> make_rule_set(std::vector<Rule> rules);

/// Every embedded pack (reviewers/rules/*.toml), parsed and validated once on first use.
/// Invalid rules are reported in `errors` and left out, so a bad pack fails a test rather
/// than crashing the tool. Queries are not compiled here (that is the voters' lazy,
/// per-language work, and a rule whose query fails is skipped there); the test suite runs
/// check_rule_queries on this set. Thread-safe; the set lives for the whole process.
const std::shared_ptr<const RuleSet>& builtin_rules();

/// Full validation of `set` (queries compiled for every listed language, regexes
/// compiled), as make_rule_set does; one message per failure. For the test suite.
std::vector<std::string> check_rule_queries(const RuleSet& set);

/// The built-in rules plus the packs at `paths` (configuration), validated together (ids
/// must stay unique). Errors: ErrorKind::config naming the pack.
Expected<std::shared_ptr<const RuleSet>> rules_with_packs(const std::vector<std::string>& paths);

}  // namespace review::builtin
