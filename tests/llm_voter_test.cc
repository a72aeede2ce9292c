// LLM voters end to end against a real HTTP server on 127.0.0.1 (tests/fake_llm_server.h):
// what leaves the machine (line-numbered chunk, redaction, headers, no key where it must
// not be), and the ballots for every kind of answer and failure.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>

#include "reviewers/llm/adaptive_voters.h"
#include "reviewers/llm/llm_voter.h"
#include "reviewers/taxonomy.h"
#include "tests/fake_llm_server.h"
#include "tests/test_support.h"

namespace review {
namespace {

using testing::FakeLlmServer;
using testing::FakeReply;
using testing::ReceivedRequest;

constexpr const char* k_key_env = "REVIEW_TEST_LLM_KEY";
constexpr const char* k_key = "sk-test-SECRETKEY0123456789abcdef";

Chunk chunk() {
  Chunk c;
  c.path = "app/run.py";
  c.language = "python";
  c.symbol = "run";
  c.start_line = 10;
  c.end_line = 14;
  c.changed_lines = {11, 12};
  c.code =
      "def run(cmd):\n"
      "    token = 'AKIAIOSFODNN7EXAMPLE'\n"
      "    subprocess.call(cmd, shell=True)\n"
      "    log('ran')\n"
      "    return 0\n";
  return c;
}

ReviewerInfo reviewer(const std::string& name = "security") {
  ReviewerInfo r{name, {}};
  for (const auto& c : default_taxonomy(name)) r.taxonomy.emplace_back(c.id);
  return r;
}

std::string finding_json(int line, const std::string& category = "CWE-78", const std::string& quote = "") {
  std::string q = quote.empty() ? "null" : "\"" + quote + "\"";
  return R"({"findings":[{"line":)" + std::to_string(line) + R"(,"end_line":null,"category":")" + category +
         R"(","severity":"high","message":"shell=True","suggestion":null,"quote":)" + q + "}]}";
}

class LlmVoterTest : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv(k_key_env, k_key, 1); }
  void TearDown() override { ::unsetenv(k_key_env); }

  LlmConfig config(LlmProvider provider = LlmProvider::openai) {
    LlmConfig c;
    c.provider = provider;
    c.base_url = provider == LlmProvider::openai ? server.openai_base_url() : server.anthropic_base_url();
    c.model = "test-model";
    c.api_key_env = k_key_env;
    c.retry_base_ms = 1;
    c.retry_max_ms = 50;
    c.timeout_ms = 10'000;
    return c;
  }

  std::shared_ptr<LlmClient> client(const LlmConfig& c) {
    auto made = LlmClient::create(c);
    EXPECT_TRUE(made) << made.error().message;
    return *made;
  }

  // Submits `voter` on the sample chunk and waits for its ballot.
  Ballot vote(Voter& voter, const Chunk& c, const ReviewerInfo& r, int index = 0) {
    std::promise<Ballot> promise;
    auto future = promise.get_future();
    VoteRequest request{&c, nullptr, &r, index};
    voter.submit(request, [&promise](Ballot b) { promise.set_value(std::move(b)); });
    return future.get();
  }

  Ballot vote_once(const LlmConfig& c, int variant = 0) {
    auto voters = make_llm_voters(c, "security", variant + 1, client(c));
    Chunk ch = chunk();
    ReviewerInfo r = reviewer();
    return vote(*voters[static_cast<size_t>(variant)], ch, r, variant);
  }

  FakeLlmServer server;
  testing::TempDir dir;
};

