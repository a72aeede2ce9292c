// Clustering and the five strategies. See voting.h for the rules and an example.
//
// The findings of all answering voters are sorted by (path, category, start_line, end_line,
// voter index, position in the ballot) and swept once: a finding joins the open cluster
// when it has the same path and category and starts no later than the cluster's furthest
// end line + tolerance. Sorting first makes the result independent of arrival order.
#include "reviewers/voting.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "reviewers/reviewer.h"

namespace review {

namespace {

// Absorbs floating-point noise in weight sums and threshold products (0.1 + 0.2 > 0.3).
constexpr double k_epsilon = 1e-9;

struct Entry {
  const Finding* finding;
  int voter;
  int order;  // position in the voter's ballot
};

bool entry_less(const Entry& a, const Entry& b) {
  const Finding& x = *a.finding;
  const Finding& y = *b.finding;
  return std::tie(x.path, x.category, x.start_line, x.end_line, a.voter, a.order) <
         std::tie(y.path, y.category, y.start_line, y.end_line, b.voter, b.order);
}

std::string degraded_reason(std::span<const Ballot> ballots, std::span<const std::string> voter_ids,
                            int answered, int quorum) {
  std::string reasons;
  for (size_t i = 0; i < ballots.size(); ++i) {
    if (!ballots[i].abstained) continue;
    if (!reasons.empty()) reasons += "; ";
    reasons += fmt::format("{}: {}", voter_ids[i],
                           ballots[i].abstain_reason.empty() ? "abstained" : ballots[i].abstain_reason);
  }
  return fmt::format("{} of {} voters answered (quorum {}): {}", answered, ballots.size(), quorum, reasons);
}

}  // namespace

VoteOutcome vote(std::span<const Ballot> ballots, std::span<const std::string> voter_ids,
                 const VotingPolicy& policy) {
  VoteOutcome outcome;
  const int voter_count = static_cast<int>(ballots.size());
  double answering_weight = 0;
  std::vector<Entry> entries;
  for (int v = 0; v < voter_count; ++v) {
    const Ballot& ballot = ballots[static_cast<size_t>(v)];
    if (ballot.abstained) continue;
    ++outcome.answered;
    answering_weight += voter_weight(policy, v);
    for (size_t i = 0; i < ballot.findings.size(); ++i)
      entries.push_back(Entry{&ballot.findings[i], v, static_cast<int>(i)});
  }
  const int quorum = std::min(policy.quorum, voter_count);
  if (outcome.answered < quorum) {
    outcome.degraded = true;
    outcome.degraded_reason = degraded_reason(ballots, voter_ids, outcome.answered, quorum);
  }
  if (entries.empty()) return outcome;
  std::sort(entries.begin(), entries.end(), entry_less);

  const int n = outcome.answered;
  std::vector<char> in_cluster(static_cast<size_t>(voter_count));
  size_t begin = 0;
  while (begin < entries.size()) {
    // Grow the cluster [begin, end).
    const Finding& first = *entries[begin].finding;
    int furthest_end = std::max(first.start_line, first.end_line);
    size_t end = begin + 1;
    while (end < entries.size()) {
      const Finding& next = *entries[end].finding;
      if (next.path != first.path || next.category != first.category ||
          next.start_line > furthest_end + policy.line_tolerance)
        break;
      furthest_end = std::max(furthest_end, std::max(next.start_line, next.end_line));
      ++end;
    }
    ++outcome.clusters;

    // Who is in it (once each), their weight, and the representative voter.
    std::fill(in_cluster.begin(), in_cluster.end(), 0);
    for (size_t i = begin; i < end; ++i) in_cluster[static_cast<size_t>(entries[i].voter)] = 1;
    int votes = 0;
    double weight = 0;
    int representative_voter = -1;
    VotedFinding voted;
    for (int v = 0; v < voter_count; ++v) {
      if (!in_cluster[static_cast<size_t>(v)]) continue;
      ++votes;
      weight += voter_weight(policy, v);
      voted.voter_ids.push_back(voter_ids[static_cast<size_t>(v)]);
      if (representative_voter < 0 || voter_weight(policy, v) > voter_weight(policy, representative_voter))
        representative_voter = v;
    }
    const Entry* representative = nullptr;
    for (size_t i = begin; i < end && !representative; ++i)
      if (entries[i].voter == representative_voter) representative = &entries[i];

    const double agreement = static_cast<double>(votes) / n;
    bool keep = true;
    FindingStatus status = FindingStatus::confirmed;
    double confidence = agreement;
    switch (policy.strategy) {
      case Strategy::majority:
        keep = 2 * votes > n;
        break;
      case Strategy::unanimous:
        if (votes < n) status = FindingStatus::needs_review;
        break;
      case Strategy::weighted:
        confidence = answering_weight > 0 ? weight / answering_weight : 0;
        keep = answering_weight > 0 && 2 * weight > answering_weight + k_epsilon;
        break;
      case Strategy::threshold:
        if (votes < policy.threshold * n - k_epsilon) status = FindingStatus::needs_review;
        break;
      case Strategy::union_:
        break;
    }
    begin = end;
    if (!keep) {
      ++outcome.rejected;
      continue;
    }
    if (outcome.degraded) status = FindingStatus::needs_review;
    voted.finding = *representative->finding;
    voted.finding.voter = voter_ids[static_cast<size_t>(representative_voter)];
    voted.votes = votes;
    voted.voters = n;
    voted.confidence = confidence;
    voted.status = status;
    outcome.findings.push_back(std::move(voted));
  }
  std::stable_sort(outcome.findings.begin(), outcome.findings.end(), [](const VotedFinding& a, const VotedFinding& b) {
    return std::tie(a.finding.start_line, a.finding.end_line, a.finding.category, a.finding.rule_id) <
           std::tie(b.finding.start_line, b.finding.end_line, b.finding.category, b.finding.rule_id);
  });
  return outcome;
}

}  // namespace review
