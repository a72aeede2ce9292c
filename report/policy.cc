// --fail-on / --min-confidence and the exit code of a run.
#include "report/policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/writer_util.h"

namespace review {

Expected<ReportPolicy> make_report_policy(const std::optional<std::string>& fail_on,
                                          std::optional<double> min_confidence) {
  ReportPolicy policy;
  if (fail_on) {
    if (*fail_on == "none") {
      policy.fail_on = std::nullopt;
    } else if (auto severity = parse_severity(*fail_on)) {
      policy.fail_on = *severity;
    } else {
      return fail(ErrorKind::usage,
                  fmt::format("--fail-on: expected none|info|low|medium|high|critical, got \"{}\"", *fail_on));
    }
  }
  if (min_confidence) {
    if (!std::isfinite(*min_confidence) || *min_confidence < 0 || *min_confidence > 1) {
      return fail(ErrorKind::usage, fmt::format("--min-confidence: expected a number in [0,1], got {}", *min_confidence));
    }
    policy.min_confidence = *min_confidence;
  }
  return policy;
}

void apply_visibility(Report& report, const ReportPolicy& policy) {
  // Compare in thousandths, the precision the reports print: 2/3 prints as 0.667.
  const long threshold = std::lround(policy.min_confidence * 1000.0);
  const auto below = [threshold](const VotedFinding& f) {
    return std::lround(detail::round_confidence(f.confidence) * 1000.0) < threshold;
  };
  const auto removed = std::erase_if(report.findings, below);
  report.stats.hidden_findings += static_cast<int>(removed);
}

int failing_findings(const Report& report, const ReportPolicy& policy) {
  if (!policy.fail_on) return 0;
  return static_cast<int>(std::ranges::count_if(report.findings, [&](const VotedFinding& f) {
    return f.status == FindingStatus::confirmed && !f.suppressed && f.finding.severity >= *policy.fail_on;
  }));
}

ExitCode exit_code_for(const Report& report, const ReportPolicy& policy, RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::interrupted: return ExitCode::interrupted;
    case RunOutcome::backend_failed_closed: return ExitCode::backend;
    case RunOutcome::completed: break;
  }
  return failing_findings(report, policy) > 0 ? ExitCode::findings : ExitCode::clean;
}

}  // namespace review