TEST_F(LlmVoterTest, OpenAiRequestCarriesNumberedRedactedChunkAndSchema) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.content = finding_json(12)}; });
  Ballot ballot = vote_once(config());
  ASSERT_FALSE(ballot.abstained) << ballot.abstain_reason;
  ASSERT_EQ(ballot.findings.size(), 1u);
  EXPECT_EQ(ballot.findings[0].start_line, 12);
  EXPECT_EQ(ballot.findings[0].voter, "security.llm-1");
  EXPECT_EQ(ballot.calls, 1);
  EXPECT_GT(ballot.tokens.in, 0);

  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const ReceivedRequest& r = requests[0];
  EXPECT_EQ(r.path, "/v1/chat/completions");
  EXPECT_EQ(r.headers.at("authorization"), std::string("Bearer ") + k_key);
  EXPECT_EQ(r.json["model"], "test-model");
  EXPECT_EQ(r.json["response_format"]["type"], "json_schema");
  EXPECT_EQ(r.json["messages"][0]["role"], "system");
  std::string user = r.json["messages"][1]["content"];
  EXPECT_NE(user.find("    10  | def run(cmd):\n"), std::string::npos) << user;
  EXPECT_NE(user.find("    11 +|     token = '<redacted:aws-access-key-id>'\n"), std::string::npos) << user;
  EXPECT_NE(user.find("    12 +|     subprocess.call(cmd, shell=True)\n"), std::string::npos);
  EXPECT_EQ(r.body.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  EXPECT_EQ(r.body.find(k_key), std::string::npos);  // the key is in the header only
  EXPECT_EQ(testing::changed_lines_in_prompt(user), (std::vector<int>{11, 12}));
}

TEST_F(LlmVoterTest, AnthropicRequestHeadersAndCacheBreakpoints) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.content = finding_json(11)}; });
  Ballot ballot = vote_once(config(LlmProvider::anthropic));
  ASSERT_FALSE(ballot.abstained) << ballot.abstain_reason;
  ASSERT_EQ(ballot.findings.size(), 1u);
  auto r = server.requests().at(0);
  EXPECT_EQ(r.path, "/v1/messages");
  EXPECT_EQ(r.headers.at("x-api-key"), k_key);
  EXPECT_EQ(r.headers.at("anthropic-version"), "2023-06-01");
  EXPECT_EQ(r.headers.count("authorization"), 0u);
  EXPECT_EQ(r.json["system"][0]["cache_control"]["type"], "ephemeral");
  const auto& content = r.json["messages"][0]["content"];
  ASSERT_EQ(content.size(), 2u);
  EXPECT_EQ(content[0]["cache_control"]["type"], "ephemeral");    // the chunk: shared by the voters
  EXPECT_EQ(content[1].count("cache_control"), 0u);               // the variant: last
  EXPECT_NE(content[0]["text"].get<std::string>().find("    12 +|"), std::string::npos);
}

TEST_F(LlmVoterTest, ThreeVotersShareThePrefixAndVaryPromptAndTemperature) {
  LlmConfig c = config();
  auto voters = make_llm_voters(c, "security", 3, client(c));
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(vote(*voters[static_cast<size_t>(i)], ch, r, i).abstained);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  std::set<double> temperatures;
  std::set<std::string> users;
  for (const auto& q : requests) {
    temperatures.insert(q.json["temperature"].get<double>());
    users.insert(q.json["messages"][1]["content"].get<std::string>());
    EXPECT_EQ(q.json["messages"][0]["content"], requests[0].json["messages"][0]["content"]);
  }
  EXPECT_EQ(temperatures.size(), 3u);
  EXPECT_EQ(users.size(), 3u);
  EXPECT_EQ(voters[2]->id(), "security.llm-3");
}

TEST_F(LlmVoterTest, RedactsTheKeyItselfAndPrivateKeysKeepingLineNumbers) {
  Chunk c = chunk();
  c.end_line = 18;
  c.changed_lines = {11, 12, 13, 14, 15, 16};
  c.code = "def run(cmd):\n"
           "    k = '" + std::string(k_key) + "'\n"
           "    pem = '''-----BEGIN PRIVATE KEY-----\n"
           "MIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n"
           "-----END PRIVATE KEY-----'''\n"
           "    subprocess.call(cmd, shell=True)\n"
           "    a = 1\n"
           "    b = 2\n"
           "    return 0\n";
  LlmConfig cfg = config();
  auto voters = make_llm_voters(cfg, "security", 1, client(cfg));
  ReviewerInfo r = reviewer();
  vote(*voters[0], c, r);
  std::string body = server.requests().at(0).body;
  EXPECT_EQ(body.find("SECRETKEY0123456789"), std::string::npos);
  EXPECT_EQ(body.find("MIIBVQIBADANBgkqhkiG9w0BAQEFAASC"), std::string::npos);
  std::string user = server.requests().at(0).json["messages"][1]["content"];
  EXPECT_NE(user.find("    12 +|     pem = '''<redacted:private-key>\n    13 +| \n    14 +| '''\n"), std::string::npos)
      << user;
  EXPECT_NE(user.find("    15 +|     subprocess.call(cmd, shell=True)\n"), std::string::npos) << user;
}

