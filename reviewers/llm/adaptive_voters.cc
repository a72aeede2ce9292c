// Adaptive group: per chunk, an Entry collects the first two ballots' findings and parks
// the deferred voters' submits; whichever event completes the picture (second ballot, or a
// late deferred submit) releases the parked work, outside the lock.
#include "reviewers/llm/adaptive_voters.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace review {

bool findings_agree(const std::vector<Finding>& a, const std::vector<Finding>& b, int line_tolerance) {
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size(), false);
  for (const auto& fa : a) {
    bool matched = false;
    for (size_t j = 0; j < b.size() && !matched; ++j) {
      const auto& fb = b[j];
      if (used[j] || fa.category != fb.category) continue;
      bool overlap = fa.start_line <= fb.end_line + line_tolerance && fb.start_line <= fa.end_line + line_tolerance;
      if (overlap) used[j] = matched = true;
    }
    if (!matched) return false;
  }
  return true;
}

namespace {

enum class Decision { pending, agree, escalate };

struct Parked {
  Voter* inner;
  VoteRequest request;
  BallotCallback done;
};

class Group {
 public:
  Group(std::vector<std::unique_ptr<Voter>> voters, int tolerance, std::shared_ptr<AdaptiveStats> stats)
      : m_voters(std::move(voters)), m_tolerance(tolerance), m_stats(std::move(stats)) {}

  Voter& inner(size_t i) { return *m_voters[i]; }
  size_t size() const { return m_voters.size(); }

  // A first-stage voter (index 0 or 1) answered on `chunk`.
  void record(const Chunk* chunk, size_t index, const Ballot& ballot) {
    std::vector<Parked> release;
    Decision decision;
    {
      std::lock_guard lock(m_mutex);
      Entry& e = m_entries[chunk];
      e.first[index] = ballot.abstained ? std::nullopt : std::optional(ballot.findings);
      e.answered[index] = true;
      if (!e.answered[0] || !e.answered[1]) return;
      bool agree = e.first[0] && e.first[1] && findings_agree(*e.first[0], *e.first[1], m_tolerance);
      e.decision = decision = agree ? Decision::agree : Decision::escalate;
      if (m_stats) (agree ? m_stats->decided_early : m_stats->escalated).fetch_add(1);
      release = std::move(e.parked);
      e.parked.clear();
      e.handled += static_cast<int>(release.size());
      forget_if_done(chunk, e);
    }
    for (auto& p : release) run(decision, std::move(p));
  }

  // A deferred voter was submitted on `request.chunk`.
  void defer(Parked parked) {
    Decision decision;
    {
      std::lock_guard lock(m_mutex);
      Entry& e = m_entries[parked.request.chunk];
      if (e.decision == Decision::pending) {
        e.parked.push_back(std::move(parked));
        return;
      }
      decision = e.decision;
      ++e.handled;
      forget_if_done(parked.request.chunk, e);
    }
    run(decision, std::move(parked));
  }

 private:
  struct Entry {
    std::optional<std::vector<Finding>> first[2];
    bool answered[2] = {false, false};
    Decision decision = Decision::pending;
    std::vector<Parked> parked;
    int handled = 0;  // deferred submits released so far
  };

  void forget_if_done(const Chunk* chunk, const Entry& e) {
    if (e.decision != Decision::pending && e.handled == static_cast<int>(m_voters.size()) - 2) m_entries.erase(chunk);
  }

  void run(Decision decision, Parked p) {
    if (decision == Decision::agree) {
      if (m_stats) m_stats->calls_saved.fetch_add(1);
      Ballot skip;
      skip.abstained = true;
      skip.abstain_reason = std::string(k_adaptive_skip_reason);
      p.done(std::move(skip));
      return;
    }
    p.inner->submit(p.request, std::move(p.done));
  }

  std::vector<std::unique_ptr<Voter>> m_voters;
  int m_tolerance;
  std::shared_ptr<AdaptiveStats> m_stats;
  std::mutex m_mutex;
  std::unordered_map<const Chunk*, Entry> m_entries;
};

class AdaptiveVoter final : public Voter {
 public:
  AdaptiveVoter(std::shared_ptr<Group> group, size_t index) : m_group(std::move(group)), m_index(index) {}
  std::string_view id() const override { return m_group->inner(m_index).id(); }
  /// A deferred voter answers when the first two have, possibly after its submit returned:
  /// to the engine it is asynchronous (VoterKind::llm) whatever it wraps.
  VoterKind kind() const override { return m_index >= 2 ? VoterKind::llm : m_group->inner(m_index).kind(); }

  void submit(const VoteRequest& request, BallotCallback done) override {
    Voter& inner = m_group->inner(m_index);
    if (m_index >= 2) {
      m_group->defer({&inner, request, std::move(done)});
      return;
    }
    inner.submit(request, [group = m_group, index = m_index, chunk = request.chunk,
                           done = std::move(done)](Ballot ballot) {
      group->record(chunk, index, ballot);
      done(std::move(ballot));
    });
  }

 private:
  std::shared_ptr<Group> m_group;
  size_t m_index;
};

}  // namespace

std::vector<std::unique_ptr<Voter>> make_adaptive_voters(std::vector<std::unique_ptr<Voter>> voters,
                                                         int line_tolerance, std::shared_ptr<AdaptiveStats> stats) {
  if (voters.size() < 3) return voters;
  size_t n = voters.size();
  auto group = std::make_shared<Group>(std::move(voters), line_tolerance, std::move(stats));
  std::vector<std::unique_ptr<Voter>> wrapped;
  for (size_t i = 0; i < n; ++i) wrapped.push_back(std::make_unique<AdaptiveVoter>(group, i));
  return wrapped;
}

}  // namespace review
