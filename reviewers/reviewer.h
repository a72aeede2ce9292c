// A reviewer: one aspect of review (security, performance, style, or a custom one from
// configuration) with its category taxonomy, its voting policy and its voters. The engine
// (reviewers/engine.h) runs every voter of every reviewer on every chunk and votes per
// reviewer (reviewers/voting.h).
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "reviewers/voter.h"
#include "reviewers/voting_policy.h"
#include "util/error.h"

namespace review {

/// One reviewer. Owns its voters; the engine borrows the reviewer for one run. Voter i is
/// "voter index" i: it gets weight `policy.weights[i]` (1.0 when missing) and wins ties
/// against voters with a higher index.
struct Reviewer {
  ReviewerInfo info;
  VotingPolicy policy;
  std::vector<std::unique_ptr<Voter>> voters;
};

/// The names of the default reviewers, in report order: security, performance, style.
std::span<const std::string_view> default_reviewer_names();

/// ReviewerInfo of a default reviewer ("security", "performance", "style") with its default
/// taxonomy (reviewers/taxonomy.h); for any other name, the name and an empty taxonomy.
ReviewerInfo default_reviewer_info(std::string_view name);

/// Weight of voter `voter_index` (0-based) under `policy`: policy.weights[i], or 1.0 when
/// the list is shorter.
double voter_weight(const VotingPolicy& policy, int voter_index);

/// Checks a reviewer before a run: a non-empty name, no empty or duplicate voter ids,
/// quorum >= 1, threshold in (0,1], line_tolerance >= 0, finite non-negative weights and
/// no more weights than voters. Returns a one-line ErrorKind::config error naming the reviewer.
Expected<void> validate_reviewer(const Reviewer& reviewer);

}  // namespace review