TEST_F(LlmVoterTest, RetriesOn500AndHonoursRetryAfter) {
  server.set_responder([](const ReceivedRequest& r) {
    if (r.index == 0) return FakeReply{.status = 500};
    if (r.index == 1) return FakeReply{.status = 429, .headers = {{"Retry-After", "1"}}};
    return FakeReply{.content = finding_json(12)};
  });
  LlmConfig c = config();
  c.retry_max_ms = 5000;
  auto cl = client(c);
  auto voters = make_llm_voters(c, "security", 1, cl);
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  Ballot ballot = vote(*voters[0], ch, r);
  ASSERT_FALSE(ballot.abstained) << ballot.abstain_reason;
  EXPECT_EQ(ballot.calls, 3);
  EXPECT_EQ(server.request_count(), 3);
  EXPECT_EQ(cl->stats().retries, 2);
  EXPECT_EQ(cl->stats().failed_calls, 0);
}

TEST_F(LlmVoterTest, RetryAfterBeyondTheCapAbstainsAsRateLimited) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.status = 429, .headers = {{"Retry-After", "60"}}}; });
  Ballot ballot = vote_once(config());
  EXPECT_TRUE(ballot.abstained);
  EXPECT_EQ(ballot.abstain_reason, "rate-limited (HTTP 429), Retry-After 60s");
  EXPECT_EQ(server.request_count(), 1);
}

TEST_F(LlmVoterTest, PersistentServerErrorsAbstainWithoutTheKey) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.status = 503}; });
  LlmConfig c = config();
  c.max_retries = 2;
  auto cl = client(c);
  auto voters = make_llm_voters(c, "security", 1, cl);
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  Ballot ballot = vote(*voters[0], ch, r);
  EXPECT_TRUE(ballot.abstained);
  EXPECT_EQ(ballot.abstain_reason, "HTTP 503");
  EXPECT_EQ(server.request_count(), 3);
  EXPECT_EQ(cl->stats().failed_calls, 1);
}

TEST_F(LlmVoterTest, HangingServerTimesOut) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.hang = true}; });
  LlmConfig c = config();
  c.timeout_ms = 300;
  c.max_retries = 1;
  auto cl = client(c);
  auto voters = make_llm_voters(c, "security", 1, cl);
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  Ballot ballot = vote(*voters[0], ch, r);
  EXPECT_TRUE(ballot.abstained);
  EXPECT_EQ(ballot.abstain_reason, "timeout");
  EXPECT_EQ(ballot.calls, 2);
}

TEST_F(LlmVoterTest, ConnectionRefusedIsANetworkErrorWithoutTheKey) {
  LlmConfig c = config();
  c.base_url = "http://127.0.0.1:1/v1";
  c.max_retries = 0;
  Ballot ballot = vote_once(c);
  EXPECT_TRUE(ballot.abstained);
  EXPECT_TRUE(ballot.abstain_reason.starts_with("network error: ")) << ballot.abstain_reason;
  EXPECT_EQ(ballot.abstain_reason.find(k_key), std::string::npos);
}

TEST_F(LlmVoterTest, MalformedResponseAndUnparseableAnswerAbstain) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.raw_body = "{\"choices\": [oops"}; });
  Ballot malformed = vote_once(config());
  EXPECT_TRUE(malformed.abstained);
  EXPECT_TRUE(malformed.abstain_reason.starts_with("malformed response")) << malformed.abstain_reason;

  server.set_responder([](const ReceivedRequest&) { return FakeReply{.content = "The code looks fine to me."}; });
  LlmConfig c = config();
  auto cl = client(c);
  auto voters = make_llm_voters(c, "security", 1, cl);
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  Ballot unparseable = vote(*voters[0], ch, r);
  EXPECT_TRUE(unparseable.abstained);
  EXPECT_EQ(unparseable.abstain_reason, "unparseable answer: not JSON");
  EXPECT_EQ(cl->stats().failed_calls, 1);
}

