// The LLM path end to end through the CLI (issue 7): the real `review` binary, a real
// repository and the fake LLM server (tests/fake_llm_server.h) on 127.0.0.1. What leaves
// the machine (line-numbered chunks, redacted secrets, the key only in its header), the
// answer cache in .git/review-cache, fail-open/fail-closed on a failing server, the
// trusted-only keys of a repository's .review.toml, the Anthropic headers, and `review
// plan` making no calls.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/e2e_support.h"
#include "tests/fake_llm_server.h"

namespace review {
namespace {

using testing::FakeLlmServer;
using testing::FakeReply;
using testing::finding_keys;
using testing::parse_report;
using testing::ReceivedRequest;
using testing::run_review;

constexpr const char* k_api_key = "sk-test-SECRETVALUE0123456789abcdefXYZ";
constexpr const char* k_aws_key = "AKIAZ7QRSTUVWXYZ2345";
constexpr int k_shell_line = 9;  // the subprocess.call line of k_app_py

// The hard-coded AWS key is in the changed code, so it would be sent unless redacted.
const std::string k_app_py = std::string(
                                 "import subprocess\n"
                                 "import sys\n"
                                 "\n"
                                 "AWS_KEY = \"") +
                             k_aws_key +
                             "\"\n"
                             "\n"
                             "\n"
                             "def run():\n"
                             "    cmd = sys.argv[1]\n"
                             "    subprocess.call(cmd, shell=True)\n";

/// The model's answer: a CWE-78 finding on the shell line when the prompt shows it.
FakeReply shell_finding_reply(const ReceivedRequest& request) {
  std::string prompt = testing::prompt_text(request);
  if (prompt.find("subprocess.call(cmd, shell=True)") == std::string::npos) return FakeReply{};
  return FakeReply{.content = R"({"findings":[{"line":)" + std::to_string(k_shell_line) +
                              R"(,"end_line":null,"category":"CWE-78","severity":"high",)"
                              R"("message":"command from argv runs in a shell","suggestion":null,)"
                              R"J("quote":"subprocess.call(cmd, shell=True)"}]})J"};
}

/// Every file under `dir` (recursively) whose bytes contain `needle`.
std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::string& needle) {
  std::vector<std::string> hits;
  if (!std::filesystem::exists(dir)) return hits;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && testing::read_text(entry.path()).find(needle) != std::string::npos)
      hits.push_back(entry.path().string());
  return hits;
}

int regular_files_under(const std::filesystem::path& dir) {
  int n = 0;
  if (!std::filesystem::exists(dir)) return n;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) n += entry.is_regular_file() ? 1 : 0;
  return n;
}

class E2eLlm : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.write("README.md", "# app\n");
    repo.commit_all("init");
    repo.write("app.py", k_app_py);
    // The key's own text in the code (pasted by mistake) must not leave the machine either.
    repo.write("settings.py", std::string("OPENAI_API_KEY = \"") + k_api_key + "\"\nTIMEOUT = 30\n");
    commit = repo.commit_all("add app");
    server.set_responder(shell_finding_reply);
  }

  /// `review --commit <commit> --llm openai --llm-url <server> --llm-model m --format json
  /// --aspects security` plus `extra`, with the API key in the environment.
  testing::RunResult review_openai(std::vector<std::string> extra = {},
                                   std::map<std::string, std::string> env = {}) const {
    std::vector<std::string> args{"--commit", commit, "--llm", "openai", "--llm-url", server.openai_base_url(),
                                  "--llm-model", "m", "--format", "json", "--aspects", "security"};
    args.insert(args.end(), extra.begin(), extra.end());
    env.emplace("OPENAI_API_KEY", k_api_key);
    return run_review(args, repo.path(), "", home.env(env));
  }

  std::filesystem::path cache_dir() const { return repo.path() / ".git" / "review-cache"; }

  testing::TempRepo repo;
  testing::IsolatedHome home;
  FakeLlmServer server;
  std::string commit;
};

