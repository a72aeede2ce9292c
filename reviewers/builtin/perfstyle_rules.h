// Shared plumbing of the six performance and style voters: their rules with parameters
// compiled once (RE2), a finding collector that keeps findings inside the chunk and one per
// (rule, line), and the Voter base class that opens the shared parse and turns an
// unexpected exception into an abstention.
//
// Parameters come from each rule's `params` table in reviewers/rules/{performance,style}.toml
// (rule_pack.h). Keys listed in k_regex_params are RE2 patterns, compiled here; a rule
// whose pattern fails to compile is left out and reported by rule_errors() (a test keeps
// that list empty).
#pragma once

#include <re2/re2.h>

#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reviewers/builtin/loop_analysis.h"
#include "reviewers/builtin/perfstyle_syntax.h"
#include "reviewers/builtin/rule_pack.h"
#include "reviewers/voter.h"

namespace review::perfstyle {

/// One rule of a performance/style voter with its regex parameters compiled.
/// Immutable after construction; shared read-only by all threads.
class CompiledRule {
 public:
  /// Compiles the regex parameters of `rule`; check ok() afterwards.
  explicit CompiledRule(const builtin::Rule& rule);
  const builtin::Rule& rule() const { return *m_rule; }
  const std::string& id() const { return m_rule->id; }
  bool ok() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }

  /// A parameter's text, or `fallback` when absent.
  std::string_view param(std::string_view key, std::string_view fallback = "") const;
  /// A numeric parameter, or `fallback` when absent or not a number.
  int int_param(std::string_view key, int fallback) const;
  /// A boolean parameter ("true"/"false"), or `fallback`.
  bool flag(std::string_view key, bool fallback = false) const;
  /// The compiled regex parameter, or nullptr when absent.
  const RE2* regex(std::string_view key) const;
  /// True if regex parameter `key` is absent or fully matches `text`.
  bool full_match_or_absent(std::string_view key, std::string_view text) const;
  /// True if regex parameter `key` is present and matches somewhere in `text`.
  bool search(std::string_view key, std::string_view text) const;

 private:
  const builtin::Rule* m_rule;
  std::map<std::string, std::unique_ptr<RE2>, std::less<>> m_regexes;
  std::string m_error;
};

/// The rules of `reviewer`'s voter `voter` in `set`, compiled; broken ones are dropped and
/// described in `errors` (if given).
std::vector<std::shared_ptr<const CompiledRule>> compile_rules(const builtin::RuleSet& set, std::string_view reviewer,
                                                               std::string_view voter,
                                                               std::vector<std::string>* errors = nullptr);

/// Problems with the embedded performance and style rules (regexes that do not compile,
/// unknown parameter values); empty for a healthy build.
std::vector<std::string> rule_errors();

/// True if `rule`'s params.skip_file matches somewhere in the view's whole file; computed once
/// per file and rule (SyntaxView::file_memo), since every chunk of the file asks.
bool skips_file(const SyntaxView& view, const CompiledRule& rule);

/// Collects one voter's findings on one chunk: clamps to the chunk, drops ranges that start
/// outside it, keeps one finding per (rule, start line), sorts by line then rule.
class FindingSink {
 public:
  FindingSink(const SyntaxView& view, std::string_view voter_id) : m_view(view), m_voter(voter_id) {}
  /// Adds a finding of `rule` on [start_line, end_line] (1-based, inclusive); `message`
  /// replaces the rule's message when not empty.
  void add(const CompiledRule& rule, int start_line, int end_line, std::string message = {});
  /// Adds a finding on the lines of `node`'s first line (multi-line nodes: first line only
  /// unless `whole` is true).
  void add(const CompiledRule& rule, TSNode node, std::string message = {}, bool whole = false);
  std::vector<Finding> take();

 private:
  const SyntaxView& m_view;
  std::string_view m_voter;
  std::vector<Finding> m_findings;
};

/// Matches the call rules of the loop-based voters (params callee, name, receiver,
/// receiver_kind, first_arg, invariant; see performance_loop_cost.cc) against calls in one
/// chunk, caching loop lookups and loop variables. One per analyze() call; not thread-safe.
class LoopCallMatcher {
 public:
  explicit LoopCallMatcher(const SyntaxView& view) : m_view(view) {}
  /// True if `rule` has a callee/name pattern and matches `call`, which must run per
  /// iteration of some loop.
  bool matches(const CompiledRule& rule, const CallInfo& call);
  /// Loops that evaluate `node` per iteration, innermost first (cached for the last node).
  const std::vector<LoopRef>& loops(TSNode node);
  /// Variables of `loop` (cached per loop).
  const std::set<std::string, std::less<>>& variables(const LoopRef& loop);

 private:
  const SyntaxView& m_view;
  const void* m_loops_for = nullptr;
  std::vector<LoopRef> m_loops;
  std::map<const void*, std::set<std::string, std::less<>>> m_variables;
};

/// Base of the six voters: rules per language, the shared parse, exception safety.
/// Subclasses implement analyze(). Thread-safe (analyze must be, too: const, no shared
/// mutable state).
class PerfStyleVoter : public Voter {
 public:
  /// `voter_name` is the rules' `voter` key ("loop-cost"); the id is "<reviewer>.<name>".
  PerfStyleVoter(const std::shared_ptr<const builtin::RuleSet>& rules, std::string_view reviewer,
                 std::string_view voter_name);
  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::builtin; }
  void submit(const VoteRequest& request, BallotCallback done) override;

 protected:
  using RuleList = std::vector<const CompiledRule*>;
  /// Reports findings of `rules` (those applying to the view's language) into `sink`.
  virtual void analyze(const SyntaxView& view, const RuleList& rules, FindingSink& sink) const = 0;

 private:
  /// The rules of one language, compiled on first use (a run usually meets 1-3 languages;
  /// compiling every rule's regexes up front would cost more than reviewing a commit).
  struct LanguageRules {
    std::once_flag once;
    std::vector<std::unique_ptr<const CompiledRule>> compiled;
    RuleList rules;
  };
  const RuleList& rules_for(std::string_view language);

  std::shared_ptr<const builtin::RuleSet> m_set;  // keeps the rules alive
  std::vector<const builtin::Rule*> m_selected;   // this voter's check rules
  std::map<std::string, std::unique_ptr<LanguageRules>, std::less<>> m_by_language;  // fixed after construction
  std::string m_id;
};

/// The six voters (defined in performance_*.cc and style_*.cc).
std::unique_ptr<Voter> make_loop_cost_voter(const std::shared_ptr<const builtin::RuleSet>& rules);
std::unique_ptr<Voter> make_complexity_shape_voter(const std::shared_ptr<const builtin::RuleSet>& rules);
std::unique_ptr<Voter> make_idiom_voter(const std::shared_ptr<const builtin::RuleSet>& rules);
std::unique_ptr<Voter> make_metrics_voter(const std::shared_ptr<const builtin::RuleSet>& rules);
std::unique_ptr<Voter> make_naming_voter(const std::shared_ptr<const builtin::RuleSet>& rules);
std::unique_ptr<Voter> make_hygiene_voter(const std::shared_ptr<const builtin::RuleSet>& rules);

}  // namespace review::perfstyle
