// The GitHub Action's script (plugin/github-action/run.sh) run locally against real
// repositories: an "origin" with a base branch, a pull-request branch, and GitHub's test
// merge commit (refs/pull/1/merge), checked out the way actions/checkout does (shallow by
// default, or fetch-depth: 0), with a simulated GitHub environment: GITHUB_EVENT_PATH holding
// a pull_request event, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_WORKSPACE, GITHUB_SHA.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "tests/test_support.h"

namespace review {
namespace {

using testing::RunResult;
using testing::TempDir;
using testing::TempRepo;
using testing::k_clean_py;
using testing::k_vulnerable_py;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

/// `name=value` lines of a GITHUB_OUTPUT file.
std::map<std::string, std::string> outputs_of(const std::filesystem::path& p) {
  std::map<std::string, std::string> out;
  std::istringstream in(slurp(p));
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

/// An upstream repository with a pull request, and a simulated Actions runner.
struct PullRequestRig {
  TempRepo origin;
  TempDir runner;  // workspace, event file, output files
  std::string branch_point, base_sha, head_sha, merge_sha;

  /// `feature_change` is the pull request's version of app.py; main moves on with
  /// `main_commits` more commits after the branch point.
  PullRequestRig(const std::string& feature_change, int main_commits = 3) {
    origin.write("app.py", k_clean_py);
    origin.write("README", "r\n");
    branch_point = origin.commit_all("base");
    origin.git({"checkout", "-q", "-b", "feature"});
    origin.write("app.py", feature_change);
    origin.commit_all("feature: change app.py");
    origin.write("notes.txt", "n\n");
    head_sha = origin.commit_all("feature: notes");
    origin.git({"checkout", "-q", "main"});
    for (int i = 0; i < main_commits; ++i) {
      origin.write("README", "r" + std::to_string(i) + "\n");
      base_sha = origin.commit_all("main " + std::to_string(i));
    }
    // GitHub's test merge commit, as refs/pull/1/merge; the head as refs/pull/1/head.
    origin.git({"checkout", "-q", "--detach", base_sha});
    origin.git({"merge", "-q", "--no-ff", "-m", "Merge feature into main", head_sha});
    merge_sha = trimmed(origin.git({"rev-parse", "HEAD"}));
    origin.git({"update-ref", "refs/pull/1/merge", merge_sha});
    origin.git({"update-ref", "refs/pull/1/head", head_sha});
    origin.git({"checkout", "-q", "main"});
    origin.git({"config", "uploadpack.allowAnySHA1InWant", "true"});  // as GitHub serves commits by id
    std::filesystem::create_directories(workspace());
    write_event(R"({"action": "opened", "number": 1, "pull_request": {"number": 1, "head": {"ref": "feature", "sha": ")" +
                head_sha + R"("}, "base": {"ref": "main", "sha": ")" + base_sha + R"("}}})");
  }

  std::filesystem::path workspace() const { return runner.path() / "workspace"; }
  std::filesystem::path event_file() const { return runner.path() / "event.json"; }
  std::filesystem::path output_file() const { return runner.path() / "github_output"; }
  std::filesystem::path summary_file() const { return runner.path() / "step_summary.md"; }
  void write_event(const std::string& json) const { std::ofstream(event_file()) << json; }

  std::string git_in_workspace(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = testing::run_process(argv, workspace(), "", {{"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}});
    EXPECT_EQ(r.exit_code, 0) << "git failed: " << r.err;
    return r.out;
  }

  /// What actions/checkout does for a pull_request event: fetch the merge ref (depth 1 by
  /// default; `fetch-depth: 0` fetches all history and branches) and check it out detached.
  void checkout(int fetch_depth) const {
    git_in_workspace({"init", "-q"});
    git_in_workspace({"remote", "add", "origin", "file://" + origin.path().string()});
    std::vector<std::string> fetch{"fetch", "-q", "--no-tags"};
    if (fetch_depth > 0) fetch.push_back("--depth=" + std::to_string(fetch_depth));
    fetch.push_back("origin");
    if (fetch_depth == 0) fetch.push_back("+refs/heads/*:refs/remotes/origin/*");
    fetch.push_back("+refs/pull/1/merge:refs/remotes/pull/1/merge");
    git_in_workspace(fetch);
    git_in_workspace({"checkout", "-q", "--detach", "refs/remotes/pull/1/merge"});
  }

  RunResult run_action(std::map<std::string, std::string> inputs = {}) const {
    std::map<std::string, std::string> env{
        {"GITHUB_EVENT_PATH", event_file().string()},  {"GITHUB_WORKSPACE", workspace().string()},
        {"GITHUB_OUTPUT", output_file().string()},     {"GITHUB_STEP_SUMMARY", summary_file().string()},
        {"GITHUB_SHA", merge_sha},                     {"RUNNER_TEMP", runner.path().string()},
        {"REVIEW_BIN", REVIEW_BINARY},                 {"GIT_CONFIG_GLOBAL", "/dev/null"},
        {"GIT_CONFIG_NOSYSTEM", "1"},                  {"NO_COLOR", "1"},
    };
    for (auto& [k, v] : inputs) env[k] = v;
    std::string script = std::string(REVIEW_SOURCE_DIR) + "/plugin/github-action/run.sh";
    return testing::run_process({"bash", script}, workspace(), "", env);
  }
};

void expect_pull_request_reviewed(const PullRequestRig& rig, const RunResult& r) {
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // a confirmed high finding, fail-on high
  auto outputs = outputs_of(rig.output_file());
  EXPECT_EQ(outputs["exit-code"], "1");
  EXPECT_EQ(outputs["sarif-file"], "review.sarif");
  EXPECT_EQ(outputs["json-file"], "review.json");
  ASSERT_FALSE(outputs["findings"].empty());
  EXPECT_GT(std::stoi(outputs["findings"]), 0);
  EXPECT_GT(std::stoi(outputs["confirmed"]), 0);
  EXPECT_LE(std::stoi(outputs["confirmed"]), std::stoi(outputs["findings"]));
  // Annotations on stdout, on the pull request's file.
  EXPECT_NE(r.out.find("::error file=app.py,line="), std::string::npos) << r.out;
  // SARIF and JSON in the workspace; the JSON says what was compared.
  auto sarif = nlohmann::json::parse(slurp(rig.workspace() / "review.sarif"));
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_FALSE(sarif["runs"][0]["results"].empty());
  auto report = nlohmann::json::parse(slurp(rig.workspace() / "review.json"));
  EXPECT_EQ(report["source"]["kind"], "range");
  EXPECT_EQ(report["source"]["head"], rig.head_sha);
  EXPECT_EQ(report["source"]["base"], rig.branch_point);  // the merge-base, not main's tip
  EXPECT_EQ(report["stats"]["files"], 2);                 // app.py and notes.txt; not main's README
  EXPECT_EQ(std::to_string(report["findings"].size()), outputs["findings"]);
  for (const auto& f : report["findings"]) EXPECT_EQ(f["path"], "app.py");
  // The Markdown report in the step summary, after what was there before.
  std::string summary = slurp(rig.summary_file());
  EXPECT_EQ(summary.rfind("previous step\n", 0), 0u);
  EXPECT_NE(summary.find("app.py"), std::string::npos) << summary;
  EXPECT_LE(summary.size(), 1024u * 1024u + 14);
}

TEST(ActionRun, ReviewsThePullRequestAgainstTheMergeBase) {
  PullRequestRig rig(k_vulnerable_py);
  rig.checkout(0);
  std::ofstream(rig.summary_file()) << "previous step\n";
  auto r = rig.run_action({{"INPUT_FORMATS", "sarif,markdown,github,json"}, {"INPUT_JSON_FILE", "review.json"}});
  expect_pull_request_reviewed(rig, r);
}

TEST(ActionRun, DeepensAShallowCheckout) {
  PullRequestRig rig(k_vulnerable_py, /*main_commits=*/12);
  rig.checkout(1);  // actions/checkout's default
  ASSERT_EQ(trimmed(rig.git_in_workspace({"rev-parse", "--is-shallow-repository"})), "true");
  std::ofstream(rig.summary_file()) << "previous step\n";
  auto r = rig.run_action({{"INPUT_FORMATS", "sarif,markdown,github,json"}, {"INPUT_JSON_FILE", "review.json"},
                           {"INPUT_DEEPEN_STEP", "4"}});
  EXPECT_NE(r.out.find("shallow checkout: fetching 4 more commits"), std::string::npos) << r.out;
  expect_pull_request_reviewed(rig, r);
}

TEST(ActionRun, CleanPullRequestPasses) {
  PullRequestRig rig(std::string(k_clean_py) + "\n\ndef sub(a, b):\n    return a - b\n");
  rig.checkout(0);
  auto r = rig.run_action();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto outputs = outputs_of(rig.output_file());
  EXPECT_EQ(outputs["exit-code"], "0");
  EXPECT_EQ(outputs["confirmed"], "0");
  EXPECT_TRUE(std::filesystem::exists(rig.workspace() / "review.sarif"));
  EXPECT_EQ(r.out.find("::error file="), std::string::npos) << r.out;
}

TEST(ActionRun, ShallowCheckoutThatCannotReachTheMergeBaseFailsClearly) {
  PullRequestRig rig(k_clean_py, /*main_commits=*/30);
  rig.checkout(1);
  auto r = rig.run_action({{"INPUT_DEEPEN_STEP", "2"}, {"INPUT_DEEPEN_TRIES", "2"}});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("::error title=review::cannot find the merge-base of main and " + rig.head_sha.substr(0, 12) +
                       ": the checkout is shallow and 2 deepening fetches did not reach it; use actions/checkout "
                       "with fetch-depth: 0"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(outputs_of(rig.output_file())["exit-code"], "2");
}

TEST(ActionRun, UnrelatedHistoriesHaveNoMergeBase) {
  PullRequestRig rig(k_clean_py, 1);
  rig.checkout(0);
  // A base branch with its own root commit.
  rig.origin.git({"checkout", "-q", "--orphan", "other"});
  rig.origin.write("x.txt", "x\n");
  rig.origin.commit_all("unrelated root");
  rig.origin.git({"checkout", "-q", "main"});
  auto r = rig.run_action({{"INPUT_BASE_REF", "other"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("have no common ancestor"), std::string::npos) << r.out << r.err;
}

TEST(ActionRun, NotAPullRequestWithoutBaseRefIsAnError) {
  PullRequestRig rig(k_clean_py, 1);
  rig.checkout(0);
  rig.write_event(R"({"ref": "refs/heads/main", "after": "x"})");
  auto r = rig.run_action();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("::error title=review::not a pull_request event and no base-ref input"), std::string::npos)
      << r.out;
  rig.write_event(R"({"pull_request": {"head": {"sha": "--upload-pack=evil"}, "base": {"ref": "main"}}})");
  auto bad = rig.run_action();
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("is not a commit id"), std::string::npos) << bad.out;
}

TEST(ActionRun, MissingCheckoutOrBinaryIsAnError) {
  PullRequestRig rig(k_clean_py, 1);  // workspace exists but is not a checkout
  auto r = rig.run_action();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("is not a git checkout; add actions/checkout"), std::string::npos) << r.out << r.err;
  rig.checkout(0);
  auto nobin = rig.run_action({{"REVIEW_BIN", (rig.runner.path() / "nope").string()}});
  EXPECT_EQ(nobin.exit_code, 2);
  EXPECT_NE(nobin.out.find("cannot run review at"), std::string::npos);
}

}  // namespace
}  // namespace review
