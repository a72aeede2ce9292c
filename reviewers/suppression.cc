// Suppression comments: found with one RE2 per line, matched to findings by path and line.
#include "reviewers/suppression.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "util/text.h"

namespace review {

namespace {

/// Lines of the new side: the post-image, or the hunks' context and added lines.
std::map<int, std::string_view> new_side_lines(const FileDiff& file) {
  std::map<int, std::string_view> out;
  if (file.has_post_image) {
    auto lines = split_lines(file.post_image);
    for (std::size_t i = 0; i < lines.size(); ++i) out[static_cast<int>(i) + 1] = lines[i];
    return out;
  }
  for (const auto& h : file.hunks)
    for (const auto& l : h.lines)
      if (l.new_lineno > 0) out[l.new_lineno] = l.content;
  return out;
}

bool covers(const Suppression& s, const VotedFinding& v) {
  const Finding& f = v.finding;
  if (f.path != s.path) return false;
  if (s.target_line < f.start_line || s.target_line > std::max(f.start_line, f.end_line)) return false;
  if (s.rules.empty()) return true;
  return std::ranges::any_of(s.rules, [&](const std::string& r) { return r == f.rule_id || r == f.category; });
}

}  // namespace

std::vector<Suppression> find_suppressions(const FileDiff& file) {
  static const RE2 re(R"((#|//|/\*|\*|--|<!--|;)\s*review-ignore(?:\s*:\s*([A-Za-z0-9._\-]+(?:\s*,\s*[A-Za-z0-9._\-]+)*))?)");
  std::vector<Suppression> out;
  if (file.has_post_image && file.post_image.find("review-ignore") == std::string::npos) return out;
  auto lines = new_side_lines(file);
  for (const auto& [number, text] : lines) {
    if (text.find("review-ignore") == std::string_view::npos) continue;
    re2::StringPiece marker, list;
    re2::StringPiece input(text.data(), text.size());
    if (!RE2::PartialMatch(input, re, &marker, &list)) continue;
    Suppression s;
    s.path = file.path;
    s.comment_line = number;
    std::string_view before = trim(text.substr(0, static_cast<std::size_t>(marker.data() - text.data())));
    s.target_line = before.empty() ? number + 1 : number;  // alone on its line: covers the next
    for (auto& r : split(std::string_view(list.data(), list.size()), ','))
      if (auto t = trim(r); !t.empty()) s.rules.emplace_back(t);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<ReportNote> apply_suppressions(std::span<const FileDiff> files, std::vector<VotedFinding>& findings) {
  std::vector<ReportNote> notes;
  for (const auto& file : files) {
    if (file.skip_reason) continue;
    for (const auto& s : find_suppressions(file)) {
      bool used = false;
      for (auto& v : findings)
        if (covers(s, v)) v.suppressed = used = true;
      if (used || !std::ranges::binary_search(file.added_lines, s.comment_line)) continue;
      std::string what = s.rules.empty() ? "review-ignore" : "review-ignore: " + join(s.rules, ", ");
      notes.push_back({s.path, s.comment_line, "unused-suppression",
                       fmt::format("'{}' suppresses no finding on line {}", what, s.target_line)});
    }
  }
  std::ranges::sort(notes, {}, [](const ReportNote& n) { return std::tie(n.path, n.line); });
  return notes;
}

}  // namespace review
