// Factory of the built-in voters per reviewer.
#include "reviewers/builtin/builtin_voters.h"

#include "reviewers/builtin/rule_voters.h"
#include "reviewers/builtin/security_flow.h"

#if __has_include("reviewers/builtin/perfstyle_voters.h")
#include "reviewers/builtin/perfstyle_voters.h"
#define REVIEW_HAS_PERFSTYLE_VOTERS 1
#endif

namespace review::builtin {

std::vector<std::unique_ptr<Voter>> make_builtin_voters(std::string_view reviewer,
                                                        const std::shared_ptr<const RuleSet>& rules) {
  std::vector<std::unique_ptr<Voter>> out;
  if (reviewer == "security") {
    out.push_back(make_query_voter(rules, "security"));
    out.push_back(make_lexical_voter(rules, "security"));
    out.push_back(make_flow_voter(rules, "security"));
    return out;
  }
#ifdef REVIEW_HAS_PERFSTYLE_VOTERS
  if (reviewer == "performance") return make_performance_voters(rules);
  if (reviewer == "style") return make_style_voters(rules);
#endif
  return out;
}

std::vector<std::unique_ptr<Voter>> make_builtin_voters(std::string_view reviewer) {
  return make_builtin_voters(reviewer, builtin_rules());
}

VotingPolicy builtin_voting_policy(std::string_view reviewer) {
#ifdef REVIEW_HAS_PERFSTYLE_VOTERS
  if (auto measured = perfstyle_voting_policy(reviewer)) return *measured;
#endif
  VotingPolicy policy;
  // Security: union. On the fixtures (docs/rules.md "Measured quality") union keeps recall
  // at 1.0 with precision 0.96, while majority drops recall to 0.66 for no precision gain:
  // the three voters see different things (the flow voter only fires when a source is in
  // view, secrets have no syntax-tree sink), so one vote is usually a real finding; its
  // agreement is still reported as confidence for --min-confidence.
  if (reviewer == "security") policy.strategy = Strategy::union_;
  return policy;
}

}  // namespace review::builtin
