// The merged report: one sorted list of voted findings from every reviewer, plus what was
// degraded, skipped and noted, and run statistics. Writers (report/*_writer.*) render it.
// JSON shape: DESIGN.md "JSON report contract (version 1)", docs/report.schema.json.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "git/diff_model.h"
#include "reviewers/finding.h"

namespace review {

/// Run statistics. Times in milliseconds of wall-clock time.
struct ReportStats {
  int files = 0;         ///< files in the diff that were reviewed
  int chunks = 0;        ///< chunks reviewed
  int voter_calls = 0;   ///< voter submissions that ran (LLM calls, command runs, built-in passes)
  int cache_hits = 0;    ///< voter answers served from the cache
  long tokens_in = 0;    ///< LLM tokens sent
  long tokens_out = 0;   ///< LLM tokens received
  long wall_ms = 0;      ///< whole run
  int dropped_findings = 0;  ///< voter findings rejected by validation
  int calls_saved = 0;       ///< calls skipped by adaptive voting
  int hidden_findings = 0;     ///< findings removed by --min-confidence (report/policy.h)
  int baselined_findings = 0;  ///< findings removed by --baseline (report/baseline.h)
  std::map<std::string, long> stage_ms;  ///< per stage: "diff", "chunk", "review", "report"
};

struct Report {
  SourceInfo source;
  std::vector<VotedFinding> findings;  ///< sorted by (path, start_line, aspect, rule_id)
  std::vector<DegradedEntry> degraded;
  std::vector<SkippedEntry> skipped;
  std::vector<ReportNote> notes;
  ReportStats stats;
};

/// Sorts findings by (path, start_line, aspect, rule_id, end_line, fingerprint) and the
/// other lists by path and line, so output is byte-identical for any --jobs.
void sort_report(Report& report);

}  // namespace review
