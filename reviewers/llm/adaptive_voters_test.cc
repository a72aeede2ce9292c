// Adaptive voting with scripted voters (the Voter interface is our own seam): the third
// voter runs only when the first two disagree or one abstains, in either arrival order.
#include "reviewers/llm/adaptive_voters.h"

#include <gtest/gtest.h>

#include <functional>
#include <mutex>

namespace review {
namespace {

Finding at(std::string category, int line) {
  Finding f;
  f.category = std::move(category);
  f.start_line = f.end_line = line;
  return f;
}

// Answers with fixed findings; synchronously, or later when release() is called.
class ScriptedVoter final : public Voter {
 public:
  ScriptedVoter(std::string id, std::vector<Finding> findings, bool abstain = false, bool hold = false)
      : m_id(std::move(id)), m_findings(std::move(findings)), m_abstain(abstain), m_hold(hold) {}
  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::builtin; }
  void submit(const VoteRequest&, BallotCallback done) override {
    ++submits;
    Ballot b;
    b.abstained = m_abstain;
    if (m_abstain) b.abstain_reason = "timeout";
    else b.findings = m_findings;
    if (m_hold) held.push_back([done, b] { done(b); });
    else done(b);
  }
  void release() {
    auto h = std::move(held);
    held.clear();
    for (auto& f : h) f();
  }
  int submits = 0;
  std::vector<std::function<void()>> held;

 private:
  std::string m_id;
  std::vector<Finding> m_findings;
  bool m_abstain, m_hold;
};

struct Outcome {
  std::vector<Ballot> ballots{3};
  int done = 0;
};

// Submits voters in `order` on one chunk and collects ballots by voter index.
void submit_all(std::vector<std::unique_ptr<Voter>>& voters, const Chunk& chunk, Outcome& run,
                std::vector<int> order = {0, 1, 2}) {
  static const ReviewerInfo reviewer{"style", {"naming"}};
  for (int i : order) {
    VoteRequest request{&chunk, nullptr, &reviewer, i};
    voters[static_cast<size_t>(i)]->submit(request, [&run, i](Ballot b) {
      run.ballots[static_cast<size_t>(i)] = std::move(b);
      ++run.done;
    });
  }
}

struct Group {
  ScriptedVoter *a, *b, *c;
  std::vector<std::unique_ptr<Voter>> voters;
  std::shared_ptr<AdaptiveStats> stats = std::make_shared<AdaptiveStats>();
  Group(std::vector<Finding> fa, std::vector<Finding> fb, bool abstain_b = false, bool hold = false) {
    std::vector<std::unique_ptr<Voter>> inner;
    inner.push_back(std::make_unique<ScriptedVoter>("style.a", fa, false, hold));
    inner.push_back(std::make_unique<ScriptedVoter>("style.b", fb, abstain_b, hold));
    inner.push_back(std::make_unique<ScriptedVoter>("style.c", std::vector<Finding>{at("naming", 1)}));
    a = static_cast<ScriptedVoter*>(inner[0].get());
    b = static_cast<ScriptedVoter*>(inner[1].get());
    c = static_cast<ScriptedVoter*>(inner[2].get());
    voters = make_adaptive_voters(std::move(inner), 1, stats);
  }
};

TEST(AdaptiveVoters, AgreementSkipsTheThirdVoter) {
  Group g({at("naming", 5)}, {at("naming", 6)});
  Chunk chunk;
  Outcome run;
  submit_all(g.voters, chunk, run);
  EXPECT_EQ(run.done, 3);
  EXPECT_EQ(g.c->submits, 0);
  EXPECT_TRUE(run.ballots[2].abstained);
  EXPECT_EQ(run.ballots[2].abstain_reason, k_adaptive_skip_reason);
  EXPECT_EQ(run.ballots[0].findings.size(), 1u);
  EXPECT_EQ(g.stats->calls_saved, 1);
  EXPECT_EQ(g.stats->decided_early, 1);
  EXPECT_EQ(g.voters[2]->id(), "style.c");
  EXPECT_EQ(g.voters[0]->kind(), VoterKind::builtin);
  EXPECT_EQ(g.voters[2]->kind(), VoterKind::llm);  // may answer after submit returned
}

TEST(AdaptiveVoters, DisagreementOrAbstentionAsksTheThird) {
  {
    Group g({at("naming", 5)}, {at("todo", 5)});
    Chunk chunk;
    Outcome run;
    submit_all(g.voters, chunk, run);
    EXPECT_EQ(g.c->submits, 1);
    EXPECT_EQ(run.ballots[2].findings.size(), 1u);
    EXPECT_EQ(g.stats->escalated, 1);
  }
  {
    Group g({}, {}, /*abstain_b=*/true);
    Chunk chunk;
    Outcome run;
    submit_all(g.voters, chunk, run);
    EXPECT_EQ(g.c->submits, 1);
    EXPECT_FALSE(run.ballots[2].abstained);
  }
}

TEST(AdaptiveVoters, DeferredSubmitBeforeTheFirstAnswersIsParked) {
  Group g({}, {}, false, /*hold=*/true);
  Chunk chunk1, chunk2;
  Outcome run1, run2;
  submit_all(g.voters, chunk1, run1, {2, 0, 1});
  submit_all(g.voters, chunk2, run2, {0, 1, 2});
  EXPECT_EQ(run1.done + run2.done, 0);
  g.a->release();
  EXPECT_EQ(run1.done, 1);
  g.b->release();
  EXPECT_EQ(run1.done, 3);
  EXPECT_EQ(run2.done, 3);
  EXPECT_EQ(g.c->submits, 0);  // both agreed (no findings) on both chunks
  EXPECT_EQ(g.stats->calls_saved, 2);
}

TEST(AdaptiveVoters, FindingsAgreeIsOneToOne) {
  EXPECT_TRUE(findings_agree({}, {}, 1));
  EXPECT_TRUE(findings_agree({at("a", 3), at("b", 9)}, {at("b", 10), at("a", 2)}, 1));
  EXPECT_FALSE(findings_agree({at("a", 3), at("a", 3)}, {at("a", 3), at("b", 3)}, 1));
  EXPECT_FALSE(findings_agree({at("a", 3)}, {at("a", 6)}, 1));
  EXPECT_FALSE(findings_agree({at("a", 3)}, {}, 1));
}

TEST(AdaptiveVoters, FewerThanThreeVotersAreUnchanged) {
  std::vector<std::unique_ptr<Voter>> two;
  two.push_back(std::make_unique<ScriptedVoter>("x", std::vector<Finding>{}));
  two.push_back(std::make_unique<ScriptedVoter>("y", std::vector<Finding>{}));
  Voter* first = two[0].get();
  auto out = make_adaptive_voters(std::move(two));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].get(), first);
}

}  // namespace
}  // namespace review
