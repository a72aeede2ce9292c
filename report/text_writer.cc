// Text report: findings grouped by file, code excerpts, degraded/skipped lists, summary.
#include "report/text_writer.h"

#include <fmt/format.h>

#include "report/writer_util.h"
#include "util/text.h"

namespace review {

namespace {

using detail::Newlines;
using detail::scrub_controls;

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_dim = "\x1b[2m";

std::string_view severity_color(Severity severity) {
  switch (severity) {
    case Severity::critical: return "\x1b[1;35m";
    case Severity::high: return "\x1b[1;31m";
    case Severity::medium: return "\x1b[33m";
    case Severity::low: return "\x1b[36m";
    case Severity::info: return "\x1b[2m";
  }
  return "";
}

class TextOut {
 public:
  explicit TextOut(Color color) : m_color(color) {}
  /// Appends `text` wrapped in `style` when colour is on.
  void styled(std::string_view style, std::string_view text) {
    if (m_color == Color::on) {
      m_out += style;
      m_out += text;
      m_out += k_reset;
    } else {
      m_out += text;
    }
  }
  void plain(std::string_view text) { m_out += text; }
  std::string take() { return std::move(m_out); }

 private:
  Color m_color;
  std::string m_out;
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return out;
}

std::string location(std::string_view path, int start_line, int end_line) {
  if (end_line > start_line) return fmt::format("{}:{}-{}", path, start_line, end_line);
  return fmt::format("{}:{}", path, start_line);
}

/// Writes `text` (which may span lines) indented by `indent` on every line.
void indented(TextOut& out, std::string_view indent, std::string_view prefix, std::string_view text) {
  const std::string clean = scrub_controls(text, Newlines::keep);
  bool first = true;
  for (std::string_view line : split_lines(clean)) {
    out.plain(indent);
    if (first) out.plain(prefix);
    out.plain(line);
    out.plain("\n");
    first = false;
  }
  if (first) {  // empty text
    out.plain(indent);
    out.plain(prefix);
    out.plain("\n");
  }
}

/// `show_excerpt` is false for the second finding at the same place (same code as above).
void write_finding(TextOut& out, const VotedFinding& voted, const WriterContext& context, bool show_excerpt) {
  const Finding& f = voted.finding;
  const std::string path = scrub_controls(f.path, Newlines::replace);
  out.plain("  ");
  out.styled(k_bold, location(path, f.start_line, f.end_line));
  out.plain("  ");
  out.styled(severity_color(f.severity), upper(to_string(f.severity)));
  out.plain("  ");
  std::string rule = scrub_controls(fmt::format("{}/{}", f.aspect, f.rule_id), Newlines::replace);
  if (!f.category.empty()) rule += scrub_controls(fmt::format(" ({})", f.category), Newlines::replace);
  out.plain(rule);
  out.plain(fmt::format("  {}, confidence {}", detail::votes_text(voted), detail::confidence_text(voted.confidence)));
  if (voted.status == FindingStatus::needs_review) {
    out.plain("  ");
    out.styled(k_dim, "[needs review]");
  }
  out.plain("\n");
  indented(out, "    ", "", f.message);
  if (f.suggestion && !f.suggestion->empty()) indented(out, "    ", "Suggestion: ", *f.suggestion);

  if (!show_excerpt) return;
  const auto lines = detail::excerpt(context, f.path, f.start_line, f.end_line);
  if (lines.empty()) return;
  const std::size_t width = std::to_string(lines.back().line).size();
  for (const detail::ExcerptLine& line : lines) {
    out.plain("    ");
    if (line.flagged) {
      out.styled(severity_color(f.severity), ">");
    } else {
      out.plain(" ");
    }
    out.plain(fmt::format(" {:>{}} |", line.line, width));
    if (!line.text.empty()) out.plain(" " + scrub_controls(line.text, Newlines::replace));
    out.plain("\n");
  }
  if (lines.back().line < f.end_line) {
    out.plain(fmt::format("    {:>{}}   …\n", "", width + 1));
  }
}

}  // namespace

std::string write_text(const Report& report, const WriterContext& context) {
  TextOut out(context.color);
  const std::string* current_path = nullptr;
  const Finding* previous = nullptr;
  for (const VotedFinding& voted : report.findings) {
    if (voted.suppressed) continue;
    const Finding& f = voted.finding;
    const bool same_place = previous && previous->path == f.path && previous->start_line == f.start_line &&
                            previous->end_line == f.end_line;
    previous = &f;
    if (!current_path || *current_path != voted.finding.path) {
      if (current_path) out.plain("\n");
      out.styled(k_bold, scrub_controls(voted.finding.path, Newlines::replace));
      out.plain("\n");
      current_path = &voted.finding.path;
    }
    write_finding(out, voted, context, !same_place);
  }
  if (current_path) out.plain("\n");

  if (!report.degraded.empty()) {
    out.styled(k_bold, fmt::format("Degraded ({}): fewer voters answered than the quorum", report.degraded.size()));
    out.plain("\n");
    for (const DegradedEntry& d : report.degraded) {
      out.plain(scrub_controls(fmt::format("  {}  {}: {}", location(d.path, d.start_line, d.end_line), d.aspect, d.reason),
                               Newlines::replace));
      out.plain("\n");
    }
    out.plain("\n");
  }
  if (!report.skipped.empty()) {
    out.styled(k_bold, fmt::format("Skipped ({}):", report.skipped.size()));
    out.plain("\n");
    for (const SkippedEntry& s : report.skipped) {
      out.plain(scrub_controls(fmt::format("  {}  ({})", s.path, s.reason), Newlines::replace));
      out.plain("\n");
    }
    out.plain("\n");
  }
  if (!report.notes.empty()) {
    out.styled(k_bold, fmt::format("Notes ({}):", report.notes.size()));
    out.plain("\n");
    for (const ReportNote& n : report.notes) {
      out.plain(scrub_controls(fmt::format("  {}:{}  {}: {}", n.path, n.line, n.kind, n.message), Newlines::replace));
      out.plain("\n");
    }
    out.plain("\n");
  }

  const detail::ReportCounts counts = detail::count_findings(report);
  std::string summary = counts.shown == 0
                            ? std::string("review: no findings")
                            : fmt::format("review: {} ({}; {})", detail::plural(counts.shown, "finding", "findings"),
                                          detail::severity_summary(counts), detail::aspect_summary(counts));
  if (counts.needs_review > 0) summary += fmt::format(", {} needs review", counts.needs_review);
  if (counts.suppressed > 0) summary += fmt::format(", {} suppressed", counts.suppressed);
  if (report.stats.hidden_findings > 0) summary += fmt::format(", {} below --min-confidence", report.stats.hidden_findings);
  if (report.stats.baselined_findings > 0) summary += fmt::format(", {} in baseline", report.stats.baselined_findings);
  if (!report.degraded.empty()) summary += fmt::format(", {} degraded", report.degraded.size());
  if (!report.skipped.empty()) summary += fmt::format(", {} skipped", report.skipped.size());
  out.styled(k_bold, summary);
  out.plain("\n");
  out.styled(k_dim, "reviewed " + detail::stats_summary(report.stats));
  out.plain("\n");
  return out.take();
}

}  // namespace review
