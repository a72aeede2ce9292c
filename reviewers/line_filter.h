// Which lines a finding may touch to be reported (`--filter`, DESIGN.md "Command-line
// contract"): by default only lines the change added, so a review comments on the change,
// not on the code around it. Lines are 1-based on the new side.
#pragma once

#include <optional>
#include <string_view>

#include "git/diff_model.h"
#include "reviewers/finding.h"

namespace review {

enum class LineFilter {
  added,         ///< the finding's range touches an added line (default)
  diff_context,  ///< it touches a hunk's new-side range (added or context lines)
  file,          ///< anywhere in a changed file
  nofilter,      ///< everything
};

const char* to_string(LineFilter filter);  ///< "added", "diff_context", "file", "nofilter"
std::optional<LineFilter> parse_line_filter(std::string_view text);

/// True if `finding` (whose path is `file.path`) passes `filter`. Its range is
/// [start_line, max(start_line, end_line)]. Thread-safe, O(log added lines + hunks).
bool finding_passes(const Finding& finding, const FileDiff& file, LineFilter filter);

}  // namespace review
