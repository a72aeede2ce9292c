// The engine with fake voters (our own seam): synchronous, asynchronous from other threads
// (like the LLM I/O thread), throwing, silent, late; determinism across --jobs; deadline;
// progress; and a stress run meant for the tsan preset.
#include "reviewers/engine.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <oneapi/tbb/global_control.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include "reviewers/taxonomy.h"

namespace review {
namespace {

using Script = std::function<Ballot(const VoteRequest&)>;

// Answers on the calling TBB worker, before submit returns (like built-in voters).
class ScriptedVoter final : public Voter {
 public:
  ScriptedVoter(std::string id, Script script) : m_id(std::move(id)), m_script(std::move(script)) {}
  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::builtin; }
  void submit(const VoteRequest& request, BallotCallback done) override { done(m_script(request)); }

 private:
  std::string m_id;
  Script m_script;
};

// Fake I/O threads: jobs run on several std::threads after a small random pause, so
// completions arrive in an order that changes from run to run.
class FakeIo {
 public:
  explicit FakeIo(int threads) {
    for (int i = 0; i < threads; ++i)
      m_threads.emplace_back([this, i] {
        std::minstd_rand random(static_cast<unsigned>(i) + 1);
        for (;;) {
          std::function<void()> job;
          {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_jobs.empty()) return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
          }
          if (random() % 4 == 0) std::this_thread::sleep_for(std::chrono::microseconds(random() % 200));
          job();
        }
      });
  }
  ~FakeIo() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_cv.notify_all();
    for (std::thread& t : m_threads) t.join();
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(m_mutex);
      m_jobs.push_back(std::move(job));
    }
    m_cv.notify_one();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::function<void()>> m_jobs;
  bool m_stop = false;
  std::vector<std::thread> m_threads;
};

// Returns from submit at once and answers later from a FakeIo thread (like LLM voters).
class AsyncVoter final : public Voter {
 public:
  AsyncVoter(std::string id, Script script, FakeIo& io) : m_id(std::move(id)), m_script(std::move(script)), m_io(io) {}
  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::llm; }
  void submit(const VoteRequest& request, BallotCallback done) override {
    Ballot ballot = m_script(request);  // copies what it needs now, as the contract asks
    m_io.post([ballot = std::move(ballot), done = std::move(done)]() mutable { done(std::move(ballot)); });
  }

 private:
  std::string m_id;
  Script m_script;
  FakeIo& m_io;
};

class ThrowingVoter final : public Voter {
 public:
  explicit ThrowingVoter(std::string id) : m_id(std::move(id)) {}
  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::builtin; }
  void submit(const VoteRequest&, BallotCallback) override { throw std::runtime_error("boom"); }

 private:
  std::string m_id;
};

// A CPU voter that (wrongly) returns without answering.
class SilentVoter final : public Voter {
 public:
  std::string_view id() const override { return "silent"; }
  VoterKind kind() const override { return VoterKind::builtin; }
  void submit(const VoteRequest&, BallotCallback) override {}
};

// An I/O voter that holds every callback until release() — after the run's deadline.
class HeldVoter final : public Voter {
 public:
  explicit HeldVoter(std::string id) : m_id(std::move(id)) {}
  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::llm; }
  void submit(const VoteRequest&, BallotCallback done) override {
    std::lock_guard lock(m_mutex);
    m_held.push_back(std::move(done));
  }
  void release() {
    std::vector<BallotCallback> held;
    {
      std::lock_guard lock(m_mutex);
      held.swap(m_held);
    }
    for (BallotCallback& done : held) done(Ballot{});
  }
  size_t held() {
    std::lock_guard lock(m_mutex);
    return m_held.size();
  }

 private:
  std::string m_id;
  std::mutex m_mutex;
  std::vector<BallotCallback> m_held;
};

// `files` files of `chunks_per_file` chunks of 10 lines each. Every line reads the same
// within a file except for its number modulo 7, so snippets repeat (occurrence indexes).
struct Fixture {
  Diff diff;
  std::vector<Chunk> chunks;
};

