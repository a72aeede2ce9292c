// Voting policy per reviewer (DESIGN.md "Voting"): the strategy, quorum, cluster tolerance
// and per-voter weights. Plain values set from configuration and flags.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace review {

/// majority: kept if more than half of the answering voters agree;
/// unanimous: confirmed only if all agree, otherwise needs_review;
/// weighted: confirmed if the agreeing weight exceeds half the answering weight;
/// threshold: confirmed if agreement >= threshold, otherwise needs_review;
/// union: every distinct finding kept (confirmed), agreement as confidence.
enum class Strategy { majority, unanimous, weighted, threshold, union_ };

const char* to_string(Strategy strategy);  ///< "majority", …, "union"
std::optional<Strategy> parse_strategy(std::string_view text);

struct VotingPolicy {
  Strategy strategy = Strategy::majority;
  double threshold = 0.7;       ///< for Strategy::threshold, in (0,1]
  int quorum = 2;               ///< fewer answering voters than this => degraded
  int line_tolerance = 1;       ///< ranges within this many lines of each other cluster
  std::vector<double> weights;  ///< per voter index; missing entries weigh 1.0
};

}  // namespace review
