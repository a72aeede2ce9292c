// Inline suppression (DESIGN.md "Suppression"): a comment `review-ignore` or
// `review-ignore: RULE[, RULE]` on a finding's line, or alone on the line before it,
// suppresses the finding. RULE is a rule id ("py.subprocess-shell") or a category
// ("CWE-78"); without a list every finding there is suppressed. Suppressed findings stay
// in the report (VotedFinding::suppressed, SARIF `suppressions`). A suppression on an
// added line that suppresses nothing is reported as a note ("unused-suppression").
//
// Example (Python):
//   subprocess.run(cmd, shell=True)  # review-ignore: CWE-78
//   # review-ignore
//   eval(expr)
#pragma once

#include <span>
#include <string>
#include <vector>

#include "git/diff_model.h"
#include "reviewers/finding.h"

namespace review {

/// One `review-ignore` comment.
struct Suppression {
  std::string path;
  int comment_line = 0;            ///< 1-based line of the comment
  int target_line = 0;             ///< the line it covers (itself, or the next one when alone)
  std::vector<std::string> rules;  ///< rule ids or categories; empty = everything
};

/// The suppressions in `file`'s post-image (or, without one, in its hunks' new-side lines).
/// The comment must start with a comment marker (#, //, /*, *, --, <!--, ;) before
/// `review-ignore` on that line.
std::vector<Suppression> find_suppressions(const FileDiff& file);

/// Marks every finding covered by a suppression in `files` as suppressed and returns one
/// note per unused suppression whose comment is on an added line, in (path, line) order.
std::vector<ReportNote> apply_suppressions(std::span<const FileDiff> files, std::vector<VotedFinding>& findings);

}  // namespace review