Fixture make_fixture(int files, int chunks_per_file) {
  Fixture fx;
  for (int f = 0; f < files; ++f) {
    FileDiff file;
    file.path = "src/f" + std::to_string(f) + ".py";
    file.language = "python";
    file.has_post_image = true;
    for (int line = 1; line <= chunks_per_file * 10; ++line)
      file.post_image += "    call_" + std::to_string(line % 7) + "(x)\n";
    for (int c = 0; c < chunks_per_file; ++c) {
      Chunk chunk;
      chunk.path = file.path;
      chunk.language = "python";
      chunk.start_line = c * 10 + 1;
      chunk.end_line = c * 10 + 10;
      for (int line = chunk.start_line; line <= chunk.end_line; ++line) chunk.changed_lines.push_back(line);
      fx.chunks.push_back(chunk);
    }
    fx.diff.files.push_back(std::move(file));
  }
  return fx;
}

Finding finding(const VoteRequest& request, int line, std::string category, std::string message) {
  Finding f;
  f.rule_id = request.reviewer->name + "." + category;
  f.category = std::move(category);
  f.severity = Severity::high;
  f.path = request.chunk->path;
  f.start_line = line;
  f.end_line = line;
  f.message = std::move(message);
  return f;
}

// Per chunk starting at s: all voters flag s+1 (confirmed), voters 0 and 1 flag s+9
// (confirmed 2 of 3), each voter flags its own line s+2+3v (1 of 3: rejected).
Script standard_script() {
  return [](const VoteRequest& request) {
    const std::string& a = request.reviewer->taxonomy[0];
    const std::string& b = request.reviewer->taxonomy[1];
    int s = request.chunk->start_line;
    int v = request.voter_index;
    Ballot ballot;
    ballot.calls = 1;
    ballot.findings.push_back(finding(request, s + 1, a, "all agree (voter " + std::to_string(v) + ")"));
    ballot.findings.push_back(finding(request, s + 2 + 3 * v, b, "alone"));
    if (v < 2) ballot.findings.push_back(finding(request, s + 9, a, "two agree"));
    return ballot;
  };
}

enum class Mode { sync, async, mixed };

std::vector<Reviewer> make_reviewers(Mode mode, FakeIo* io, const Script& script = standard_script()) {
  std::vector<Reviewer> reviewers;
  for (std::string_view name : default_reviewer_names()) {
    Reviewer& reviewer = reviewers.emplace_back();
    reviewer.info = default_reviewer_info(name);
    for (int v = 0; v < 3; ++v) {
      std::string id = std::string(name) + ".v" + std::to_string(v);
      bool async = mode == Mode::async || (mode == Mode::mixed && v != 0);
      if (async)
        reviewer.voters.push_back(std::make_unique<AsyncVoter>(id, script, *io));
      else
        reviewer.voters.push_back(std::make_unique<ScriptedVoter>(id, script));
    }
  }
  return reviewers;
}

std::string serialize(const EngineResult& result) {
  nlohmann::json j;
  j["findings"] = nlohmann::json::array();
  for (const VotedFinding& v : result.findings) {
    const Finding& f = v.finding;
    j["findings"].push_back({{"aspect", f.aspect}, {"rule_id", f.rule_id}, {"category", f.category},
                             {"severity", to_string(f.severity)}, {"path", f.path}, {"start_line", f.start_line},
                             {"end_line", f.end_line}, {"message", f.message}, {"voter", f.voter},
                             {"votes", v.votes}, {"voters", v.voters}, {"confidence", v.confidence},
                             {"status", to_string(v.status)}, {"voter_ids", v.voter_ids},
                             {"fingerprint", v.fingerprint}});
  }
  j["degraded"] = nlohmann::json::array();
  for (const DegradedEntry& d : result.degraded)
    j["degraded"].push_back({d.path, d.start_line, d.end_line, d.aspect, d.reason});
  const EngineCounters& c = result.counters;
  j["counters"] = {c.voter_calls, c.backend_calls, c.cache_hits, c.abstentions, c.tokens_in, c.tokens_out,
                   c.dropped, c.rejected_clusters};
  return j.dump();
}

EngineResult run(const Fixture& fx, std::vector<Reviewer>& reviewers, EngineOptions options = {},
                 ProgressSink* progress = nullptr) {
  return run_engine(fx.diff, fx.chunks, reviewers, options, progress);
}

