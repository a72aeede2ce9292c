// SARIF 2.1.0 for GitHub code scanning (OASIS SARIF 2.1.0; GitHub "SARIF support for code
// scanning"). Validated in tests with Microsoft's SARIF Multitool, rule kinds "Gh;Sarif".
//
// Mapping:
// - one run; tool.driver {name "review", version, informationUri (WriterContext), rules[]}: one rule per
//   distinct rule_id (sorted), with name, shortDescription, fullDescription, help (from
//   WriterContext::rules when given, else built from aspect and category),
//   defaultConfiguration.level (of the most severe finding of that rule), and properties
//   {tags: [aspect, category, "security", "external/cwe/cwe-N"…], "security-severity"}.
// - "security-severity" (security rules only; a string GitHub reads as a CVSS-like score):
//   critical 9.5, high 8.0, medium 5.5, low 3.0, info 1.0 — the most severe finding's.
// - result.level: critical/high → "error", medium → "warning", low/info → "note";
//   a needs_review finding (voters disagreed) is always "note" and carries
//   properties.status "needs_review", so code scanning does not gate on it.
// - result.ruleId/ruleIndex, message.text (message, then "Suggestion: …"), one location
//   {artifactLocation {uri: repo-relative, percent-encoded; uriBaseId "%SRCROOT%"},
//   region {startLine, endLine}}, partialFingerprints {"reviewFingerprint/v1": fingerprint},
//   properties {votes, voters, confidence, status, aspect, category, severity, voter_ids,
//   suggestion?}.
// - suppressed findings are kept with suppressions [{kind: "inSource"}].
// - run.properties.stats: the run statistics, as in the JSON report.
// - degraded chunks, skipped files and notes become invocations[0].toolExecutionNotifications
//   (warning for degraded, note otherwise); executionSuccessful is true (a degraded chunk is
//   reported, not a failed run).
#pragma once

#include <string>

#include "report/report.h"
#include "report/writer.h"

namespace review {

/// The SARIF log (pretty JSON, trailing newline). Uses `context.tool_version` and
/// `context.rules`.
std::string write_sarif(const Report& report, const WriterContext& context);

/// The "security-severity" score for `severity`: "9.5", "8.0", "5.5", "3.0", "1.0".
const char* security_severity_score(Severity severity);

/// The SARIF `level` for a finding: "error", "warning" or "note" (see the mapping above).
const char* sarif_level(Severity severity, FindingStatus status);

/// `path` as a relative URI reference: unreserved characters and '/' kept, every other
/// byte percent-encoded (so "a b:c.py" → "a%20b%3Ac.py"; a colon can never read as a scheme).
std::string path_to_uri(std::string_view path);

}  // namespace review
