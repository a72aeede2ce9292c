// Line filter: interval tests against the sorted added lines and the hunks' new-side ranges.
#include "reviewers/line_filter.h"

#include <algorithm>

namespace review {

const char* to_string(LineFilter filter) {
  switch (filter) {
    case LineFilter::added: return "added";
    case LineFilter::diff_context: return "diff_context";
    case LineFilter::file: return "file";
    case LineFilter::nofilter: return "nofilter";
  }
  return "added";
}

std::optional<LineFilter> parse_line_filter(std::string_view text) {
  for (auto f : {LineFilter::added, LineFilter::diff_context, LineFilter::file, LineFilter::nofilter})
    if (text == to_string(f)) return f;
  return std::nullopt;
}

bool finding_passes(const Finding& finding, const FileDiff& file, LineFilter filter) {
  int start = finding.start_line, end = std::max(finding.start_line, finding.end_line);
  switch (filter) {
    case LineFilter::nofilter: return true;
    case LineFilter::file: return finding.path == file.path;
    case LineFilter::added: {
      if (finding.path != file.path) return false;
      auto it = std::ranges::lower_bound(file.added_lines, start);
      return it != file.added_lines.end() && *it <= end;
    }
    case LineFilter::diff_context:
      if (finding.path != file.path) return false;
      return std::ranges::any_of(file.hunks, [&](const Hunk& h) {
        if (h.new_lines == 0) return false;  // pure deletion: no new-side lines
        int last = h.new_start + h.new_lines - 1;
        return start <= last && end >= h.new_start;
      });
  }
  return false;
}

}  // namespace review