TEST(Engine, VotesEveryReviewerOnEveryChunk) {
  Fixture fx = make_fixture(2, 3);
  std::vector<Reviewer> reviewers = make_reviewers(Mode::sync, nullptr);
  EngineResult result = run(fx, reviewers);
  // 6 chunks × 3 reviewers × 2 kept clusters.
  ASSERT_EQ(result.findings.size(), 36u);
  EXPECT_TRUE(result.degraded.empty());
  EXPECT_EQ(result.counters.voter_calls, 54);
  EXPECT_EQ(result.counters.backend_calls, 54);
  EXPECT_EQ(result.counters.rejected_clusters, 54);  // the "alone" findings
  const VotedFinding& first = result.findings[0];
  EXPECT_EQ(first.finding.path, "src/f0.py");
  EXPECT_EQ(first.finding.start_line, 2);
  EXPECT_EQ(first.finding.aspect, "performance");  // sorted by aspect within a line
  EXPECT_EQ(first.finding.voter, "performance.v0");
  EXPECT_EQ(first.finding.message, "all agree (voter 0)");
  EXPECT_EQ(first.votes, 3);
  EXPECT_EQ(first.voter_ids, (std::vector<std::string>{"performance.v0", "performance.v1", "performance.v2"}));
  EXPECT_EQ(first.fingerprint.size(), 16u);
  // Same lines flagged by three reviewers stay three findings, next to each other.
  EXPECT_EQ(result.findings[1].finding.aspect, "security");
  EXPECT_EQ(result.findings[2].finding.aspect, "style");
  EXPECT_EQ(result.findings[2].finding.start_line, 2);
  EXPECT_NE(result.findings[0].fingerprint, result.findings[1].fingerprint);
  for (size_t i = 1; i < result.findings.size(); ++i) {
    const Finding& a = result.findings[i - 1].finding;
    const Finding& b = result.findings[i].finding;
    EXPECT_LE(std::tie(a.path, a.start_line, a.aspect), std::tie(b.path, b.start_line, b.aspect));
  }
}

// Records its prepare call and checks that every submit comes after it.
class PreparingVoter final : public Voter {
 public:
  explicit PreparingVoter(std::string id) : m_id(std::move(id)) {}
  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::builtin; }
  void prepare(std::span<const VoteRequest> requests) override {
    std::lock_guard lock(m_mutex);
    ++prepares;
    for (const VoteRequest& r : requests) prepared.push_back(r.chunk);
  }
  void submit(const VoteRequest& request, BallotCallback done) override {
    {
      std::lock_guard lock(m_mutex);
      if (prepares == 0) ++unprepared_submits;
      submitted.push_back(request.chunk);
    }
    done(Ballot{});
  }

  std::mutex m_mutex;
  int prepares = 0;
  int unprepared_submits = 0;
  std::vector<const Chunk*> prepared, submitted;

 private:
  std::string m_id;
};

TEST(Engine, EachVoterIsPreparedOnceWithAllItsRequestsBeforeItsFirstSubmit) {
  Fixture fx = make_fixture(3, 4);
  tbb::global_control jobs(tbb::global_control::max_allowed_parallelism, 2);
  std::vector<Reviewer> reviewers;
  std::vector<PreparingVoter*> voters;
  for (std::string_view name : default_reviewer_names()) {
    Reviewer& reviewer = reviewers.emplace_back();
    reviewer.info = default_reviewer_info(name);
    for (int v = 0; v < 3; ++v) {
      auto voter = std::make_unique<PreparingVoter>(std::string(name) + ".v" + std::to_string(v));
      voters.push_back(voter.get());
      reviewer.voters.push_back(std::move(voter));
    }
  }
  run(fx, reviewers);
  std::vector<const Chunk*> plan;
  for (const Chunk& c : fx.chunks) plan.push_back(&c);
  for (PreparingVoter* v : voters) {
    EXPECT_EQ(v->prepares, 1) << v->id();
    EXPECT_EQ(v->unprepared_submits, 0) << v->id();
    EXPECT_EQ(v->prepared, plan) << v->id();  // every chunk, in plan order
    std::vector<const Chunk*> submitted = v->submitted;
    std::ranges::sort(submitted);
    std::vector<const Chunk*> expected = plan;
    std::ranges::sort(expected);
    EXPECT_EQ(submitted, expected) << v->id();
  }
}