TEST_F(E2eLlm, OpenAiRunSendsNumberedRedactedChunksAndKeepsTheKeySecret) {
  auto r = review_openai();
  EXPECT_EQ(r.exit_code, 1) << r.err;  // three voters agree on a high finding
  auto report = parse_report(r.out);
  EXPECT_EQ(finding_keys(report), std::vector<std::string>{"app.py:9 llm.CWE-78 high confirmed"}) << r.out;
  if (!report["findings"].empty()) {
    const auto& f = report["findings"][0];
    EXPECT_EQ(f["votes"], 3);
    EXPECT_EQ(f["voters"], 3);
    EXPECT_EQ(f["voter_ids"], (nlohmann::json{"security.llm-1", "security.llm-2", "security.llm-3"}));
  }
  EXPECT_EQ(report["degraded"].size(), 0u) << report["degraded"].dump();

  auto requests = server.requests();
  int chunks = report["stats"]["chunks"].get<int>();
  ASSERT_GE(chunks, 1);
  EXPECT_EQ(static_cast<int>(requests.size()), 3 * chunks) << "three security voters per chunk";
  EXPECT_EQ(report["stats"]["cache_hits"], 0);
  EXPECT_GT(report["stats"]["tokens_in"].get<long>(), 0);

  bool saw_shell_line = false, saw_redaction = false;
  for (const auto& request : requests) {
    EXPECT_EQ(request.path, "/v1/chat/completions");
    EXPECT_EQ(testing::model_of(request), "m");
    EXPECT_EQ(request.headers.count("authorization") ? request.headers.at("authorization") : "",
              std::string("Bearer ") + k_api_key);
    std::string prompt = testing::prompt_text(request);
    EXPECT_FALSE(testing::changed_lines_in_prompt(prompt).empty()) << prompt;
    // The chunk goes out with new-side line numbers, changed lines marked '+'.
    if (prompt.find("     9 +|     subprocess.call(cmd, shell=True)\n") != std::string::npos) saw_shell_line = true;
    if (prompt.find("<redacted:") != std::string::npos) saw_redaction = true;
    // The secret in the code never leaves the machine; neither does the key, except in the header.
    EXPECT_EQ(request.body.find(k_aws_key), std::string::npos) << request.body;
    EXPECT_EQ(request.body.find(k_api_key), std::string::npos);
  }
  EXPECT_TRUE(saw_shell_line) << testing::prompt_text(requests.at(0));
  EXPECT_TRUE(saw_redaction) << "the AWS key line must go out as <redacted:...>";
  EXPECT_TRUE(std::any_of(requests.begin(), requests.end(), [](const ReceivedRequest& request) {
    return testing::prompt_text(request).find("settings.py") != std::string::npos;
  })) << "the file holding the key's text is reviewed too";

  // The key is in no output and no cache file; the cache exists.
  EXPECT_EQ(r.out.find(k_api_key), std::string::npos);
  EXPECT_EQ(r.err.find(k_api_key), std::string::npos);
  EXPECT_GT(regular_files_under(cache_dir()), 0) << "answers are cached under .git/review-cache";
  EXPECT_EQ(files_containing(cache_dir(), k_api_key), std::vector<std::string>{});
  EXPECT_EQ(files_containing(cache_dir(), k_aws_key), std::vector<std::string>{});
  EXPECT_EQ(files_containing(repo.path() / ".git", k_api_key), std::vector<std::string>{});
}

