// The built-in (offline) voters of the default reviewers: three per reviewer, each looking
// at the code a different way so that their agreement means something.
//   security:    "security.query" (syntax-tree queries for dangerous sinks and how they
//                are called), "security.lexical" (line rules: secrets, dangerous calls by
//                name), "security.flow" (local data flow from sources to sinks)
//   performance, style: see reviewers/builtin/perfstyle_voters.h
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "reviewers/builtin/rule_pack.h"
#include "reviewers/voter.h"
#include "reviewers/voting_policy.h"

namespace review::builtin {

/// The built-in voters of `reviewer` over `rules` (builtin_rules() or a set extended with
/// user packs), in voter-index order; empty for a reviewer without built-in voters.
/// The voters share `rules` and are thread-safe.
std::vector<std::unique_ptr<Voter>> make_builtin_voters(std::string_view reviewer,
                                                        const std::shared_ptr<const RuleSet>& rules);

/// Same over the embedded rules.
std::vector<std::unique_ptr<Voter>> make_builtin_voters(std::string_view reviewer);

/// The voting policy measured best for `reviewer`'s built-in voters on the rule fixtures
/// (docs/rules.md "Measured quality"); the default VotingPolicy for other reviewers.
VotingPolicy builtin_voting_policy(std::string_view reviewer);

}  // namespace review::builtin
