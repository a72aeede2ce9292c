// Exit codes end to end (issue 6), through the real binary on real commits whose findings
// have known severities (see `review rules --json`):
//   tmp.py     tempfile.mktemp()               py.insecure-tempfile   medium, 1 of 3 voters
//   run.py     os.system(argv) from sys.argv   py.os-system           high,   3 of 3 voters
//   deploy.env an AWS access key id            sec.aws-access-key     critical, 1 of 3 voters
// Every --fail-on level against each, --min-confidence hiding, needs_review and suppressed
// findings not counting, unused suppressions as notes, usage/config/input errors (2), a clean
// change (0), and --output files (written both; a bad spec writes nothing).
#include <gtest/gtest.h>

#include "tests/e2e_support.h"

namespace review {
namespace {

using testing::finding_keys;
using testing::parse_report;
using testing::k_clean_py;
using testing::run_review;

constexpr const char* k_medium_py =
    "import tempfile\n"
    "\n"
    "\n"
    "def scratch():\n"
    "    return tempfile.mktemp()\n";

constexpr const char* k_high_py =
    "import os\n"
    "import sys\n"
    "\n"
    "\n"
    "def run():\n"
    "    user_input = sys.argv[1]\n"
    "    os.system(user_input)\n";

constexpr const char* k_critical_env = "REGION=eu-west-1\nAWS_ACCESS_KEY_ID=AKIAZ7QRSTUVWXYZ2345\n";

/// A repository with one commit per severity level, each on top of the previous one.
class E2eExitCodes : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.write("README.md", "# app\n");
    repo.commit_all("init");
    repo.write("clean.py", k_clean_py);
    clean = repo.commit_all("clean");
    repo.write("tmp.py", k_medium_py);
    medium = repo.commit_all("medium");
    repo.write("run.py", k_high_py);
    high = repo.commit_all("high");
    repo.write("deploy.env", k_critical_env);
    critical = repo.commit_all("critical");
  }

  testing::RunResult review(std::vector<std::string> args) const {
    return run_review(args, repo.path(), "", home.env());
  }
  int exit_code(const std::string& commit, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"--commit", commit, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = review(args);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << ": " << r.err;
    return r.exit_code;
  }

  testing::TempRepo repo;
  testing::IsolatedHome home;
  std::string clean, medium, high, critical;
};

TEST_F(E2eExitCodes, FixtureFindingsHaveTheSeveritiesTheTestsAssume) {
  EXPECT_EQ(finding_keys(parse_report(review({"--commit", clean, "--format", "json"}).out)),
            std::vector<std::string>{});
  EXPECT_EQ(finding_keys(parse_report(review({"--commit", medium, "--format", "json"}).out)),
            std::vector<std::string>{"tmp.py:5 py.insecure-tempfile medium confirmed"});
  auto high_report = parse_report(review({"--commit", high, "--format", "json"}).out);
  EXPECT_EQ(finding_keys(high_report), std::vector<std::string>{"run.py:7 py.os-system high confirmed"});
  if (!high_report["findings"].empty()) {
    EXPECT_EQ(high_report["findings"][0]["votes"], 3);
  }
  EXPECT_EQ(finding_keys(parse_report(review({"--commit", critical, "--format", "json"}).out)),
            std::vector<std::string>{"deploy.env:2 sec.aws-access-key critical confirmed"});
}

TEST_F(E2eExitCodes, FailOnEveryLevel) {
  struct Case {
    const char* fail_on;
    int clean, medium, high, critical;
  };
  const Case cases[] = {
      {"none", 0, 0, 0, 0},    {"info", 0, 1, 1, 1}, {"low", 0, 1, 1, 1},
      {"medium", 0, 1, 1, 1},  {"high", 0, 0, 1, 1}, {"critical", 0, 0, 0, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fail_on);
    EXPECT_EQ(exit_code(clean, {"--fail-on", c.fail_on}), c.clean);
    EXPECT_EQ(exit_code(medium, {"--fail-on", c.fail_on}), c.medium);
    EXPECT_EQ(exit_code(high, {"--fail-on", c.fail_on}), c.high);
    EXPECT_EQ(exit_code(critical, {"--fail-on", c.fail_on}), c.critical);
  }
  // The default is high.
  EXPECT_EQ(exit_code(medium), 0);
  EXPECT_EQ(exit_code(high), 1);
  // The configuration's fail_on applies when no flag is given; the flag beats it.
  repo.write(".review.toml", "fail_on = \"medium\"\n");
  EXPECT_EQ(exit_code(medium), 1);
  EXPECT_EQ(exit_code(medium, {"--fail-on", "high"}), 0);
}

