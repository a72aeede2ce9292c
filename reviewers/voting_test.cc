// Voting: clustering, every strategy with ties, weights, abstentions, quorum and
// duplicate findings from one voter.
#include "reviewers/voting.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace review {
namespace {

Finding at(int start, int end, std::string category = "CWE-78", std::string message = "m",
           Severity severity = Severity::medium) {
  Finding f;
  f.aspect = "security";
  f.rule_id = "rule." + category;
  f.category = std::move(category);
  f.severity = severity;
  f.path = "app.py";
  f.start_line = start;
  f.end_line = end;
  f.message = std::move(message);
  return f;
}

Ballot answer(std::vector<Finding> findings) {
  Ballot b;
  b.findings = std::move(findings);
  return b;
}

Ballot abstain(std::string reason) {
  Ballot b;
  b.abstained = true;
  b.abstain_reason = std::move(reason);
  return b;
}

const std::vector<std::string> k_ids3{"v0", "v1", "v2"};
const std::vector<std::string> k_ids4{"v0", "v1", "v2", "v3"};

VotingPolicy policy(Strategy strategy) {
  VotingPolicy p;
  p.strategy = strategy;
  return p;
}

TEST(Voting, MajorityKeepsClustersMoreThanHalfAgreeOn) {
  std::vector<Ballot> ballots{answer({at(12, 12), at(40, 40, "CWE-89")}), answer({at(13, 14)}), answer({at(12, 12)})};
  VoteOutcome out = vote(ballots, k_ids3, policy(Strategy::majority));
  ASSERT_EQ(out.findings.size(), 1u);
  const VotedFinding& f = out.findings[0];
  EXPECT_EQ(f.finding.category, "CWE-78");
  EXPECT_EQ(f.votes, 3);
  EXPECT_EQ(f.voters, 3);
  EXPECT_DOUBLE_EQ(f.confidence, 1.0);
  EXPECT_EQ(f.status, FindingStatus::confirmed);
  EXPECT_EQ(f.voter_ids, (std::vector<std::string>{"v0", "v1", "v2"}));
  EXPECT_EQ(out.clusters, 2);
  EXPECT_EQ(out.rejected, 1);  // CWE-89: 1 of 3
  EXPECT_FALSE(out.degraded);
}

TEST(Voting, MajorityTieIsNotAMajority) {
  std::vector<Ballot> ballots{answer({at(5, 5)}), answer({at(5, 5)}), answer({}), answer({})};
  EXPECT_TRUE(vote(ballots, k_ids4, policy(Strategy::majority)).findings.empty());
  ballots[2] = answer({at(5, 6)});
  VoteOutcome out = vote(ballots, k_ids4, policy(Strategy::majority));
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_DOUBLE_EQ(out.findings[0].confidence, 0.75);
}

TEST(Voting, MajorityCountsOnlyVotersThatAnswered) {
  // 2 of 3 answer; 1 of 2 is a tie (dropped), 2 of 2 is kept.
  std::vector<Ballot> ballots{answer({at(5, 5)}), abstain("timeout"), answer({})};
  EXPECT_TRUE(vote(ballots, k_ids3, policy(Strategy::majority)).findings.empty());
  ballots[2] = answer({at(5, 5)});
  VoteOutcome out = vote(ballots, k_ids3, policy(Strategy::majority));
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_EQ(out.findings[0].votes, 2);
  EXPECT_EQ(out.findings[0].voters, 2);
  EXPECT_DOUBLE_EQ(out.findings[0].confidence, 1.0);
  EXPECT_EQ(out.findings[0].voter_ids, (std::vector<std::string>{"v0", "v2"}));
}

TEST(Voting, UnanimousConfirmsOnlyFullAgreement) {
  std::vector<Ballot> ballots{answer({at(5, 5), at(30, 30, "CWE-89")}), answer({at(5, 5), at(30, 30, "CWE-89")}),
                              answer({at(5, 5)})};
  VoteOutcome out = vote(ballots, k_ids3, policy(Strategy::unanimous));
  ASSERT_EQ(out.findings.size(), 2u);
  EXPECT_EQ(out.findings[0].finding.start_line, 5);
  EXPECT_EQ(out.findings[0].status, FindingStatus::confirmed);
  EXPECT_EQ(out.findings[1].finding.start_line, 30);
  EXPECT_EQ(out.findings[1].status, FindingStatus::needs_review);
  EXPECT_NEAR(out.findings[1].confidence, 2.0 / 3, 1e-12);
}

TEST(Voting, WeightedNeedsMoreThanHalfTheAnsweringWeight) {
  VotingPolicy p = policy(Strategy::weighted);
  p.weights = {2, 1, 1};
  // Voter 0 alone: 2 of 4 is exactly half, not more.
  std::vector<Ballot> ballots{answer({at(5, 5)}), answer({}), answer({})};
  EXPECT_TRUE(vote(ballots, k_ids3, p).findings.empty());
  // Voters 1 and 2: 2 of 4, dropped although they are the majority by count.
  ballots = {answer({}), answer({at(5, 5)}), answer({at(5, 5)})};
  EXPECT_TRUE(vote(ballots, k_ids3, p).findings.empty());
  // Voters 0 and 1: 3 of 4.
  ballots = {answer({at(5, 5)}), answer({at(5, 5)}), answer({})};
  VoteOutcome out = vote(ballots, k_ids3, p);
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_DOUBLE_EQ(out.findings[0].confidence, 0.75);
  EXPECT_EQ(out.findings[0].status, FindingStatus::confirmed);
  // Heavy voter abstains: 2 of the remaining weight 2 agree.
  ballots = {abstain("HTTP 500"), answer({at(5, 5)}), answer({at(5, 5)})};
  out = vote(ballots, k_ids3, p);
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_DOUBLE_EQ(out.findings[0].confidence, 1.0);
}

TEST(Voting, WeightedToleratesFloatingPointSums) {
  VotingPolicy p = policy(Strategy::weighted);
  p.weights = {0.1, 0.2, 0.3};
  // 0.1 + 0.2 is half of 0.6 (not more) despite 0.1 + 0.2 > 0.3 in binary floating point.
  std::vector<Ballot> ballots{answer({at(5, 5)}), answer({at(5, 5)}), answer({})};
  EXPECT_TRUE(vote(ballots, k_ids3, p).findings.empty());
}

TEST(Voting, ThresholdMarksLowAgreementForReview) {
  VotingPolicy p = policy(Strategy::threshold);
  p.threshold = 0.7;
  std::vector<Ballot> ballots{answer({at(5, 5), at(20, 20)}), answer({at(5, 5)}), answer({at(5, 5), at(20, 21)})};
  VoteOutcome out = vote(ballots, k_ids3, p);
  ASSERT_EQ(out.findings.size(), 2u);
  EXPECT_EQ(out.findings[0].status, FindingStatus::confirmed);     // 3/3
  EXPECT_EQ(out.findings[1].status, FindingStatus::needs_review);  // 2/3 < 0.7
  p.threshold = 2.0 / 3;  // the boundary is inclusive
  out = vote(ballots, k_ids3, p);
  EXPECT_EQ(out.findings[1].status, FindingStatus::confirmed);
}

TEST(Voting, UnionKeepsEverythingWithAgreementAsConfidence) {
  std::vector<Ballot> ballots{answer({at(5, 5)}), answer({at(50, 50, "CWE-89")}), answer({at(5, 5)})};
  VoteOutcome out = vote(ballots, k_ids3, policy(Strategy::union_));
  ASSERT_EQ(out.findings.size(), 2u);
  EXPECT_NEAR(out.findings[0].confidence, 2.0 / 3, 1e-12);
  EXPECT_NEAR(out.findings[1].confidence, 1.0 / 3, 1e-12);
  EXPECT_EQ(out.findings[1].status, FindingStatus::confirmed);
  EXPECT_EQ(out.rejected, 0);
}

TEST(Voting, AVoterCountsOncePerCluster) {
  // Voter 0 reports the same problem three times; alone it is still one vote of three.
  std::vector<Ballot> ballots{answer({at(5, 5), at(5, 5), at(6, 6)}), answer({}), answer({})};
  EXPECT_TRUE(vote(ballots, k_ids3, policy(Strategy::majority)).findings.empty());
  VoteOutcome out = vote(ballots, k_ids3, policy(Strategy::union_));
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_EQ(out.findings[0].votes, 1);
  EXPECT_EQ(out.findings[0].voter_ids, std::vector<std::string>{"v0"});
}

TEST(Voting, ClustersBySameCategoryAndNearbyLines) {
  auto clusters = [](std::vector<Ballot> ballots, int tolerance) {
    VotingPolicy p = policy(Strategy::union_);
    p.line_tolerance = tolerance;
    return vote(ballots, k_ids3, p).findings.size();
  };
  EXPECT_EQ(clusters({answer({at(10, 10)}), answer({at(11, 11)}), answer({})}, 1), 1u);
  EXPECT_EQ(clusters({answer({at(10, 10)}), answer({at(12, 12)}), answer({})}, 1), 2u);
  EXPECT_EQ(clusters({answer({at(10, 10)}), answer({at(12, 12)}), answer({})}, 2), 1u);
  EXPECT_EQ(clusters({answer({at(10, 10)}), answer({at(11, 11)}), answer({})}, 0), 2u);
  EXPECT_EQ(clusters({answer({at(10, 20)}), answer({at(15, 15)}), answer({})}, 0), 1u);  // overlap
  EXPECT_EQ(clusters({answer({at(10, 10)}), answer({at(10, 10, "CWE-89")}), answer({})}, 1), 2u);
  Finding elsewhere = at(10, 10);
  elsewhere.path = "other.py";
  EXPECT_EQ(clusters({answer({at(10, 10)}), answer({elsewhere}), answer({})}, 1), 2u);
}

TEST(Voting, RepresentativeComesFromTheHeaviestVoterThenTheLowestIndex) {
  std::vector<Ballot> ballots{answer({at(5, 5, "CWE-78", "from v0", Severity::low)}),
                              answer({at(5, 6, "CWE-78", "from v1", Severity::critical)}),
                              answer({at(5, 5, "CWE-78", "from v2", Severity::high)})};
  VoteOutcome out = vote(ballots, k_ids3, policy(Strategy::majority));
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_EQ(out.findings[0].finding.message, "from v0");  // equal weights: lowest index
  EXPECT_EQ(out.findings[0].finding.voter, "v0");
  EXPECT_EQ(out.findings[0].finding.severity, Severity::low);  // the representative's
  VotingPolicy p = policy(Strategy::majority);
  p.weights = {1, 1, 3};
  out = vote(ballots, k_ids3, p);
  EXPECT_EQ(out.findings[0].finding.message, "from v2");
  EXPECT_EQ(out.findings[0].finding.voter, "v2");
  p.weights = {1, 3, 3};
  out = vote(ballots, k_ids3, p);
  EXPECT_EQ(out.findings[0].finding.message, "from v1");
  EXPECT_EQ(out.findings[0].finding.end_line, 6);
}

TEST(Voting, BelowQuorumIsDegradedAndNeverConfirmed) {
  std::vector<Ballot> ballots{abstain("timeout"), answer({at(5, 5)}), abstain("HTTP 500")};
  VoteOutcome out = vote(ballots, k_ids3, policy(Strategy::majority));
  EXPECT_TRUE(out.degraded);
  EXPECT_EQ(out.degraded_reason, "1 of 3 voters answered (quorum 2): v0: timeout; v2: HTTP 500");
  ASSERT_EQ(out.findings.size(), 1u);  // shown, but only for review
  EXPECT_EQ(out.findings[0].status, FindingStatus::needs_review);
  EXPECT_EQ(out.answered, 1);

  std::vector<Ballot> none{abstain("timeout"), abstain("timeout"), abstain("timeout")};
  out = vote(none, k_ids3, policy(Strategy::union_));
  EXPECT_TRUE(out.degraded);
  EXPECT_TRUE(out.findings.empty());
  EXPECT_EQ(out.answered, 0);

  // Exactly at quorum is fine.
  ballots[0] = answer({});
  EXPECT_FALSE(vote(ballots, k_ids3, policy(Strategy::majority)).degraded);
}

TEST(Voting, QuorumIsCappedByTheNumberOfVoters) {
  std::vector<Ballot> one{answer({at(5, 5)})};
  std::vector<std::string> id{"solo"};
  VoteOutcome out = vote(one, id, policy(Strategy::majority));
  EXPECT_FALSE(out.degraded);
  ASSERT_EQ(out.findings.size(), 1u);
  EXPECT_EQ(out.findings[0].status, FindingStatus::confirmed);
}

TEST(Voting, ResultDoesNotDependOnFindingOrder) {
  std::vector<Ballot> a{answer({at(5, 5, "CWE-78", "x"), at(9, 9, "CWE-89", "y"), at(30, 31)}),
                        answer({at(30, 30), at(5, 6, "CWE-78", "z")}), answer({at(9, 9, "CWE-89", "w")})};
  std::vector<Ballot> b = a;
  for (Ballot& ballot : b) std::reverse(ballot.findings.begin(), ballot.findings.end());
  VoteOutcome x = vote(a, k_ids3, policy(Strategy::union_));
  VoteOutcome y = vote(b, k_ids3, policy(Strategy::union_));
  ASSERT_EQ(x.findings.size(), y.findings.size());
  for (size_t i = 0; i < x.findings.size(); ++i) {
    EXPECT_EQ(x.findings[i].finding.message, y.findings[i].finding.message);
    EXPECT_EQ(x.findings[i].finding.start_line, y.findings[i].finding.start_line);
    EXPECT_EQ(x.findings[i].voter_ids, y.findings[i].voter_ids);
  }
}

}  // namespace
}  // namespace review
