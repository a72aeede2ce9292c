// Shard assignment (greedy, largest first, into the lightest shard) and shard-report merging.
#include "plugin/shard.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <numeric>
#include <tuple>

namespace review {

Expected<ShardSpec> parse_shard(std::string_view text) {
  auto bad = [&] {
    return fail(ErrorKind::usage, fmt::format("--shard: expected I/N with 1 <= I <= N (e.g. 2/4), got \"{}\"", text));
  };
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  ShardSpec spec;
  auto parse_int = [](std::string_view s, int& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
  };
  if (!parse_int(text.substr(0, slash), spec.index) || !parse_int(text.substr(slash + 1), spec.count)) return bad();
  if (spec.count < 1 || spec.count > 10000 || spec.index < 1 || spec.index > spec.count) return bad();
  return spec;
}

std::vector<int> assign_shards(const std::vector<FileDiff>& files, int count) {
  std::vector<int> shard_of(files.size(), 1);
  if (count <= 1) return shard_of;
  auto weight = [&](std::size_t i) { return std::max(1L, static_cast<long>(files[i].added_count) + files[i].removed_count); };
  std::vector<std::size_t> order(files.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    long wa = weight(a), wb = weight(b);
    if (wa != wb) return wa > wb;
    if (files[a].path != files[b].path) return files[a].path < files[b].path;
    return files[a].old_path < files[b].old_path;
  });
  std::vector<long> load(count, 0);
  for (std::size_t i : order) {
    int lightest = static_cast<int>(std::min_element(load.begin(), load.end()) - load.begin());  // first minimum
    load[lightest] += weight(i);
    shard_of[i] = lightest + 1;
  }
  return shard_of;
}

Diff select_shard(const Diff& diff, int index, int count) {
  if (count <= 1) return diff;
  std::vector<int> shard_of = assign_shards(diff.files, count);
  Diff out;
  out.source = diff.source;
  for (std::size_t i = 0; i < diff.files.size(); ++i)
    if (shard_of[i] == index) out.files.push_back(diff.files[i]);
  return out;
}

Expected<Report> merge_shard_reports(std::vector<Report> reports) {
  if (reports.empty()) return fail(ErrorKind::input, "merge: no reports given");
  Report merged;
  merged.source = reports.front().source;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    Report& r = reports[i];
    const SourceInfo& s = r.source;
    if (s.kind != merged.source.kind || s.base != merged.source.base || s.head != merged.source.head)
      return fail(ErrorKind::input,
                  fmt::format("merge: report {} reviews {} {}..{}, but report 1 reviews {} {}..{}; shards of one run "
                              "must review the same change",
                              i + 1, to_string(s.kind), s.base, s.head, to_string(merged.source.kind),
                              merged.source.base, merged.source.head));
    std::move(r.findings.begin(), r.findings.end(), std::back_inserter(merged.findings));
    std::move(r.degraded.begin(), r.degraded.end(), std::back_inserter(merged.degraded));
    std::move(r.skipped.begin(), r.skipped.end(), std::back_inserter(merged.skipped));
    std::move(r.notes.begin(), r.notes.end(), std::back_inserter(merged.notes));
    ReportStats& m = merged.stats;
    const ReportStats& t = r.stats;
    m.files += t.files;
    m.chunks += t.chunks;
    m.voter_calls += t.voter_calls;
    m.cache_hits += t.cache_hits;
    m.tokens_in += t.tokens_in;
    m.tokens_out += t.tokens_out;
    m.dropped_findings += t.dropped_findings;
    m.calls_saved += t.calls_saved;
    m.hidden_findings += t.hidden_findings;
    m.baselined_findings += t.baselined_findings;
    m.wall_ms = std::max(m.wall_ms, t.wall_ms);
    for (const auto& [stage, ms] : t.stage_ms) m.stage_ms[stage] = std::max(m.stage_ms[stage], ms);
  }
  sort_report(merged);
  return merged;
}

}  // namespace review