TEST_F(E2eExitCodes, MinConfidenceHidesFindingsAndTheyNoLongerCount) {
  // The medium finding has 1 of 3 votes (0.333); the high one 3 of 3.
  auto shown = review({"--commit", medium, "--format", "json", "--fail-on", "medium", "--min-confidence", "0.333"});
  EXPECT_EQ(shown.exit_code, 1) << shown.err;
  EXPECT_EQ(parse_report(shown.out)["findings"].size(), 1u);

  auto hidden = review({"--commit", medium, "--format", "json", "--fail-on", "medium", "--min-confidence", "0.5"});
  EXPECT_EQ(hidden.exit_code, 0) << hidden.err;
  auto report = parse_report(hidden.out);
  EXPECT_EQ(finding_keys(report), std::vector<std::string>{});
  EXPECT_EQ(report["stats"]["hidden_findings"], 1);

  // A confident finding stays, and still fails the run.
  EXPECT_EQ(exit_code(high, {"--min-confidence", "1"}), 1);
}

TEST_F(E2eExitCodes, NeedsReviewFindingsDoNotCount) {
  // Unanimous: the 1-of-3 medium finding is kept, but only as needs_review.
  auto r = review({"--commit", medium, "--format", "json", "--fail-on", "low", "--strategy", "unanimous"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(finding_keys(parse_report(r.out)),
            std::vector<std::string>{"tmp.py:5 py.insecure-tempfile medium needs_review"});
  // The 3-of-3 high finding is confirmed under unanimous too.
  EXPECT_EQ(exit_code(high, {"--strategy", "unanimous"}), 1);
}

TEST_F(E2eExitCodes, SuppressedFindingsDoNotCountAndUnusedSuppressionsAreNotes) {
  repo.write("run.py",
             "import os\n"
             "import sys\n"
             "\n"
             "\n"
             "def run():\n"
             "    user_input = sys.argv[1]\n"
             "    os.system(user_input)  # review-ignore\n"
             "    # review-ignore: py.eval\n"
             "    total = len(user_input)\n"
             "    return total\n");
  std::string suppressed = repo.commit_all("suppressed");

  auto r = review({"--commit", suppressed, "--format", "json", "--fail-on", "low"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto report = parse_report(r.out);
  EXPECT_EQ(finding_keys(report), std::vector<std::string>{"run.py:7 py.os-system high confirmed suppressed"});
  ASSERT_EQ(report["notes"].size(), 1u) << report["notes"].dump(2);
  EXPECT_EQ(report["notes"][0]["path"], "run.py");
  EXPECT_EQ(report["notes"][0]["line"], 8);
  EXPECT_EQ(report["notes"][0]["kind"], "unused-suppression");
  EXPECT_NE(report["notes"][0]["message"].get<std::string>().find("py.eval"), std::string::npos);

  // The text report counts the suppressed finding and shows the note.
  auto text = review({"--commit", suppressed, "--format", "text", "--fail-on", "low"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("suppressed"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("review-ignore: py.eval"), std::string::npos) << text.out;

  // A suppression naming another rule does not silence the finding.
  repo.write("run.py",
             "import os\n"
             "import sys\n"
             "\n"
             "\n"
             "def run():\n"
             "    user_input = sys.argv[1]\n"
             "    os.system(user_input)  # review-ignore: py.eval\n");
  std::string wrong_rule = repo.commit_all("wrong rule");
  auto still = review({"--commit", wrong_rule, "--format", "json"});
  EXPECT_EQ(still.exit_code, 1) << still.err;
  auto still_report = parse_report(still.out);
  EXPECT_EQ(finding_keys(still_report), std::vector<std::string>{"run.py:7 py.os-system high confirmed"});
  EXPECT_EQ(still_report["notes"].size(), 1u) << still_report["notes"].dump(2);
}

TEST_F(E2eExitCodes, UsageConfigAndInputErrorsExitTwo) {
  const std::vector<std::vector<std::string>> bad_flags = {
      {"--commit", high, "--fail-on", "severe"},
      {"--commit", high, "--min-confidence", "1.5"},
      {"--commit", high, "--format", "yaml"},
      {"--commit", high, "--strategy", "loudest"},
      {"--commit", high, "--no-such-flag"},
      {"--commit", high, "--aspects", "security,spelling"},
      {"--commit", high, "--shard", "3/2"},
      {"--commit", "no-such-ref"},
      {"--range", "main..no-such-ref"},
      {"--patch", "missing.patch"},
  };
  for (const auto& args : bad_flags) {
    auto r = review(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.exit_code, 2) << shown << "\nstderr: " << r.err << "\nstdout: " << r.out;
    EXPECT_FALSE(r.err.empty()) << shown << ": an error needs a message";
    EXPECT_EQ(r.out, "") << shown << ": no report on an error";
  }

  // A configuration mistake is exit 2 with the file and line, and no report.
  repo.write(".review.toml", "fail_on = \"high\"\n[reviewers.security]\nqourum = 2\n");
  auto config = review({"--commit", high, "--format", "json"});
  EXPECT_EQ(config.exit_code, 2) << config.err;
  EXPECT_NE(config.err.find(".review.toml:3"), std::string::npos) << config.err;
  EXPECT_NE(config.err.find("qourum"), std::string::npos) << config.err;
  EXPECT_EQ(config.out, "");
  repo.write(".review.toml", "jobs = \"lots\"\n");
  EXPECT_EQ(review({"--commit", high}).exit_code, 2);
  std::filesystem::remove(repo.path() / ".review.toml");

  // Outside a repository there is nothing to review.
  testing::TempDir elsewhere;
  auto outside = run_review({"--commit", "HEAD"}, elsewhere.path(), "", home.env());
  EXPECT_EQ(outside.exit_code, 2) << outside.err;
}

TEST_F(E2eExitCodes, CleanChangeExitsZeroEvenWithTheStrictestPolicy) {
  auto r = review({"--commit", clean, "--format", "json", "--fail-on", "info"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto report = parse_report(r.out);
  EXPECT_EQ(report["findings"].size(), 0u);
  EXPECT_EQ(report["stats"]["files"], 1);
  EXPECT_EQ(report["degraded"].size(), 0u);
  // The default text format says so too.
  auto text = review({"--commit", clean});
  EXPECT_EQ(text.exit_code, 0) << text.err;
}

TEST_F(E2eExitCodes, OutputFilesAreWrittenAndABadSpecWritesNothing) {
  std::filesystem::create_directories(repo.path() / "out");  // folders are not created
  auto r = review({"--commit", high, "--format", "text", "--output", "json=out/report.json", "--output",
                   "sarif=report.sarif"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto json = parse_report(testing::read_text(repo.path() / "out/report.json"));
  EXPECT_EQ(finding_keys(json), std::vector<std::string>{"run.py:7 py.os-system high confirmed"});
  auto sarif = nlohmann::json::parse(testing::read_text(repo.path() / "report.sarif"), nullptr, false);
  ASSERT_FALSE(sarif.is_discarded());
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"][0]["results"].size(), 1u);
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "py.os-system");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["level"], "error");
  EXPECT_NE(r.out.find("py.os-system"), std::string::npos) << "stdout keeps its own format";
  EXPECT_EQ(r.out.find("\"version\""), std::string::npos) << "stdout is text, not JSON";

  // One bad spec among good ones: exit 2, no file written, no report on stdout.
  for (const char* bad : {"yaml=bad.yaml", "json", "json=", "=x.json"}) {
    auto b = review({"--commit", high, "--output", "json=good.json", "--output", bad, "--output", "sarif=good.sarif"});
    EXPECT_EQ(b.exit_code, 2) << bad << ": " << b.err;
    EXPECT_FALSE(b.err.empty());
    EXPECT_EQ(b.out, "") << bad;
    EXPECT_FALSE(std::filesystem::exists(repo.path() / "good.json")) << bad;
    EXPECT_FALSE(std::filesystem::exists(repo.path() / "good.sarif")) << bad;
    EXPECT_FALSE(std::filesystem::exists(repo.path() / "bad.yaml")) << bad;
  }
}

}  // namespace
}  // namespace review