TEST(Engine, OutputIsByteIdenticalForAnyNumberOfJobs) {
  Fixture fx = make_fixture(20, 10);
  FakeIo io(4);
  // Deterministic trouble: some voters abstain, some throw, on fixed chunks.
  Script script = [base = standard_script()](const VoteRequest& request) {
    int chunk_number = request.chunk->start_line / 10 + static_cast<int>(request.chunk->path.size());
    if (request.voter_index == 2 && chunk_number % 3 == 0) {
      Ballot b;
      b.abstained = true;
      b.abstain_reason = "HTTP 500";
      return b;
    }
    if (request.voter_index == 1 && chunk_number % 5 == 0) throw std::runtime_error("parse error");
    Ballot ballot = base(request);
    ballot.cache_hit = chunk_number % 4 == 0;
    ballot.tokens = {100, 10};
    return ballot;
  };
  std::vector<Reviewer> reviewers = make_reviewers(Mode::mixed, &io, script);
  std::string one, eight;
  {
    tbb::global_control jobs(tbb::global_control::max_allowed_parallelism, 1);
    one = serialize(run(fx, reviewers));
  }
  {
    tbb::global_control jobs(tbb::global_control::max_allowed_parallelism, 8);
    eight = serialize(run(fx, reviewers));
  }
  EXPECT_EQ(one, eight);
  EXPECT_NE(one.find("needs_review"), std::string::npos);  // the run had degraded slots
  EXPECT_NE(one.find("voter failed: parse error"), std::string::npos);
  // And the same again (completion order differs between runs).
  EXPECT_EQ(serialize(run(fx, reviewers)), one);
}

TEST(Engine, AThrowingVoterAbstainsAndTheOthersStillVote) {
  Fixture fx = make_fixture(1, 1);
  std::vector<Reviewer> reviewers(1);
  reviewers[0].info = default_reviewer_info("security");
  reviewers[0].voters.push_back(std::make_unique<ThrowingVoter>("security.throws"));
  reviewers[0].voters.push_back(std::make_unique<ScriptedVoter>("security.a", standard_script()));
  reviewers[0].voters.push_back(std::make_unique<ScriptedVoter>("security.b", standard_script()));
  EngineResult result = run(fx, reviewers);
  EXPECT_TRUE(result.degraded.empty());
  EXPECT_EQ(result.counters.abstentions, 1);
  // Voters a and b have indexes 1 and 2: both flag s+1 (2 of 2); only index 1 flags s+9.
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].votes, 2);
  EXPECT_EQ(result.findings[0].voters, 2);
  EXPECT_EQ(result.findings[0].status, FindingStatus::confirmed);
}

TEST(Engine, BelowQuorumIsReportedAsDegraded) {
  Fixture fx = make_fixture(1, 2);
  std::vector<Reviewer> reviewers(1);
  reviewers[0].info = default_reviewer_info("style");
  reviewers[0].voters.push_back(std::make_unique<ThrowingVoter>("style.throws"));
  reviewers[0].voters.push_back(std::make_unique<SilentVoter>());
  reviewers[0].voters.push_back(std::make_unique<ScriptedVoter>("style.ok", standard_script()));
  EngineResult result = run(fx, reviewers);
  ASSERT_EQ(result.degraded.size(), 2u);
  const DegradedEntry& d = result.degraded[0];
  EXPECT_EQ(d.path, "src/f0.py");
  EXPECT_EQ(d.start_line, 1);
  EXPECT_EQ(d.end_line, 10);
  EXPECT_EQ(d.aspect, "style");
  EXPECT_EQ(d.reason,
            "1 of 3 voters answered (quorum 2): style.throws: voter failed: boom; "
            "silent: voter returned without an answer");
  EXPECT_EQ(result.degraded[1].start_line, 11);
  // The one answer is still shown, for review only.
  ASSERT_FALSE(result.findings.empty());
  for (const VotedFinding& f : result.findings) EXPECT_EQ(f.status, FindingStatus::needs_review);
}

