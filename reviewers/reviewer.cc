// Reviewer helpers: default identities and the configuration checks the engine relies on.
#include "reviewers/reviewer.h"

#include <array>
#include <cmath>
#include <set>
#include <string>

#include <fmt/format.h>

#include "reviewers/taxonomy.h"

namespace review {

namespace {
constexpr std::array<std::string_view, 3> k_default_reviewers{"security", "performance", "style"};
}  // namespace

std::span<const std::string_view> default_reviewer_names() { return k_default_reviewers; }

ReviewerInfo default_reviewer_info(std::string_view name) {
  ReviewerInfo info;
  info.name = std::string(name);
  for (const CategoryInfo& category : default_taxonomy(name)) info.taxonomy.emplace_back(category.id);
  return info;
}

double voter_weight(const VotingPolicy& policy, int voter_index) {
  if (voter_index >= 0 && static_cast<size_t>(voter_index) < policy.weights.size())
    return policy.weights[static_cast<size_t>(voter_index)];
  return 1.0;
}

Expected<void> validate_reviewer(const Reviewer& reviewer) {
  const std::string& name = reviewer.info.name;
  auto error = [&](std::string what) {
    return fail(ErrorKind::config, fmt::format("reviewer '{}': {}", name, what));
  };
  if (name.empty()) return fail(ErrorKind::config, "reviewer without a name");
  const VotingPolicy& policy = reviewer.policy;
  if (policy.quorum < 1) return error(fmt::format("quorum must be at least 1 (got {})", policy.quorum));
  if (!(policy.threshold > 0 && policy.threshold <= 1))
    return error(fmt::format("threshold must be in (0, 1] (got {})", policy.threshold));
  if (policy.line_tolerance < 0)
    return error(fmt::format("line tolerance must be >= 0 (got {})", policy.line_tolerance));
  if (policy.weights.size() > reviewer.voters.size())
    return error(fmt::format("{} weights for {} voters", policy.weights.size(), reviewer.voters.size()));
  for (double weight : policy.weights)
    if (!std::isfinite(weight) || weight < 0) return error(fmt::format("invalid voter weight {}", weight));
  std::set<std::string_view> ids;
  for (const auto& voter : reviewer.voters) {
    if (!voter) return error("empty voter");
    if (voter->id().empty()) return error("voter without an id");
    if (!ids.insert(voter->id()).second) return error(fmt::format("duplicate voter id '{}'", voter->id()));
  }
  return {};
}

}  // namespace review
