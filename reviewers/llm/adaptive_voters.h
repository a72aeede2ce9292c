// Adaptive voting as a wrapper voter group: of a reviewer's N ≥ 3 voters, the first two are
// asked at once and the others only when those two disagree (or one abstained). When the
// first two agree, each deferred voter abstains with reason k_adaptive_skip_reason and
// makes no call — the vote is then over the two agreeing voters, which meets the default
// quorum of 2, and the engine should count such abstentions as "calls saved", not as
// failures (they never make a chunk degraded while the quorum holds).
//
// No engine change is needed: the group keeps per-chunk state keyed by the VoteRequest's
// chunk pointer and the deferred voter's submit() just parks its request until the first
// two have answered. Works for any voter kinds (a deferred built-in voter then runs on the
// thread that completed the second ballot).
//
// "Agree" = both answered and their findings match one to one: same category and line
// ranges overlapping within `line_tolerance` (the clustering rule of voting).
#pragma once

#include <atomic>
#include <memory>
#include <string_view>
#include <vector>

#include "reviewers/finding.h"
#include "reviewers/voter.h"

namespace review {

/// The abstain reason of a voter that adaptive voting did not need.
inline constexpr std::string_view k_adaptive_skip_reason = "adaptive: not needed (first voters agreed)";

/// Counters of an adaptive group (shared with the caller for the report).
struct AdaptiveStats {
  std::atomic<long> decided_early{0};  ///< chunks where the first two agreed
  std::atomic<long> escalated{0};      ///< chunks where the deferred voters were asked
  std::atomic<long> calls_saved{0};    ///< deferred voter submits answered without running
};

/// Wraps `voters` (N ≥ 3; fewer are returned unchanged) into an adaptive group. Ids are
/// those of the wrapped voters; kinds too, except that deferred voters (index ≥ 2) report
/// VoterKind::llm, because they may answer after submit() returned (from the thread that
/// delivered the second first-stage ballot). `stats` may be null.
std::vector<std::unique_ptr<Voter>> make_adaptive_voters(std::vector<std::unique_ptr<Voter>> voters,
                                                         int line_tolerance = 1,
                                                         std::shared_ptr<AdaptiveStats> stats = nullptr);

/// True if both finding lists match one to one (same category, ranges within tolerance).
bool findings_agree(const std::vector<Finding>& a, const std::vector<Finding>& b, int line_tolerance);

}  // namespace review
