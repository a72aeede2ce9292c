// Markdown writer: summary table, findings by severity in <details> blocks, size cap.
#include "report/markdown_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "report/writer_util.h"
#include "util/text.h"

namespace review {

namespace {

using detail::Newlines;

constexpr std::array<std::string_view, 5> k_severity_titles = {"Info", "Low", "Medium", "High", "Critical"};

std::string location(std::string_view path, int start_line, int end_line) {
  if (end_line > start_line) return fmt::format("{}:{}-{}", path, start_line, end_line);
  return fmt::format("{}:{}", path, start_line);
}

/// A fenced code block for `lines`, the fence longer than any backtick run in them.
std::string code_block(const std::vector<detail::ExcerptLine>& lines, int end_line) {
  std::string body;
  const std::size_t width = std::to_string(lines.back().line).size();
  for (const detail::ExcerptLine& line : lines) {
    body += fmt::format("{} {:>{}} | {}\n", line.flagged ? '>' : ' ', line.line, width,
                        detail::scrub_controls(line.text, Newlines::replace));
  }
  if (lines.back().line < end_line) body += fmt::format("  {:>{}}   …\n", "", width);
  std::size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fmt::format("{}text\n{}{}\n", fence, body, fence);
}

std::string finding_block(const VotedFinding& voted, const WriterContext& context) {
  const Finding& f = voted.finding;
  std::string rule = fmt::format("{}/{}", f.aspect, f.rule_id);
  if (!f.category.empty()) rule += fmt::format(" ({})", f.category);
  std::string summary = fmt::format("<code>{}</code> · {} · {} · {}", markdown_escape(location(f.path, f.start_line, f.end_line)),
                                    markdown_escape(rule), detail::votes_text(voted),
                                    fmt::format("confidence {}", detail::confidence_text(voted.confidence)));
  if (voted.status == FindingStatus::needs_review) summary += " · <em>needs review</em>";
  std::string block = fmt::format("<details>\n<summary>{}</summary>\n\n", summary);
  block += markdown_escape(f.message) + "\n\n";
  if (f.suggestion && !f.suggestion->empty()) block += "<b>Suggestion:</b> " + markdown_escape(*f.suggestion) + "\n\n";
  const auto lines = detail::excerpt(context, f.path, f.start_line, f.end_line);
  if (!lines.empty()) block += code_block(lines, f.end_line) + "\n";
  block += "</details>\n\n";
  return block;
}

std::string summary_table(const Report& report, const detail::ReportCounts& counts) {
  // Severity rows × reviewer columns, counting shown (unsuppressed) findings.
  std::string out = "| Severity |";
  std::string rule = "|:--|";
  for (const auto& [aspect, n] : counts.by_aspect) {
    out += " " + markdown_escape(aspect) + " |";
    rule += "--:|";
  }
  out += " Total |\n" + rule + "--:|\n";
  for (int rank = 4; rank >= 0; --rank) {
    out += fmt::format("| {} |", to_string(static_cast<Severity>(rank)));
    for (const auto& [aspect, n] : counts.by_aspect) {
      const auto in_cell = std::ranges::count_if(report.findings, [&](const VotedFinding& v) {
        return !v.suppressed && v.finding.aspect == aspect && detail::severity_rank(v.finding.severity) == rank;
      });
      out += fmt::format(" {} |", in_cell);
    }
    out += fmt::format(" {} |\n", counts.by_severity[rank]);
  }
  out += "| **Total** |";
  for (const auto& [aspect, n] : counts.by_aspect) out += fmt::format(" {} |", n);
  out += fmt::format(" **{}** |\n", counts.shown);
  return out;
}

std::string list_block(std::string_view title, const std::vector<std::string>& items) {
  std::string out = fmt::format("<details>\n<summary>{}</summary>\n\n", title);
  for (const std::string& item : items) out += "- " + item + "\n";
  out += "\n</details>\n\n";
  return out;
}

}  // namespace

std::string markdown_escape(std::string_view text) {
  // Leading/trailing spaces could form an indented code block or a hard line break.
  const std::string clean = detail::scrub_controls(trim(text), Newlines::keep);
  // Punctuation that can start inline markup anywhere (emphasis, code, links, HTML, tables,
  // strikethrough, math, mentions) is always replaced. Block markup (lists, headings, rules,
  // quotes) can only start a line; newlines become <br>, so the only line start is the
  // first character, which is replaced when it is punctuation (or ends "1." / "1)").
  static constexpr std::string_view k_inline = "&<>\"'`*_[]|\\~#!{}@$";
  std::string out;
  out.reserve(clean.size());
  std::size_t digits = 0;
  while (digits < clean.size() && clean[digits] >= '0' && clean[digits] <= '9') ++digits;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const char c = clean[i];
    const bool punct = (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    const bool line_start = i == 0 || (i == digits && (c == '.' || c == ')'));
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "<br>"; break;
      default:
        if (k_inline.find(c) != std::string_view::npos || (punct && line_start)) {
          out += fmt::format("&#{};", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string write_markdown(const Report& report, const WriterContext& context) {
  const detail::ReportCounts counts = detail::count_findings(report);
  std::string head = counts.shown == 0
                         ? std::string("## review: no findings\n\n")
                         : fmt::format("## review: {}\n\n{}\n", detail::plural(counts.shown, "finding", "findings"),
                                       summary_table(report, counts));
  std::vector<std::string> extras;
  if (counts.needs_review > 0) extras.push_back(fmt::format("{} needs review", counts.needs_review));
  if (counts.suppressed > 0) extras.push_back(fmt::format("{} suppressed", counts.suppressed));
  if (report.stats.hidden_findings > 0) extras.push_back(fmt::format("{} below --min-confidence", report.stats.hidden_findings));
  if (report.stats.baselined_findings > 0) extras.push_back(fmt::format("{} in baseline", report.stats.baselined_findings));
  if (!report.degraded.empty()) extras.push_back(fmt::format("{} degraded", report.degraded.size()));
  if (!report.skipped.empty()) extras.push_back(fmt::format("{} skipped", report.skipped.size()));
  if (!extras.empty()) head += markdown_escape(join(extras, " · ")) + "\n\n";
  head += "<sub>Reviewed " + markdown_escape(detail::stats_summary(report.stats)) + ".</sub>\n\n";

  // Blocks in output order, each emitted whole or not at all; after the first block that
  // does not fit nothing more is rendered. Room is kept for the truncation note, so the
  // result never exceeds the limit.
  constexpr std::size_t k_note_reserve = 256;
  const std::size_t limit = context.markdown_limit_bytes;
  std::string out = head;
  std::size_t shown = 0;
  bool truncated = false;
  const auto emit = [&](const std::string& block, int findings) {
    if (truncated || out.size() + block.size() + k_note_reserve > limit) {
      truncated = true;
      return;
    }
    out += block;
    shown += static_cast<std::size_t>(findings);
  };
  for (int rank = 4; rank >= 0 && !truncated; --rank) {
    if (counts.by_severity[rank] == 0) continue;
    emit(fmt::format("### {} ({})\n\n", k_severity_titles[rank], counts.by_severity[rank]), 0);
    for (const VotedFinding& voted : report.findings) {
      if (truncated) break;
      if (voted.suppressed || detail::severity_rank(voted.finding.severity) != rank) continue;
      emit(finding_block(voted, context), 1);
    }
  }
  if (!report.degraded.empty() && !truncated) {
    std::vector<std::string> items;
    for (const DegradedEntry& d : report.degraded) {
      items.push_back(fmt::format("<code>{}</code> {}: {}", markdown_escape(location(d.path, d.start_line, d.end_line)),
                                  markdown_escape(d.aspect), markdown_escape(d.reason)));
    }
    emit(list_block(fmt::format("Degraded ({}): fewer voters answered than the quorum", items.size()), items), 0);
  }
  if (!report.skipped.empty() && !truncated) {
    std::vector<std::string> items;
    for (const SkippedEntry& s : report.skipped) {
      items.push_back(fmt::format("<code>{}</code> ({})", markdown_escape(s.path), markdown_escape(s.reason)));
    }
    emit(list_block(fmt::format("Skipped files ({})", items.size()), items), 0);
  }
  if (!report.notes.empty() && !truncated) {
    std::vector<std::string> items;
    for (const ReportNote& n : report.notes) {
      items.push_back(fmt::format("<code>{}</code> {}: {}", markdown_escape(fmt::format("{}:{}", n.path, n.line)),
                                  markdown_escape(n.kind), markdown_escape(n.message)));
    }
    emit(list_block(fmt::format("Notes ({})", items.size()), items), 0);
  }
  if (truncated) {
    std::string note = fmt::format(
        "> **Truncated:** {} of {} findings are not shown here (the limit is {} bytes). See the JSON or SARIF report "
        "for everything.\n",
        static_cast<std::size_t>(counts.shown) - shown, counts.shown, limit);
    // Only when the limit is smaller than the heading itself (a few hundred bytes).
    if (out.size() + note.size() > limit) out.resize(limit > note.size() ? limit - note.size() : 0);
    out += note;
    if (out.size() > limit) out.resize(limit);
  }
  while (out.size() >= 2 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace review
