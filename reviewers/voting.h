// Voting (DESIGN.md "Voting"): the ballots of one reviewer's voters on one chunk are
// clustered and a strategy decides which clusters become findings.
//
// Clustering: findings with the same path and category whose line ranges overlap, or lie
// within `line_tolerance` lines of each other, form one cluster (single linkage, so a chain
// 10, 11, 12 with tolerance 1 is one cluster). A voter counts once per cluster however many
// of its findings fall into it. Example with three voters answering and tolerance 1:
//
//   voter 0: CWE-78 lines 12-12      ┐
//   voter 1: CWE-78 lines 13-14      ├─ one cluster, 3 votes (voter 2 twice, counted once)
//   voter 2: CWE-78 lines 12-12, 14  ┘
//   voter 2: CWE-89 line 40          ── another cluster, 1 vote
//
// Under majority the first is confirmed (3 of 3) and the second dropped (1 of 3 is not
// more than half). The strategies (n = voters that answered, k = voters in the cluster):
//
//   majority   k > n/2 → confirmed; otherwise dropped
//   unanimous  k = n → confirmed; otherwise needs_review
//   weighted   agreeing weight > half the answering weight → confirmed; otherwise dropped
//   threshold  k/n >= t → confirmed; otherwise needs_review
//   union      every cluster kept, confirmed
//
// confidence = k/n (the agreeing weight share for weighted). The representative of a
// cluster — whose rule_id, message, suggestion, severity and lines the voted finding shows —
// is the first finding (by line, then ballot order) of the highest-weight voter in it; ties
// between equal weights go to the lower voter index, never to timing.
//
// Quorum: with fewer than min(quorum, voters) answers the chunk/reviewer is degraded: the
// vote still runs over those that answered, but nothing it keeps can be better than
// needs_review (one voter alone cannot confirm), and the caller reports the degradation.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reviewers/finding.h"
#include "reviewers/voter.h"
#include "reviewers/voting_policy.h"

namespace review {

/// The result of voting on one chunk for one reviewer.
struct VoteOutcome {
  /// Voted findings ordered by (start_line, end_line, category, rule_id); `fingerprint`
  /// is left empty (it needs the whole file: see reviewers/fingerprint.h).
  std::vector<VotedFinding> findings;
  int answered = 0;  ///< voters that did not abstain
  int clusters = 0;  ///< clusters formed, kept or not
  int rejected = 0;  ///< clusters dropped by majority/weighted
  bool degraded = false;
  /// When degraded: e.g. "1 of 3 voters answered (quorum 2): timeout; HTTP 500".
  std::string degraded_reason;
};

/// Votes on the ballots of one reviewer's voters for one chunk. `ballots[i]` is voter i's
/// answer and `voter_ids[i]` its id (same length). Findings are taken as they are (the
/// engine has already checked path, taxonomy and lines); each ballot's findings count for
/// its voter whatever their `voter` field says. Pure and deterministic: the same ballots
/// give the same outcome regardless of the order in which they arrived.
VoteOutcome vote(std::span<const Ballot> ballots, std::span<const std::string> voter_ids,
                 const VotingPolicy& policy);

}  // namespace review
