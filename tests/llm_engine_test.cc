// LLM voters under the real engine (reviewers/engine.h) against the fake server: three
// reviewers × three LLM voters per chunk, voting, the answer cache across runs, failures
// turning into degraded entries, and adaptive voting saving calls.
#include <gtest/gtest.h>

#include <cstdlib>

#include "reviewers/engine.h"
#include "reviewers/llm/adaptive_voters.h"
#include "reviewers/llm/llm_voter.h"
#include "reviewers/reviewer.h"
#include "tests/fake_llm_server.h"
#include "tests/test_support.h"

namespace review {
namespace {

using testing::FakeLlmServer;
using testing::FakeReply;
using testing::ReceivedRequest;

// A diff of one Python file with two chunks, as the chunker would cut it.
struct Fixture {
  Diff diff;
  std::vector<Chunk> chunks;
  Fixture() {
    FileDiff file;
    file.path = "svc/app.py";
    file.language = "python";
    file.post_image =
        "import os\n"                                  // 1
        "def run(cmd):\n"                              // 2
        "    os.system('sh -c ' + cmd)\n"              // 3 +
        "    return 0\n"                               // 4
        "\n"                                           // 5
        "def total(items):\n"                          // 6
        "    s = ''\n"                                 // 7
        "    for i in items:\n"                        // 8
        "        s += str(i)\n"                        // 9 +
        "    return s\n";                              // 10
    file.has_post_image = true;
    file.added_lines = {3, 9};
    file.added_count = 2;
    diff.files.push_back(file);
    chunks.push_back(make(2, 4, {3}, "def run(cmd):\n    os.system('sh -c ' + cmd)\n    return 0\n", "run"));
    chunks.push_back(make(6, 10, {9}, "def total(items):\n    s = ''\n    for i in items:\n        s += str(i)\n    return s\n",
                          "total"));
  }
  static Chunk make(int start, int end, std::vector<int> changed, std::string code, std::string symbol) {
    Chunk c;
    c.path = "svc/app.py";
    c.language = "python";
    c.symbol = std::move(symbol);
    c.start_line = start;
    c.end_line = end;
    c.changed_lines = std::move(changed);
    c.code = std::move(code);
    return c;
  }
};

// Answers like a model would: one finding on the first changed line, in the reviewer's
// taxonomy (the reviewer is named in the system prompt).
FakeReply answer(const ReceivedRequest& r) {
  std::string prompt = testing::prompt_text(r);
  auto lines = testing::changed_lines_in_prompt(prompt);
  std::string category = prompt.find("independent security reviewers") != std::string::npos      ? "CWE-78"
                         : prompt.find("independent performance reviewers") != std::string::npos ? "string-concat-in-loop"
                                                                                                   : "readability";
  int line = lines.empty() ? 1 : lines.front();
  return FakeReply{.content = "{\"findings\":[{\"line\":" + std::to_string(line) + ",\"end_line\":null,\"category\":\"" +
                              category + "\",\"severity\":\"high\",\"message\":\"m\",\"suggestion\":null,\"quote\":null}]}"};
}

class LlmEngineTest : public ::testing::Test {
 protected:
  LlmConfig config() {
    LlmConfig c;
    c.base_url = server.openai_base_url();
    c.model = "m";
    c.api_key_env = "REVIEW_TEST_UNSET_KEY";
    c.retry_base_ms = 1;
    c.retry_max_ms = 20;
    c.max_retries = 1;
    c.cache_dir = (dir.path() / "review-cache").string();
    return c;
  }

  std::vector<Reviewer> reviewers(const std::shared_ptr<LlmClient>& client, bool adaptive = false,
                                  std::shared_ptr<AdaptiveStats> stats = nullptr) {
    std::vector<Reviewer> out;
    for (auto name : default_reviewer_names()) {
      Reviewer r;
      r.info = default_reviewer_info(name);
      r.voters = make_llm_voters(client->config(), name, 3, client);
      if (adaptive) r.voters = make_adaptive_voters(std::move(r.voters), r.policy.line_tolerance, stats);
      out.push_back(std::move(r));
    }
    return out;
  }