TEST_F(LlmVoterTest, CodeFencedAnswerIsAccepted) {
  server.set_responder([](const ReceivedRequest&) {
    return FakeReply{.content = "```json\n" + finding_json(12) + "\n```"};
  });
  Ballot ballot = vote_once(config(LlmProvider::anthropic));
  ASSERT_FALSE(ballot.abstained) << ballot.abstain_reason;
  EXPECT_EQ(ballot.findings.size(), 1u);
}

TEST_F(LlmVoterTest, FindingsOutsideTheChunkOrOnUnchangedLinesAreDropped) {
  server.set_responder([](const ReceivedRequest&) {
    return FakeReply{.content = R"j({"findings":[
      {"line":99,"category":"CWE-78","severity":"high","message":"outside"},
      {"line":13,"category":"CWE-78","severity":"high","message":"unchanged"},
      {"line":12,"category":"not-a-category","severity":"high","message":"taxonomy"},
      {"line":2,"category":"CWE-78","severity":"high","message":"re-anchored","quote":"subprocess.call(cmd, shell=True)"}
    ]})j"};
  });
  Ballot ballot = vote_once(config());
  ASSERT_FALSE(ballot.abstained);
  ASSERT_EQ(ballot.findings.size(), 1u);
  EXPECT_EQ(ballot.findings[0].message, "re-anchored");
  EXPECT_EQ(ballot.findings[0].start_line, 12);
  EXPECT_EQ(ballot.dropped, 3);
}

TEST_F(LlmVoterTest, SecondIdenticalRunMakesZeroCalls) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.content = finding_json(12)}; });
  LlmConfig c = config();
  c.cache_dir = (dir.path() / "review-cache").string();
  Ballot first = vote_once(c);
  ASSERT_FALSE(first.abstained);
  EXPECT_FALSE(first.cache_hit);
  ASSERT_EQ(server.request_count(), 1);

  auto cl = client(c);  // a new run
  auto voters = make_llm_voters(c, "security", 1, cl);
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  Ballot second = vote(*voters[0], ch, r);
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.calls, 0);
  EXPECT_EQ(second.findings.size(), 1u);
  EXPECT_EQ(server.request_count(), 1);
  EXPECT_EQ(cl->stats().cache_hits, 1);
  EXPECT_EQ(cl->stats().calls, 0);

  // Neither the key nor the redacted secret is stored.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(c.cache_dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str().find(k_key), std::string::npos);
    EXPECT_EQ(text.str().find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  }

  c.no_cache = true;  // --no-cache
  EXPECT_FALSE(vote_once(c).cache_hit);
  EXPECT_EQ(server.request_count(), 2);
}

TEST_F(LlmVoterTest, BudgetAndDeadlineAbstainWithoutCalls) {
  LlmConfig c = config();
  c.max_calls = 1;
  auto cl = client(c);
  auto voters = make_llm_voters(c, "security", 3, cl);
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  EXPECT_FALSE(vote(*voters[0], ch, r, 0).abstained);
  Ballot over = vote(*voters[1], ch, r, 1);
  EXPECT_TRUE(over.abstained);
  EXPECT_EQ(over.abstain_reason, "budget");
  EXPECT_EQ(server.request_count(), 1);
  EXPECT_EQ(cl->stats().budget_skipped, 1);

  LlmConfig t = config();
  t.max_tokens = 10;  // less than any prompt
  EXPECT_EQ(vote_once(t).abstain_reason, "budget");

  LlmConfig d = config();
  d.deadline_s = 0;
  EXPECT_EQ(vote_once(d).abstain_reason, "deadline");
  EXPECT_EQ(server.request_count(), 1);
}

