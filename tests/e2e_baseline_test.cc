// Baselines end to end (issue 6): `review baseline` records a commit's findings; a later
// commit that moves a recorded finding down (lines inserted above it) and re-indents it
// reports nothing for it, while a finding new in that commit is still reported and decides
// the exit code. Real repositories, the real binary.
#include <gtest/gtest.h>

#include "tests/e2e_support.h"

namespace review {
namespace {

using testing::finding_keys;
using testing::parse_report;
using testing::run_review;

// Commit X: the finding to baseline, at top level of a function.
constexpr const char* k_tool_x =
    "import os\n"
    "import sys\n"
    "\n"
    "\n"
    "def run():\n"
    "    os.system(sys.argv[1])\n";

// Commit Y: lines inserted above, the same call re-indented into a method (still an added
// line of the diff, so it is reviewed), and a new, different call below it.
constexpr const char* k_tool_y =
    "\"\"\"Runs the tool.\"\"\"\n"
    "import os\n"
    "import sys\n"
    "\n"
    "VERSION = 2\n"
    "\n"
    "\n"
    "class Runner:\n"
    "    def run(self):\n"
    "        os.system(sys.argv[1])\n"
    "\n"
    "    def again(self):\n"
    "        os.system(sys.argv[2])\n";

class E2eBaseline : public ::testing::Test {
 protected:
  testing::TempRepo repo;
  testing::IsolatedHome home;
};

TEST_F(E2eBaseline, MovedAndReindentedFindingStaysBaselinedNewOneIsReported) {
  repo.write("README.md", "# tool\n");
  repo.commit_all("init");
  repo.write("tool.py", k_tool_x);
  std::string x = repo.commit_all("X");

  auto recorded = run_review({"baseline", "--commit", x, "-o", "baseline.json"}, repo.path(), "", home.env());
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_NE(recorded.err.find("baseline of 1 findings written"), std::string::npos) << recorded.err;
  auto baseline = parse_report(testing::read_text(repo.path() / "baseline.json"));
  ASSERT_EQ(baseline["fingerprints"].size(), 1u) << baseline.dump(2);
  EXPECT_EQ(baseline["fingerprints"][0]["rule_id"], "py.os-system");
  EXPECT_EQ(baseline["fingerprints"][0]["path"], "tool.py");
  // The baseline holds what `review` reports for X.
  auto at_x = parse_report(run_review({"--commit", x, "--format", "json"}, repo.path(), "", home.env()).out);
  ASSERT_EQ(at_x["findings"].size(), 1u);
  EXPECT_EQ(at_x["findings"][0]["start_line"], 6);
  EXPECT_EQ(baseline["fingerprints"][0]["fingerprint"], at_x["findings"][0]["fingerprint"]);

  repo.write("tool.py", k_tool_y);
  std::string y = repo.commit_all("Y");

  // Without the baseline both calls are reported (the moved one is on an added line).
  auto plain = run_review({"--commit", y, "--format", "json"}, repo.path(), "", home.env());
  EXPECT_EQ(plain.exit_code, 1) << plain.err;
  EXPECT_EQ(finding_keys(parse_report(plain.out)),
            (std::vector<std::string>{"tool.py:10 py.os-system high confirmed", "tool.py:13 py.os-system high confirmed"}));

  auto with_baseline =
      run_review({"--commit", y, "--baseline", "baseline.json", "--format", "json"}, repo.path(), "", home.env());
  EXPECT_EQ(with_baseline.exit_code, 1) << with_baseline.err;  // the new finding is high
  auto report = parse_report(with_baseline.out);
  EXPECT_EQ(finding_keys(report), (std::vector<std::string>{"tool.py:13 py.os-system high confirmed"}));
  EXPECT_EQ(report["stats"]["baselined_findings"], 1);

  // The new finding alone decides the exit code: below --fail-on it is clean again.
  auto critical_only = run_review({"--commit", y, "--baseline", "baseline.json", "--fail-on", "critical"},
                                  repo.path(), "", home.env());
  EXPECT_EQ(critical_only.exit_code, 0) << critical_only.err;
}

TEST_F(E2eBaseline, OnlyMovedFindingIsCleanAndASecondCopyIsNew) {
  repo.write("tool.py", k_tool_x);
  std::string x = repo.commit_all("X");
  ASSERT_EQ(run_review({"baseline", "--commit", x, "-o", "b.json"}, repo.path(), "", home.env()).exit_code, 0);

  // Lines above, re-indented (inside an `if`), nothing new: clean with the baseline.
  repo.write("tool.py",
             "import os\nimport sys\n\nDEBUG = False\n\n\ndef run():\n    if not DEBUG:\n"
             "        os.system(sys.argv[1])\n");
  std::string moved = repo.commit_all("moved");
  auto clean = run_review({"--commit", moved, "--baseline", "b.json", "--format", "json"}, repo.path(), "", home.env());
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  auto report = parse_report(clean.out);
  EXPECT_EQ(finding_keys(report), std::vector<std::string>{});
  EXPECT_EQ(report["stats"]["baselined_findings"], 1);
  EXPECT_EQ(run_review({"--commit", moved, "--format", "json"}, repo.path(), "", home.env()).exit_code, 1)
      << "without the baseline the moved call is still a finding";

  // The very same code pasted into another function is a second occurrence: a new finding,
  // although this run sees only the copy (the original is not part of the commit's diff).
  repo.write("tool.py",
             "import os\nimport sys\n\nDEBUG = False\n\n\ndef run():\n    if not DEBUG:\n"
             "        os.system(sys.argv[1])\n\n\ndef again():\n    os.system(sys.argv[1])\n");
  std::string copied = repo.commit_all("copied");
  auto again = run_review({"--commit", copied, "--baseline", "b.json", "--format", "json"}, repo.path(), "", home.env());
  EXPECT_EQ(again.exit_code, 1) << again.err;
  auto again_report = parse_report(again.out);
  EXPECT_EQ(finding_keys(again_report), (std::vector<std::string>{"tool.py:13 py.os-system high confirmed"}));
  EXPECT_EQ(again_report["stats"]["baselined_findings"], 0);

}

TEST_F(E2eBaseline, BadBaselineFileIsAnInputError) {
  repo.write("tool.py", k_tool_x);
  std::string x = repo.commit_all("X");
  repo.write("broken.json", "{\"version\": 1, \"fingerprints\": [");
  for (const char* file : {"broken.json", "missing.json"}) {
    auto r = run_review({"--commit", x, "--baseline", file, "--format", "json"}, repo.path(), "", home.env());
    EXPECT_EQ(r.exit_code, 2) << file << ": " << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << "nothing is reported when the baseline cannot be read";
  }
  // `review baseline` without -o is a usage error and writes nothing.
  auto no_file = run_review({"baseline", "--commit", x}, repo.path(), "", home.env());
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_NE(no_file.err.find("-o"), std::string::npos) << no_file.err;
}

}  // namespace
}  // namespace review
