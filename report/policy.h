// Report policy: which findings are shown (--min-confidence) and which exit code a run
// ends with (--fail-on), per DESIGN.md "Command-line contract":
//   0 clean, 1 a confirmed finding at/above --fail-on, 2 usage/config/input error (an Error,
//   mapped by util/exit_code.h), 3 reviewer backend failure under a fail-closed policy,
//   130 interrupted.
// Order of application: sort_report → suppression (engine sets `suppressed`) →
// apply_visibility (--min-confidence) → apply_baseline (--baseline) → writers → exit_code_for.
#pragma once

#include <optional>
#include <string>

#include "report/report.h"
#include "util/error.h"
#include "util/exit_code.h"

namespace review {

struct ReportPolicy {
  /// --fail-on: exit 1 if a confirmed, unsuppressed finding is at or above this severity;
  /// nullopt ("none") never fails on findings. Default high.
  std::optional<Severity> fail_on = Severity::high;
  /// --min-confidence: findings with a confidence below this (0..1) are hidden. Default 0.
  double min_confidence = 0;
};

/// Builds a policy from the raw option values (nullopt = default). Errors (kind usage):
/// "--fail-on: expected none|info|low|medium|high|critical, got \"x\"", "--min-confidence:
/// expected a number in [0,1], got 1.5".
Expected<ReportPolicy> make_report_policy(const std::optional<std::string>& fail_on,
                                          std::optional<double> min_confidence);

/// Removes findings whose confidence is below `policy.min_confidence` (compared at the 3
/// decimals the reports print, so "--min-confidence 0.667" keeps 2/3) and adds their number
/// to `report.stats.hidden_findings`. Order of the rest is kept.
void apply_visibility(Report& report, const ReportPolicy& policy);

/// Number of findings that fail the run: confirmed, not suppressed, severity ≥ fail_on.
/// Hidden or baselined findings are no longer in the report, so they never count.
int failing_findings(const Report& report, const ReportPolicy& policy);

/// How the run ended, besides its findings.
enum class RunOutcome {
  completed,              ///< every reviewer answered, or failures were tolerated (fail-open)
  backend_failed_closed,  ///< a reviewer backend failed under --policy fail-closed
  interrupted,            ///< SIGINT/SIGTERM arrived
};

/// The exit code: interrupted → 130; backend_failed_closed → 3 (even with findings: the
/// review is incomplete, so CI must not read it as a verdict); otherwise 1 if
/// `failing_findings` > 0, else 0. (Exit 2 comes from an Error, never from a report.)
ExitCode exit_code_for(const Report& report, const ReportPolicy& policy, RunOutcome outcome);

}  // namespace review