TEST(Engine, DropsFindingsOutsideTheChunkPathOrTaxonomy) {
  Fixture fx = make_fixture(1, 1);
  Script script = [](const VoteRequest& request) {
    Ballot ballot;
    ballot.findings.push_back(finding(request, 3, "CWE-78", "kept"));
    ballot.findings.push_back(finding(request, 30, "CWE-78", "outside the chunk"));
    ballot.findings.push_back(finding(request, 4, "not-a-category", "outside the taxonomy"));
    Finding other = finding(request, 5, "CWE-78", "other file");
    other.path = "elsewhere.py";
    ballot.findings.push_back(other);
    Finding no_path = finding(request, 7, "CWE-89", "path filled in");
    no_path.path.clear();
    no_path.aspect = "wrong";
    ballot.findings.push_back(no_path);
    ballot.dropped = 2;  // the voter's own rejections count too
    return ballot;
  };
  std::vector<Reviewer> reviewers(1);
  reviewers[0].info = default_reviewer_info("security");
  for (int v = 0; v < 2; ++v)
    reviewers[0].voters.push_back(std::make_unique<ScriptedVoter>("security.v" + std::to_string(v), script));
  EngineResult result = run(fx, reviewers);
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].finding.message, "kept");
  EXPECT_EQ(result.findings[1].finding.message, "path filled in");
  EXPECT_EQ(result.findings[1].finding.path, "src/f0.py");
  EXPECT_EQ(result.findings[1].finding.aspect, "security");
  EXPECT_EQ(result.counters.dropped, 2 * 3 + 2 * 2);
}

TEST(Engine, CustomReviewerWithItsOwnTaxonomyAndStrategy) {
  Fixture fx = make_fixture(1, 1);
  std::vector<Reviewer> reviewers(1);
  reviewers[0].info = ReviewerInfo{"licensing", {"gpl-header", "missing-spdx"}};
  reviewers[0].policy.strategy = Strategy::union_;
  for (int v = 0; v < 3; ++v)
    reviewers[0].voters.push_back(std::make_unique<ScriptedVoter>("lic.v" + std::to_string(v), standard_script()));
  ASSERT_TRUE(validate_reviewer(reviewers[0]).has_value());
  EngineResult result = run(fx, reviewers);
  // Union keeps the three lone findings too: 2 + 3.
  ASSERT_EQ(result.findings.size(), 5u);
  EXPECT_EQ(result.findings[0].finding.aspect, "licensing");
  EXPECT_EQ(result.findings[0].finding.category, "gpl-header");
}

TEST(Engine, PendingVotersAbstainAtTheDeadline) {
  Fixture fx = make_fixture(2, 2);
  std::vector<Reviewer> reviewers(1);
  reviewers[0].info = default_reviewer_info("security");
  reviewers[0].voters.push_back(std::make_unique<ScriptedVoter>("security.fast", standard_script()));
  auto* held1 = new HeldVoter("security.slow-1");
  auto* held2 = new HeldVoter("security.slow-2");
  reviewers[0].voters.emplace_back(held1);
  reviewers[0].voters.emplace_back(held2);
  EngineOptions options;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  EngineResult result = run(fx, reviewers, options);
  ASSERT_EQ(result.degraded.size(), 4u);
  for (const DegradedEntry& d : result.degraded)
    EXPECT_NE(d.reason.find("security.slow-1: deadline; security.slow-2: deadline"), std::string::npos) << d.reason;
  EXPECT_GE(result.counters.abstentions, 8);
  EXPECT_LE(held1->held(), 4u);
  // Answers after the run are ignored, safely (the engine's state outlives the run).
  EXPECT_EQ(held1->held(), 4u);
  std::string before = serialize(result);
  held1->release();
  std::thread late([held2] { held2->release(); });
  late.join();
  EXPECT_EQ(serialize(result), before);
}

TEST(Engine, DeadlineAlreadyPassedSubmitsNothing) {
  Fixture fx = make_fixture(1, 3);
  std::vector<Reviewer> reviewers = make_reviewers(Mode::sync, nullptr);
  EngineOptions options;
  options.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  EngineResult result = run(fx, reviewers, options);
  EXPECT_EQ(result.counters.voter_calls, 0);
  EXPECT_EQ(result.counters.abstentions, 27);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_EQ(result.degraded.size(), 9u);
  EXPECT_NE(result.degraded[0].reason.find("deadline"), std::string::npos);
}

class RecordingSink final : public ProgressSink {
 public:
  void on_progress(const ProgressEvent& event) noexcept override {
    std::lock_guard lock(m_mutex);
    events.push_back(event);
  }
  std::mutex m_mutex;
  std::vector<ProgressEvent> events;
};