TEST_F(E2eLlm, SecondRunIsServedFromTheCacheAndNoCacheCallsAgain) {
  auto first = review_openai();
  ASSERT_EQ(first.exit_code, 1) << first.err;
  const int calls = server.request_count();
  ASSERT_GT(calls, 0);

  auto second = review_openai();
  EXPECT_EQ(second.exit_code, 1) << second.err;
  EXPECT_EQ(server.request_count(), calls) << "an identical run makes no calls";
  auto first_report = parse_report(first.out), second_report = parse_report(second.out);
  EXPECT_EQ(second_report["findings"], first_report["findings"]);
  EXPECT_EQ(second_report["stats"]["cache_hits"], calls);

  auto uncached = review_openai({"--no-cache"});
  EXPECT_EQ(uncached.exit_code, 1) << uncached.err;
  EXPECT_EQ(server.request_count(), 2 * calls) << "--no-cache calls the model again";
  EXPECT_EQ(parse_report(uncached.out)["findings"], first_report["findings"]);
  EXPECT_EQ(parse_report(uncached.out)["stats"]["cache_hits"], 0);
  EXPECT_EQ(files_containing(repo.path() / ".git", k_api_key), std::vector<std::string>{});
}

TEST_F(E2eLlm, FailingServerExitsThreeUnderFailClosedAndByFindingsUnderFailOpen) {
  server.set_responder([](const ReceivedRequest&) {
    return FakeReply{.status = 500, .raw_body = R"({"error":{"message":"boom"}})"};
  });
  // Calls are retried with backoff (0.25-0.5 s, then 0.5-1 s, ...); a retry that would start
  // after the run's deadline is not made, so with --deadline 1 each call gives up after one
  // or two retries with its last error instead of after all of them.
  auto review_failing = [&](const char* policy) {
    return review_openai({"--policy", policy, "--deadline", "1"});
  };

  auto closed = review_failing("fail-closed");
  EXPECT_EQ(closed.exit_code, 3) << closed.err;
  EXPECT_GT(server.request_count(), 0);
  EXPECT_EQ(closed.err.find(k_api_key), std::string::npos);
  EXPECT_EQ(closed.out.find(k_api_key), std::string::npos);

  // Fail-open: the failed voters abstain, the chunk is degraded with the reason, and the
  // exit code is the findings' (none here: nothing answered).
  auto open = review_failing("fail-open");
  EXPECT_EQ(open.exit_code, 0) << open.err;
  auto report = parse_report(open.out);
  EXPECT_EQ(report["findings"].size(), 0u);
  ASSERT_GE(report["degraded"].size(), 1u) << open.out;
  EXPECT_NE(report["degraded"][0]["reason"].get<std::string>().find("HTTP 500"), std::string::npos)
      << report["degraded"].dump();
  EXPECT_EQ(open.out.find(k_api_key), std::string::npos);
  EXPECT_EQ(files_containing(repo.path() / ".git", k_api_key), std::vector<std::string>{});

  // Fail-open with the built-in security voters beside the (failing) LLM voters: the exit
  // code follows their findings.
  repo.write(".review.toml",
             "[reviewers.security]\n"
             "voters = [{ kind = \"builtin\", variant = \"query\" }, { kind = \"builtin\", variant = \"lexical\" },"
             " { kind = \"llm\" }]\n");
  auto mixed = review_failing("fail-open");
  EXPECT_EQ(mixed.exit_code, 1) << mixed.err << mixed.out;
  auto mixed_keys = finding_keys(parse_report(mixed.out));
  EXPECT_NE(std::find(mixed_keys.begin(), mixed_keys.end(), "app.py:9 py.subprocess-shell high confirmed"),
            mixed_keys.end())
      << mixed.out;
}

