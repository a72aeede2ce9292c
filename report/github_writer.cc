// GitHub workflow-command annotations with escaping and the 10-per-level cap.
#include "report/github_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "report/writer_util.h"
#include "util/text.h"

namespace review {

namespace {

enum class Level { error, warning, notice };
constexpr std::array<std::string_view, 3> k_level_names = {"error", "warning", "notice"};
constexpr int k_per_level = 10;

Level level_for(const VotedFinding& voted) {
  if (voted.status == FindingStatus::needs_review) return Level::notice;
  switch (voted.finding.severity) {
    case Severity::critical:
    case Severity::high: return Level::error;
    case Severity::medium: return Level::warning;
    case Severity::low:
    case Severity::info: return Level::notice;
  }
  return Level::notice;
}

std::string annotation(const VotedFinding& voted) {
  const Finding& f = voted.finding;
  std::string title = fmt::format("{} {}/{}", to_string(f.severity), f.aspect, f.rule_id);
  if (!f.category.empty()) title += fmt::format(" ({})", f.category);
  title += fmt::format(" {}", detail::votes_text(voted));
  if (voted.status == FindingStatus::needs_review) title += " needs review";
  std::string message = f.message;
  if (f.suggestion && !f.suggestion->empty()) message += "\nSuggestion: " + *f.suggestion;
  const int start = std::max(1, f.start_line);
  return fmt::format("::{} file={},line={},endLine={},title={}::{}\n", k_level_names[static_cast<int>(level_for(voted))],
                     escape_command_property(f.path), start, std::max(start, f.end_line),
                     escape_command_property(title), escape_command_message(message));
}

}  // namespace

std::string escape_command_message(std::string_view text) {
  const std::string valid = sanitize_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (char c : valid) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_command_property(std::string_view text) {
  std::string out;
  for (char c : escape_command_message(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

std::string write_github(const Report& report, const WriterContext&) {
  std::vector<const VotedFinding*> shown;
  for (const VotedFinding& voted : report.findings) {
    if (!voted.suppressed) shown.push_back(&voted);
  }
  // Most severe first; confirmed before needs_review; otherwise report order.
  std::ranges::stable_sort(shown, [](const VotedFinding* a, const VotedFinding* b) {
    const bool a_confirmed = a->status == FindingStatus::confirmed;
    const bool b_confirmed = b->status == FindingStatus::confirmed;
    if (a_confirmed != b_confirmed) return a_confirmed;
    return a->finding.severity > b->finding.severity;
  });
  const bool has_extras = !report.degraded.empty() || !report.skipped.empty();
  std::array<int, 3> per_level{};
  for (const VotedFinding* voted : shown) ++per_level[static_cast<int>(level_for(*voted))];
  // The closing notice takes one of the 10 notice slots when it is needed.
  const bool closing_notice = has_extras || per_level[0] > k_per_level || per_level[1] > k_per_level ||
                              per_level[2] > k_per_level;
  const std::array<int, 3> caps = {k_per_level, k_per_level, closing_notice ? k_per_level - 1 : k_per_level};
  std::array<int, 3> emitted{};
  std::string out;
  int left_out = 0;
  for (const VotedFinding* voted : shown) {
    const auto level = static_cast<int>(level_for(*voted));
    if (emitted[level] >= caps[level]) {
      ++left_out;
      continue;
    }
    ++emitted[level];
    out += annotation(*voted);
  }
  if (left_out > 0 || has_extras) {
    std::vector<std::string> parts;
    if (left_out > 0) {
      parts.push_back(fmt::format("{} not shown as annotations (GitHub shows at most {} per level)",
                                  detail::plural(left_out, "more finding", "more findings"), k_per_level));
    }
    if (!report.degraded.empty()) {
      parts.push_back(fmt::format("{} degraded (too few voters answered)", detail::plural(static_cast<long>(report.degraded.size()), "chunk", "chunks")));
    }
    if (!report.skipped.empty()) {
      parts.push_back(fmt::format("{} skipped", detail::plural(static_cast<long>(report.skipped.size()), "file", "files")));
    }
    out += fmt::format("::notice title=review::{}\n",
                       escape_command_message("review: " + join(parts, "; ") + ". See the full report."));
  }
  return out;
}

}  // namespace review
