// The built-in (offline) voters of the performance and style reviewers: three each, every
// one looking at the code a different way (docs/perfstyle.md, docs/rules.md).
//
//   performance.loop-cost         per-iteration cost: calls in loop bodies whose callee is
//                                 costly (regex compile, I/O, sleep, queries, copies,
//                                 constructors) and string accumulation into a string variable
//   performance.complexity-shape  the shape of loops: nested joins over related collections,
//                                 membership tests on lists, sorting, front removal and
//                                 strlen-style conditions in loops, deep loop nesting
//   performance.idiom             language-specific slow idioms as tree-sitter queries and
//                                 small detectors (std::endl, by-value std::string, str +=,
//                                 defer in loops, append without preallocation, …)
//   style.metrics                 function length, nesting depth, parameters, cyclomatic
//                                 complexity against documented thresholds
//   style.naming                  naming conventions per language (PEP 8, Effective Go, Java
//                                 conventions, RFC 430; C/C++: consistency within the file)
//   style.hygiene                 debug prints, TODOs without a reference, commented-out
//                                 code, empty handlers, magic numbers, overlong lines
//
// Rules and their parameters are data: reviewers/rules/performance.toml and style.toml.
// Every voter is VoterKind::builtin: submit() runs on the calling thread and calls `done`
// exactly once before returning. Findings lie inside the chunk; the pipeline keeps those on
// added lines.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "reviewers/builtin/rule_pack.h"
#include "reviewers/voter.h"
#include "reviewers/voting_policy.h"

namespace review::builtin {

/// performance.loop-cost, performance.complexity-shape, performance.idiom over `rules`
/// (kept alive by the voters). Thread-safe.
std::vector<std::unique_ptr<Voter>> make_performance_voters(const std::shared_ptr<const RuleSet>& rules);
/// style.metrics, style.naming, style.hygiene over `rules`. Thread-safe.
std::vector<std::unique_ptr<Voter>> make_style_voters(const std::shared_ptr<const RuleSet>& rules);

/// The same over the embedded rule packs (builtin_rules()).
std::vector<std::unique_ptr<Voter>> make_performance_voters();
std::vector<std::unique_ptr<Voter>> make_style_voters();

/// The voting policy measured best on the rule fixtures for "performance" and "style"
/// (docs/rules.md "Measured quality"); nullopt for other reviewers.
std::optional<VotingPolicy> perfstyle_voting_policy(std::string_view reviewer);

}  // namespace review::builtin