  EngineResult run(const LlmConfig& c, std::shared_ptr<LlmClient>* keep = nullptr, bool adaptive = false,
                   std::shared_ptr<AdaptiveStats> stats = nullptr) {
    auto client = LlmClient::create(c);
    EXPECT_TRUE(client);
    auto rs = reviewers(*client, adaptive, stats);
    EngineResult result = run_engine(fx.diff, fx.chunks, rs, EngineOptions{}, nullptr);
    if (keep) *keep = *client;
    return result;
  }

  FakeLlmServer server;
  testing::TempDir dir;
  Fixture fx;
};

TEST_F(LlmEngineTest, ThreeReviewersTimesThreeVotersPerChunkAndVoting) {
  server.set_responder(answer);
  std::shared_ptr<LlmClient> client;
  EngineResult result = run(config(), &client);
  EXPECT_EQ(server.request_count(), 2 * 3 * 3);
  EXPECT_EQ(result.counters.backend_calls, 18);
  EXPECT_TRUE(result.degraded.empty());
  // Each (chunk, reviewer) yields one finding all three voters agreed on.
  ASSERT_EQ(result.findings.size(), 6u);
  for (const auto& f : result.findings) {
    EXPECT_EQ(f.votes, 3);
    EXPECT_EQ(f.voters, 3);
    EXPECT_EQ(f.status, FindingStatus::confirmed);
    EXPECT_TRUE(f.finding.start_line == 3 || f.finding.start_line == 9);
  }
  EXPECT_EQ(client->stats().calls, 18);
  EXPECT_GT(result.counters.tokens_in, 0);

  // A second identical run makes zero calls.
  EngineResult again = run(config());
  EXPECT_EQ(server.request_count(), 18);
  EXPECT_EQ(again.counters.backend_calls, 0);
  EXPECT_EQ(again.counters.cache_hits, 18);
  EXPECT_EQ(again.findings.size(), 6u);
}

TEST_F(LlmEngineTest, FailingBackendGivesDegradedEntriesAndFailedCalls) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.status = 500}; });
  std::shared_ptr<LlmClient> client;
  EngineResult result = run(config(), &client);
  EXPECT_TRUE(result.findings.empty());
  ASSERT_EQ(result.degraded.size(), 6u);
  EXPECT_NE(result.degraded[0].reason.find("HTTP 500"), std::string::npos) << result.degraded[0].reason;
  EXPECT_EQ(client->stats().failed_calls, 18);  // fail-closed would exit 3
}

TEST_F(LlmEngineTest, BudgetLeavesTheRestDegradedWithReasonBudget) {
  server.set_responder(answer);
  LlmConfig c = config();
  c.no_cache = true;
  c.max_calls = 0;
  EngineResult result = run(c);
  EXPECT_EQ(server.request_count(), 0);
  ASSERT_EQ(result.degraded.size(), 6u);
  EXPECT_NE(result.degraded[0].reason.find("budget"), std::string::npos);
}

TEST_F(LlmEngineTest, AdaptiveVotingAsksTwoWhenTheyAgree) {
  server.set_responder(answer);
  auto stats = std::make_shared<AdaptiveStats>();
  EngineResult result = run(config(), nullptr, /*adaptive=*/true, stats);
  EXPECT_EQ(server.request_count(), 12);
  EXPECT_EQ(stats->calls_saved, 6);
  EXPECT_TRUE(result.degraded.empty());
  ASSERT_EQ(result.findings.size(), 6u);
  for (const auto& f : result.findings) {
    EXPECT_EQ(f.votes, 2);
    EXPECT_EQ(f.voters, 2);
  }
}

}  // namespace
}  // namespace review
