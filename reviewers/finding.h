// Findings: one voter's opinion (Finding) and the result of voting on a cluster of them
// (VotedFinding), plus what a run reports besides findings (degraded, skipped). Plain values.
// Lines are 1-based on the new side of the diff, inclusive.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace review {

/// Severity, ordered: info < low < medium < high < critical.
enum class Severity { info, low, medium, high, critical };

/// "info", "low", … (the JSON spelling).
const char* to_string(Severity severity);
/// Parses the JSON spelling; nullopt if unknown.
std::optional<Severity> parse_severity(std::string_view text);

/// One voter's opinion about one place in a chunk.
struct Finding {
  std::string aspect;    ///< reviewer name: "security", "performance", "style", or a custom one
  std::string rule_id;   ///< e.g. "py.subprocess-shell"; LLM voters use "llm.<category>"
  std::string category;  ///< the reviewer's taxonomy entry (CWE id for security, e.g. "CWE-78")
  Severity severity = Severity::medium;
  std::string path;
  int start_line = 0;
  int end_line = 0;
  std::string message;
  std::optional<std::string> suggestion;
  std::string voter;  ///< id of the voter that produced it
};

/// confirmed: passed the reviewer's strategy; needs_review: seen, but agreement too low.
enum class FindingStatus { confirmed, needs_review };
const char* to_string(FindingStatus status);

/// A cluster of matching findings after voting. `finding` is the representative (from the
/// highest-weight voter that found it, ties broken by voter order); its `voter` field is
/// that voter's id.
struct VotedFinding {
  Finding finding;
  int votes = 0;          ///< distinct voters that reported this cluster
  int voters = 0;         ///< voters that answered on the chunk (abstentions excluded)
  double confidence = 0;  ///< agreement in [0,1]: votes/voters, or weight share for weighted
  FindingStatus status = FindingStatus::confirmed;
  std::vector<std::string> voter_ids;  ///< ids of the voters that found it, in voter order
  /// Stable id: hash of rule_id + path + normalized snippet + occurrence index
  /// (see reviewers/fingerprint.h); survives line shifts and re-indentation.
  std::string fingerprint;
  /// Set when an inline `review-ignore` comment covers it: kept (SARIF `suppressions`),
  /// but never counted for --fail-on nor shown in text output.
  bool suppressed = false;
};

/// A chunk × reviewer whose answers fell below the quorum: reported, never silently empty.
struct DegradedEntry {
  std::string path;
  int start_line = 0;
  int end_line = 0;
  std::string aspect;
  std::string reason;  ///< e.g. "1 of 3 voters answered (quorum 2): timeout; timeout"
};

/// A file that was not reviewed, and why ("binary", "generated", "too large", …).
struct SkippedEntry {
  std::string path;
  std::string reason;
};

/// A note that is not a finding, e.g. an unused `review-ignore` suppression.
struct ReportNote {
  std::string path;
  int line = 0;
  std::string kind;  ///< "unused-suppression", …
  std::string message;
};

}  // namespace review
