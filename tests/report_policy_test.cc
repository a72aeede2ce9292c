// Exit codes for every policy combination (--fail-on × status × suppression × visibility ×
// baseline × run outcome) and the --min-confidence filter.
#include <gtest/gtest.h>

#include "report/baseline.h"
#include "report/policy.h"
#include "tests/report_fixture.h"

namespace review {
namespace {

using testing::make_finding;

VotedFinding finding(Severity severity, int votes = 3, int voters = 3, std::string fingerprint = "fp") {
  return make_finding("security", "r", "CWE-1", severity, "a.py", 1, 1, "m", std::nullopt, votes, voters, {"v"},
                      std::move(fingerprint));
}

ReportPolicy policy(std::optional<std::string> fail_on, std::optional<double> min_confidence = std::nullopt) {
  auto p = make_report_policy(fail_on, min_confidence);
  EXPECT_TRUE(p) << p.error().message;
  return *p;
}

TEST(ReportPolicy, Defaults) {
  const ReportPolicy p = policy(std::nullopt);
  ASSERT_TRUE(p.fail_on);
  EXPECT_EQ(*p.fail_on, Severity::high);
  EXPECT_EQ(p.min_confidence, 0);
  EXPECT_FALSE(policy("none").fail_on);
}

TEST(ReportPolicy, BadValuesAreUsageErrors) {
  auto bad = make_report_policy("severe", std::nullopt);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::usage);
  EXPECT_EQ(bad.error().message, "--fail-on: expected none|info|low|medium|high|critical, got \"severe\"");
  auto range = make_report_policy(std::nullopt, 1.5);
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().message, "--min-confidence: expected a number in [0,1], got 1.5");
  EXPECT_FALSE(make_report_policy(std::nullopt, -0.1));
}

TEST(ReportPolicy, FailOnThresholdForEverySeverity) {
  const std::vector<std::string> thresholds = {"none", "info", "low", "medium", "high", "critical"};
  for (int found = 0; found <= 4; ++found) {
    Report report;
    report.findings.push_back(finding(static_cast<Severity>(found)));
    for (std::size_t t = 0; t < thresholds.size(); ++t) {
      // "none" never fails; otherwise fail when found ≥ threshold (t-1 is the severity rank).
      const bool fails = t > 0 && found >= static_cast<int>(t) - 1;
      EXPECT_EQ(exit_code_for(report, policy(thresholds[t]), RunOutcome::completed),
                fails ? ExitCode::findings : ExitCode::clean)
          << "found " << to_string(static_cast<Severity>(found)) << ", --fail-on " << thresholds[t];
    }
  }
}

TEST(ReportPolicy, OnlyConfirmedUnsuppressedFindingsCount) {
  Report report;
  report.findings.push_back(finding(Severity::critical));
  report.findings.back().status = FindingStatus::needs_review;
  report.findings.push_back(finding(Severity::critical));
  report.findings.back().suppressed = true;
  report.findings.push_back(finding(Severity::medium));  // below the default (high)
  EXPECT_EQ(failing_findings(report, policy(std::nullopt)), 0);
  EXPECT_EQ(exit_code_for(report, policy(std::nullopt), RunOutcome::completed), ExitCode::clean);
  EXPECT_EQ(exit_code_for(report, policy("medium"), RunOutcome::completed), ExitCode::findings);
  report.findings.push_back(finding(Severity::high));
  EXPECT_EQ(failing_findings(report, policy(std::nullopt)), 1);
  EXPECT_EQ(exit_code_for(report, policy(std::nullopt), RunOutcome::completed), ExitCode::findings);
}

TEST(ReportPolicy, HiddenAndBaselinedFindingsDoNotCount) {
  Report report;
  report.findings.push_back(finding(Severity::high, 1, 3, "low-confidence"));
  report.findings.push_back(finding(Severity::critical, 3, 3, "old"));
  const ReportPolicy p = policy("high", 0.5);
  EXPECT_EQ(exit_code_for(report, p, RunOutcome::completed), ExitCode::findings);
  apply_visibility(report, p);
  EXPECT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(exit_code_for(report, p, RunOutcome::completed), ExitCode::findings);
  Baseline baseline;
  baseline.entries.push_back({"old", "r", "a.py"});
  apply_baseline(report, baseline);
  EXPECT_EQ(exit_code_for(report, p, RunOutcome::completed), ExitCode::clean);
  EXPECT_EQ(report.stats.hidden_findings, 1);
  EXPECT_EQ(report.stats.baselined_findings, 1);
}

TEST(ReportPolicy, RunOutcomeDecidesBeforeFindings) {
  Report clean;
  Report dirty;
  dirty.findings.push_back(finding(Severity::critical));
  for (const Report* report : {&clean, &dirty}) {
    EXPECT_EQ(exit_code_for(*report, policy(std::nullopt), RunOutcome::backend_failed_closed), ExitCode::backend);
    EXPECT_EQ(exit_code_for(*report, policy("none"), RunOutcome::backend_failed_closed), ExitCode::backend);
    EXPECT_EQ(exit_code_for(*report, policy(std::nullopt), RunOutcome::interrupted), ExitCode::interrupted);
  }
  EXPECT_EQ(static_cast<int>(exit_code_for(clean, policy(std::nullopt), RunOutcome::completed)), 0);
  EXPECT_EQ(static_cast<int>(exit_code_for(dirty, policy(std::nullopt), RunOutcome::completed)), 1);
  EXPECT_EQ(static_cast<int>(exit_code_for(dirty, policy(std::nullopt), RunOutcome::backend_failed_closed)), 3);
  EXPECT_EQ(static_cast<int>(exit_code_for(dirty, policy(std::nullopt), RunOutcome::interrupted)), 130);
}

TEST(ReportPolicy, MinConfidenceComparesAtPrintedPrecision) {
  auto run = [](double min_confidence) {
    Report report;
    report.findings.push_back(finding(Severity::low, 1, 3, "a"));  // 0.333
    report.findings.push_back(finding(Severity::low, 2, 3, "b"));  // 0.667
    report.findings.push_back(finding(Severity::low, 3, 3, "c"));  // 1.0
    apply_visibility(report, policy(std::nullopt, min_confidence));
    std::string kept;
    for (const auto& f : report.findings) kept += f.fingerprint;
    return kept;
  };
  EXPECT_EQ(run(0), "abc");
  EXPECT_EQ(run(0.333), "abc");
  EXPECT_EQ(run(0.5), "bc");
  EXPECT_EQ(run(0.667), "bc");  // 2/3 prints as 0.667 and is kept
  EXPECT_EQ(run(0.67), "c");
  EXPECT_EQ(run(1), "c");
}

}  // namespace
}  // namespace review