TEST_F(E2eLlm, RepositoryConfigCannotRedirectTheLlmWithoutTrust) {
  FakeLlmServer elsewhere;
  elsewhere.set_responder(shell_finding_reply);
  repo.write(".review.toml",
             "[llm]\n"
             "base_url = \"" + elsewhere.openai_base_url() + "\"\n"
             "api_key_env = \"STOLEN_TOKEN\"\n");

  // The flag's endpoint and the default key variable are used; the repository's are ignored
  // with a warning.
  auto r = review_openai({}, {{"STOLEN_TOKEN", "ghp_not-for-the-llm"}});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("llm.base_url"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--trust-repo-config"), std::string::npos) << r.err;
  EXPECT_EQ(elsewhere.request_count(), 0);
  ASSERT_GT(server.request_count(), 0);
  for (const auto& request : server.requests())
    EXPECT_EQ(request.headers.count("authorization") ? request.headers.at("authorization") : "",
              std::string("Bearer ") + k_api_key);

  // Only the repository names an LLM: no LLM at all (built-in voters, no calls anywhere).
  repo.write(".review.toml",
             "[llm]\n"
             "provider = \"openai\"\n"
             "base_url = \"" + elsewhere.openai_base_url() + "\"\n");
  const int before = server.request_count();
  auto only_repo = run_review({"--commit", commit, "--format", "json", "--aspects", "security"}, repo.path(), "",
                              home.env({{"OPENAI_API_KEY", k_api_key}}));
  EXPECT_EQ(only_repo.exit_code, 1) << only_repo.err;  // the built-in voters find the shell call
  EXPECT_NE(only_repo.err.find("llm.provider"), std::string::npos) << only_repo.err;
  EXPECT_EQ(elsewhere.request_count(), 0);
  EXPECT_EQ(server.request_count(), before);
  auto report = parse_report(only_repo.out);
  for (const auto& f : report["findings"])
    for (const auto& id : f["voter_ids"]) EXPECT_EQ(id.get<std::string>().find("llm"), std::string::npos) << id;
  EXPECT_EQ(report["stats"]["tokens_in"], 0);

  // Trusted explicitly, the repository's endpoint is used (so the checks above can fail).
  auto trusted = run_review({"--commit", commit, "--format", "json", "--aspects", "security", "--trust-repo-config"},
                            repo.path(), "", home.env({{"OPENAI_API_KEY", k_api_key}}));
  EXPECT_EQ(trusted.exit_code, 1) << trusted.err;
  EXPECT_GT(elsewhere.request_count(), 0);

  // The user's own configuration is trusted.
  std::filesystem::remove(repo.path() / ".review.toml");
  std::filesystem::create_directories(home.user_config_path().parent_path());
  std::ofstream(home.user_config_path()) << "[llm]\nprovider = \"openai\"\nbase_url = \"" << server.openai_base_url()
                                         << "\"\nmodel = \"user-model\"\n";
  const int user_before = server.request_count();
  auto user = run_review({"--commit", commit, "--format", "json", "--aspects", "security", "--no-cache"}, repo.path(),
                         "", home.env({{"OPENAI_API_KEY", k_api_key}}));
  EXPECT_EQ(user.exit_code, 1) << user.err;
  EXPECT_GT(server.request_count(), user_before);
  EXPECT_EQ(testing::model_of(server.requests().back()), "user-model");
}

TEST_F(E2eLlm, AnthropicRunSendsItsHeaders) {
  const std::string anthropic_key = "sk-ant-test-SECRETVALUE0123456789";
  auto r = run_review({"--commit", commit, "--llm", "anthropic", "--llm-url", server.anthropic_base_url(),
                       "--llm-model", "claude-test", "--format", "json", "--aspects", "security"},
                      repo.path(), "", home.env({{"ANTHROPIC_API_KEY", anthropic_key}}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(finding_keys(parse_report(r.out)), std::vector<std::string>{"app.py:9 llm.CWE-78 high confirmed"}) << r.out;
  auto requests = server.requests();
  ASSERT_FALSE(requests.empty());
  for (const auto& request : requests) {
    EXPECT_EQ(request.path, "/v1/messages");
    EXPECT_EQ(testing::model_of(request), "claude-test");
    EXPECT_EQ(request.headers.count("x-api-key") ? request.headers.at("x-api-key") : "", anthropic_key);
    EXPECT_FALSE(request.headers.count("anthropic-version") ? request.headers.at("anthropic-version").empty() : true);
    EXPECT_EQ(request.headers.count("authorization"), 0u) << "Anthropic takes the key in x-api-key only";
    EXPECT_EQ(request.body.find(k_aws_key), std::string::npos);
  }
  EXPECT_EQ(r.out.find(anthropic_key), std::string::npos);
  EXPECT_EQ(r.err.find(anthropic_key), std::string::npos);
  EXPECT_EQ(files_containing(repo.path() / ".git", anthropic_key), std::vector<std::string>{});
}

TEST_F(E2eLlm, PlanPrintsCallsAndTokensWithoutCalling) {
  auto plan = run_review({"plan", "--commit", commit, "--llm", "openai", "--llm-url", server.openai_base_url(),
                          "--llm-model", "m"},
                         repo.path(), "", home.env({{"OPENAI_API_KEY", k_api_key}}));
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("app.py"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("voter calls"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("LLM (openai, model m): "), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("input tokens with prompts"), std::string::npos) << plan.out;

  auto json = run_review({"plan", "--json", "--commit", commit, "--llm", "openai", "--llm-url",
                          server.openai_base_url(), "--llm-model", "m", "--aspects", "security"},
                         repo.path(), "", home.env({{"OPENAI_API_KEY", k_api_key}}));
  EXPECT_EQ(json.exit_code, 0) << json.err;
  auto j = parse_report(json.out);
  const auto& totals = j["totals"];
  EXPECT_GT(totals["tokens"].get<long>(), 0) << json.out;
  EXPECT_EQ(totals["voter_calls"].get<long>(), 3 * totals["chunks"].get<long>()) << json.out;
  EXPECT_EQ(totals["llm_calls"], totals["voter_calls"]);
  // Each call's estimate is its whole prompt (system text, numbered chunk, instruction),
  // well above the bare chunk tokens.
  EXPECT_GT(totals["llm_input_tokens"].get<long>(), totals["input_tokens"].get<long>()) << json.out;
  EXPECT_EQ(j["llm"]["model"], "m");

  EXPECT_EQ(server.request_count(), 0) << "plan makes no calls";
  EXPECT_EQ(regular_files_under(cache_dir()), 0) << "and caches nothing";
  EXPECT_EQ(plan.out.find(k_api_key), std::string::npos);
  EXPECT_EQ(plan.err.find(k_api_key), std::string::npos);

  // The calls it announces are the calls a run makes.
  auto run = review_openai();
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(server.request_count(), totals["llm_calls"].get<int>());
}

TEST_F(E2eLlm, PlanFollowsTheConfiguration) {
  // The LLM comes from the user's configuration, the repository turns a reviewer off and
  // gives another a built-in voter before two LLM voters: the plan must count what runs.
  std::filesystem::create_directories(home.user_config_path().parent_path());
  std::ofstream(home.user_config_path()) << "[llm]\nprovider = \"openai\"\nbase_url = \""
                                         << server.openai_base_url() << "\"\nmodel = \"m\"\n";
  repo.write(".review.toml",
             "[reviewers.style]\n"
             "enabled = false\n"
             "[reviewers.performance]\n"
             "voters = [{ kind = \"builtin\" }, { kind = \"llm\" }, { kind = \"llm\" }]\n");
  auto env = home.env({{"OPENAI_API_KEY", k_api_key}});
  auto plan = run_review({"plan", "--json", "--commit", commit}, repo.path(), "", env);
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  auto j = parse_report(plan.out);
  EXPECT_EQ(j["reviewers"], nlohmann::json::parse(R"([{"name":"security","voters":3},{"name":"performance","voters":3}])"));
  const long chunks = j["totals"]["chunks"].get<long>();
  EXPECT_EQ(j["totals"]["voter_calls"].get<long>(), 6 * chunks);
  EXPECT_EQ(j["totals"]["llm_calls"].get<long>(), 5 * chunks);
  EXPECT_EQ(server.request_count(), 0);

  auto run = run_review({"--commit", commit, "--format", "json"}, repo.path(), "", env);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(server.request_count(), j["totals"]["llm_calls"].get<int>());
  EXPECT_EQ(parse_report(run.out)["stats"]["voter_calls"], j["totals"]["voter_calls"]);
}

}  // namespace
}  // namespace review
