// Helpers shared by the report writers (not a public API): severity order, display text
// for votes and confidence, control-character scrubbing, code excerpts and counts.
#pragma once

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"
#include "report/writer.h"

namespace review::detail {

/// 0 for info … 4 for critical.
inline int severity_rank(Severity severity) { return static_cast<int>(severity); }

/// Confidence rounded to 3 decimals, the precision of every machine-readable output
/// (JSON, SARIF), so a report is byte-stable across platforms and round-trips.
double round_confidence(double confidence);

/// "2/3 voters".
std::string votes_text(const VotedFinding& finding);

/// Confidence for humans: fixed two decimals, "0.67".
std::string confidence_text(double confidence);

/// `text` as valid UTF-8 with C0 control characters (except tab), DEL and C1 controls
/// replaced by U+FFFD, so untrusted text cannot move a terminal's cursor or inject escape
/// sequences. Newlines are replaced too unless `keep_newlines`.
enum class Newlines { replace, keep };
std::string scrub_controls(std::string_view text, Newlines newlines);

/// One line of a code excerpt: 1-based new-side number, its text, and whether it lies in
/// the flagged range.
struct ExcerptLine {
  int line = 0;
  std::string_view text;
  bool flagged = false;
};

/// Lines `start_line - 1` … `end_line + 1` of `path`'s post-image (clamped to the file),
/// with at most `max_flagged` flagged lines (the rest elided); empty when the context has
/// no text for `path` or the range is outside it. Views borrow from the context's text.
std::vector<ExcerptLine> excerpt(const WriterContext& context, std::string_view path, int start_line,
                                 int end_line, int max_flagged = 8);

/// Counts over a report's findings, for summaries. `shown` excludes suppressed findings.
struct ReportCounts {
  int shown = 0;
  int suppressed = 0;
  int needs_review = 0;                       ///< shown findings with status needs_review
  std::array<int, 5> by_severity{};           ///< shown findings, indexed by severity_rank
  std::map<std::string, int> by_aspect;       ///< shown findings per reviewer
};
ReportCounts count_findings(const Report& report);

/// "1 critical, 2 high, 0 medium" style list of the non-zero severities, most severe first
/// ("none" when all are zero).
std::string severity_summary(const ReportCounts& counts);

/// "security 3, style 1" ("none" when empty).
std::string aspect_summary(const ReportCounts& counts);

/// "1 file" / "2 files".
std::string plural(long count, std::string_view singular, std::string_view plural_form);

/// Run statistics as the JSON report's "stats" object (also SARIF run.properties.stats).
nlohmann::ordered_json stats_json(const ReportStats& stats);

/// Run statistics as one line: files, chunks, voter calls, cache hits, tokens, times.
std::string stats_summary(const ReportStats& stats);

}  // namespace review::detail