TEST(Engine, ReportsProgress) {
  Fixture fx = make_fixture(3, 4);
  FakeIo io(2);
  Script script = [base = standard_script()](const VoteRequest& request) {
    Ballot ballot = base(request);
    ballot.cache_hit = request.voter_index == 0;
    return ballot;
  };
  std::vector<Reviewer> reviewers = make_reviewers(Mode::mixed, &io, script);
  RecordingSink sink;
  run(fx, reviewers, {}, &sink);
  ASSERT_GE(sink.events.size(), 2u);
  const ProgressEvent& first = sink.events.front();
  EXPECT_EQ(first.chunks_done, 0);
  EXPECT_EQ(first.voters_done, 0);
  const ProgressEvent& last = sink.events.back();
  EXPECT_EQ(last.chunks_total, 12);
  EXPECT_EQ(last.chunks_done, 12);
  EXPECT_EQ(last.voters_total, 12 * 9);
  EXPECT_EQ(last.voters_done, 12 * 9);
  EXPECT_EQ(last.voters_running, 0);
  EXPECT_EQ(last.cache_hits, 12 * 3);
  int max_running = 0;
  for (const ProgressEvent& e : sink.events) {
    EXPECT_EQ(e.chunks_total, 12);
    EXPECT_LE(e.chunks_done, e.chunks_total);
    max_running = std::max(max_running, e.voters_running);
  }
  EXPECT_GT(max_running, 0);
}

TEST(Engine, NoChunksOrNoVoters) {
  Fixture empty;
  std::vector<Reviewer> reviewers = make_reviewers(Mode::sync, nullptr);
  EngineResult result = run(empty, reviewers);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_EQ(result.counters.voter_calls, 0);
  Fixture fx = make_fixture(1, 2);
  std::vector<Reviewer> voiceless(2);
  voiceless[0].info = default_reviewer_info("security");
  voiceless[1].info = default_reviewer_info("style");
  RecordingSink sink;
  result = run_engine(fx.diff, fx.chunks, voiceless, {}, &sink);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_TRUE(result.degraded.empty());
  EXPECT_EQ(sink.events.back().chunks_done, 2);
}

TEST(Engine, ValidatesReviewers) {
  Reviewer reviewer;
  reviewer.info = default_reviewer_info("security");
  reviewer.voters.push_back(std::make_unique<ScriptedVoter>("security.a", standard_script()));
  reviewer.voters.push_back(std::make_unique<ScriptedVoter>("security.a", standard_script()));
  auto checked = validate_reviewer(reviewer);
  ASSERT_FALSE(checked.has_value());
  EXPECT_EQ(checked.error().message, "reviewer 'security': duplicate voter id 'security.a'");
  reviewer.voters.pop_back();
  reviewer.policy.weights = {1, 2};
  EXPECT_FALSE(validate_reviewer(reviewer).has_value());
  reviewer.policy.weights = {-1};
  EXPECT_FALSE(validate_reviewer(reviewer).has_value());
  reviewer.policy.weights = {2};
  reviewer.policy.threshold = 0;
  EXPECT_FALSE(validate_reviewer(reviewer).has_value());
  reviewer.policy.threshold = 1;
  EXPECT_TRUE(validate_reviewer(reviewer).has_value());
  EXPECT_EQ(default_reviewer_info("style").taxonomy.size(), default_taxonomy("style").size());
}

// Many chunks × reviewers × asynchronous voters answering from several threads. Meant to be
// run under the tsan preset (cmake --preset tsan), where data races fail the test.
TEST(EngineStress, ManyChunksWithAsynchronousVoters) {
  Fixture fx = make_fixture(50, 20);  // 1000 chunks
  FakeIo io(6);
  std::vector<Reviewer> reviewers = make_reviewers(Mode::mixed, &io);
  std::string first;
  for (int round = 0; round < 2; ++round) {
    tbb::global_control jobs(tbb::global_control::max_allowed_parallelism, round == 0 ? 2 : 4);
    EngineResult result = run(fx, reviewers);
    EXPECT_EQ(result.findings.size(), 1000u * 3 * 2);
    EXPECT_EQ(result.counters.voter_calls, 1000 * 9);
    EXPECT_TRUE(result.degraded.empty());
    if (round == 0) first = serialize(result);
    else EXPECT_EQ(serialize(result), first);
  }
}

}  // namespace
}  // namespace review