TEST_F(LlmVoterTest, FallbackModelAnswersWhenThePrimaryFails) {
  server.set_responder([](const ReceivedRequest& r) {
    if (testing::model_of(r) == "primary") return FakeReply{.status = 500};
    return FakeReply{.content = finding_json(12)};
  });
  LlmConfig c = config();
  c.model = "primary";
  c.fallback_model = "backup";
  c.max_retries = 1;
  auto cl = client(c);
  auto voters = make_llm_voters(c, "security", 1, cl);
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  Ballot ballot = vote(*voters[0], ch, r);
  ASSERT_FALSE(ballot.abstained) << ballot.abstain_reason;
  EXPECT_EQ(ballot.calls, 3);  // primary, primary retry, backup
  EXPECT_EQ(testing::model_of(server.requests().back()), "backup");
  EXPECT_EQ(cl->stats().fallback_calls, 1);
}

TEST_F(LlmVoterTest, MissingKeySendsNoAuthAndExplains401) {
  ::unsetenv(k_key_env);
  server.set_responder([](const ReceivedRequest& r) {
    return r.headers.count("authorization") ? FakeReply{} : FakeReply{.status = 401};
  });
  Ballot ballot = vote_once(config());
  EXPECT_TRUE(ballot.abstained);
  EXPECT_EQ(ballot.abstain_reason, std::string("HTTP 401 (is $") + k_key_env + " set?)");
}

TEST_F(LlmVoterTest, KeepsAtMostMaxInFlightRequests) {
  server.set_latency_ms(100);
  LlmConfig c = config();
  c.max_in_flight = 3;
  auto cl = client(c);
  auto voters = make_llm_voters(c, "security", 3, cl);
  ReviewerInfo r = reviewer();
  std::vector<Chunk> chunks(4, chunk());
  for (size_t i = 0; i < chunks.size(); ++i) chunks[i].path = "f" + std::to_string(i) + ".py";
  std::vector<std::promise<Ballot>> promises(12);
  for (size_t i = 0; i < 12; ++i) {
    VoteRequest request{&chunks[i / 3], nullptr, &r, static_cast<int>(i % 3)};
    voters[i % 3]->submit(request, [&promises, i](Ballot b) { promises[i].set_value(std::move(b)); });
  }
  for (auto& p : promises) EXPECT_FALSE(p.get_future().get().abstained);
  EXPECT_EQ(server.request_count(), 12);
  EXPECT_LE(server.peak_concurrency(), 3);
  EXPECT_EQ(cl->stats().peak_in_flight, 3);
}

TEST_F(LlmVoterTest, AdaptiveVotingSkipsTheThirdCallWhenTwoAgree) {
  server.set_responder([](const ReceivedRequest&) { return FakeReply{.content = finding_json(12)}; });
  LlmConfig c = config();
  auto stats = std::make_shared<AdaptiveStats>();
  auto voters = make_adaptive_voters(make_llm_voters(c, "security", 3, client(c)), 1, stats);
  Chunk ch = chunk();
  ReviewerInfo r = reviewer();
  std::vector<std::promise<Ballot>> promises(3);
  for (int i = 0; i < 3; ++i) {
    VoteRequest request{&ch, nullptr, &r, i};
    voters[static_cast<size_t>(i)]->submit(request, [&promises, i](Ballot b) { promises[static_cast<size_t>(i)].set_value(std::move(b)); });
  }
  std::vector<Ballot> ballots;
  for (auto& p : promises) ballots.push_back(p.get_future().get());
  EXPECT_EQ(server.request_count(), 2);
  EXPECT_EQ(ballots[2].abstain_reason, k_adaptive_skip_reason);
  EXPECT_EQ(stats->calls_saved, 1);

  // Disagreement: the third voter is asked.
  server.set_responder([](const ReceivedRequest& r) {
    return FakeReply{.content = r.index % 3 == 2 ? finding_json(11, "CWE-798") : finding_json(12, r.index % 3 ? "CWE-78" : "CWE-89")};
  });
  Chunk other = chunk();
  other.path = "other.py";
  std::vector<std::promise<Ballot>> more(3);
  for (int i = 0; i < 3; ++i) {
    VoteRequest request{&other, nullptr, &r, i};
    voters[static_cast<size_t>(i)]->submit(request, [&more, i](Ballot b) { more[static_cast<size_t>(i)].set_value(std::move(b)); });
  }
  for (auto& p : more) p.get_future().get();
  EXPECT_EQ(server.request_count(), 5);
  EXPECT_EQ(stats->escalated, 1);
}

}  // namespace
}  // namespace review
