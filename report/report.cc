// Deterministic ordering of everything in a report.
#include "report/report.h"

#include <algorithm>
#include <tuple>

namespace review {

void sort_report(Report& report) {
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const VotedFinding& a, const VotedFinding& b) {
    const Finding& x = a.finding;
    const Finding& y = b.finding;
    return std::tie(x.path, x.start_line, x.aspect, x.rule_id, x.end_line, a.fingerprint) <
           std::tie(y.path, y.start_line, y.aspect, y.rule_id, y.end_line, b.fingerprint);
  });
  std::stable_sort(report.degraded.begin(), report.degraded.end(), [](const DegradedEntry& a, const DegradedEntry& b) {
    return std::tie(a.path, a.start_line, a.aspect) < std::tie(b.path, b.start_line, b.aspect);
  });
  std::stable_sort(report.skipped.begin(), report.skipped.end(),
                   [](const SkippedEntry& a, const SkippedEntry& b) { return a.path < b.path; });
  std::stable_sort(report.notes.begin(), report.notes.end(), [](const ReportNote& a, const ReportNote& b) {
    return std::tie(a.path, a.line, a.kind) < std::tie(b.path, b.line, b.kind);
  });
}

}  // namespace review
