// Helpers shared by the report writers: display text, scrubbing, excerpts, counts.
#include "report/writer_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "util/text.h"

namespace review::detail {

double round_confidence(double confidence) {
  if (!std::isfinite(confidence)) return 0;
  return std::round(std::clamp(confidence, 0.0, 1.0) * 1000.0) / 1000.0;
}

std::string votes_text(const VotedFinding& finding) {
  return fmt::format("{}/{} voters", finding.votes, finding.voters);
}

std::string confidence_text(double confidence) { return fmt::format("{:.2f}", round_confidence(confidence)); }

std::string scrub_controls(std::string_view text, Newlines newlines) {
  static constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD
  const std::string valid = sanitize_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const auto c = static_cast<unsigned char>(valid[i]);
    if (c == '\n' && newlines == Newlines::keep) {
      out += '\n';
    } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
      out += k_replacement;
    } else if (c == 0xC2 && i + 1 < valid.size() && static_cast<unsigned char>(valid[i + 1]) < 0xA0) {
      out += k_replacement;  // C1 control U+0080..U+009F (e.g. CSI)
      ++i;
    } else if (c == 0xE2 && i + 2 < valid.size() &&
               ((valid[i + 1] == '\x80' && static_cast<unsigned char>(valid[i + 2]) >= 0xAA &&
                 static_cast<unsigned char>(valid[i + 2]) <= 0xAE) ||
                (valid[i + 1] == '\x81' && static_cast<unsigned char>(valid[i + 2]) >= 0xA6 &&
                 static_cast<unsigned char>(valid[i + 2]) <= 0xA9))) {
      out += k_replacement;  // bidi embedding/override/isolate U+202A..202E, U+2066..2069
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::vector<ExcerptLine> excerpt(const WriterContext& context, std::string_view path, int start_line,
                                 int end_line, int max_flagged) {
  std::vector<ExcerptLine> out;
  auto it = context.post_images.find(path);
  if (it == context.post_images.end() || start_line < 1) return out;
  const std::vector<std::string_view> lines = split_lines(it->second);
  const int count = static_cast<int>(lines.size());
  if (start_line > count) return out;
  end_line = std::clamp(end_line, start_line, count);
  const int last_flagged = std::min(end_line, start_line + max_flagged - 1);
  const int first = std::max(1, start_line - 1);
  const int last = end_line > last_flagged ? last_flagged : std::min(count, end_line + 1);
  for (int line = first; line <= last; ++line) {
    out.push_back({line, lines[line - 1], line >= start_line && line <= end_line});
  }
  return out;
}

ReportCounts count_findings(const Report& report) {
  ReportCounts counts;
  for (const VotedFinding& f : report.findings) {
    if (f.suppressed) {
      ++counts.suppressed;
      continue;
    }
    ++counts.shown;
    if (f.status == FindingStatus::needs_review) ++counts.needs_review;
    ++counts.by_severity[severity_rank(f.finding.severity)];
    ++counts.by_aspect[f.finding.aspect];
  }
  return counts;
}

std::string severity_summary(const ReportCounts& counts) {
  std::vector<std::string> parts;
  for (int rank = 4; rank >= 0; --rank) {
    if (counts.by_severity[rank] > 0) {
      parts.push_back(fmt::format("{} {}", counts.by_severity[rank], to_string(static_cast<Severity>(rank))));
    }
  }
  return parts.empty() ? "none" : join(parts, ", ");
}

std::string aspect_summary(const ReportCounts& counts) {
  std::vector<std::string> parts;
  for (const auto& [aspect, n] : counts.by_aspect) parts.push_back(fmt::format("{} {}", aspect, n));
  return parts.empty() ? "none" : join(parts, ", ");
}

std::string plural(long count, std::string_view singular, std::string_view plural_form) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural_form);
}

nlohmann::ordered_json stats_json(const ReportStats& s) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["files"] = s.files;
  j["chunks"] = s.chunks;
  j["voter_calls"] = s.voter_calls;
  j["cache_hits"] = s.cache_hits;
  j["tokens_in"] = s.tokens_in;
  j["tokens_out"] = s.tokens_out;
  j["wall_ms"] = s.wall_ms;
  j["dropped_findings"] = s.dropped_findings;
  j["calls_saved"] = s.calls_saved;
  j["hidden_findings"] = s.hidden_findings;
  j["baselined_findings"] = s.baselined_findings;
  Json stages = Json::object();
  for (const auto& [stage, ms] : s.stage_ms) stages[stage] = ms;
  j["stage_ms"] = std::move(stages);
  return j;
}

std::string stats_summary(const ReportStats& stats) {
  std::string out = fmt::format("{}, {}, {} ({} cached), tokens {} in / {} out, {} ms", plural(stats.files, "file", "files"),
                                plural(stats.chunks, "chunk", "chunks"),
                                plural(stats.voter_calls, "voter call", "voter calls"), stats.cache_hits,
                                stats.tokens_in, stats.tokens_out, stats.wall_ms);
  if (!stats.stage_ms.empty()) {
    // Pipeline order first, then any other stage by name.
    static constexpr std::array<std::string_view, 4> k_pipeline = {"diff", "chunk", "review", "report"};
    std::vector<std::string> parts;
    for (std::string_view stage : k_pipeline) {
      if (auto it = stats.stage_ms.find(std::string(stage)); it != stats.stage_ms.end()) {
        parts.push_back(fmt::format("{} {} ms", stage, it->second));
      }
    }
    for (const auto& [stage, ms] : stats.stage_ms) {
      if (std::ranges::find(k_pipeline, stage) == k_pipeline.end()) parts.push_back(fmt::format("{} {} ms", stage, ms));
    }
    out += " (" + join(parts, ", ") + ")";
  }
  return out;
}

}  // namespace review::detail
