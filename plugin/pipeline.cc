// The review pipeline (see pipeline.h): one plain function per stage, called in order.
#include "plugin/pipeline.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "git/chunker.h"
#include "git/diff_source.h"
#include "plugin/diff_request.h"
#include "plugin/shard.h"
#include "plugin/voter_factory.h"
#include "reviewers/engine.h"
#include "reviewers/line_filter.h"
#include "reviewers/suppression.h"
#include "util/text.h"

namespace review {

namespace {

using Clock = std::chrono::steady_clock;

long ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

/// --aspects: the reviewers to run, or empty for all enabled ones.
Expected<std::set<std::string>> requested_aspects(const Options& options, const Config& config) {
  std::set<std::string> aspects;
  if (!options.aspects) return aspects;
  for (const auto& a : split(*options.aspects, ',')) {
    std::string name(trim(a));
    if (name.empty()) continue;
    if (!config.reviewer(name))
      return fail(ErrorKind::usage, "--aspects: unknown reviewer '" + name + "' (configured: " +
                                        [&] {
                                          std::vector<std::string> names;
                                          for (const auto& r : config.reviewers) names.push_back(r.name);
                                          return join(names, ", ");
                                        }() + ")");
    aspects.insert(name);
  }
  return aspects;
}

/// Files the configured include/exclude patterns leave out are listed as skipped.
void apply_path_filter(Diff& diff, const Config& config) {
  for (auto& file : diff.files) {
    if (file.skip_reason) continue;
    std::string why = config.paths.rejection(file.path);
    if (!why.empty()) file.skip_reason = std::move(why);
  }
}

/// Rules switched off, severity overrides, --filter lines and review-ignore comments, applied
/// to the voted findings of the engine. Returns the notes (unused suppressions).
std::vector<ReportNote> post_vote(std::vector<VotedFinding>& findings, const Diff& diff, const Config& config,
                                  LineFilter filter) {
  std::map<std::string_view, const FileDiff*> files;
  for (const auto& f : diff.files) files.emplace(f.path, &f);
  std::erase_if(findings, [&](VotedFinding& vf) {
    Finding& f = vf.finding;
    const ReviewerConfig* rc = config.reviewer(f.aspect);
    if (rc) {
      if (std::find(rc->disabled_rules.begin(), rc->disabled_rules.end(), f.rule_id) != rc->disabled_rules.end())
        return true;
      if (auto it = rc->severity_overrides.find(f.rule_id); it != rc->severity_overrides.end()) f.severity = it->second;
    }
    auto file = files.find(f.path);
    return file == files.end() || !finding_passes(f, *file->second, filter);
  });
  return apply_suppressions(diff.files, findings);
}

}  // namespace

Expected<std::vector<Reviewer>> build_reviewers(const Options& options, const Config& config, VoterFactory& factory) {
  auto aspects = requested_aspects(options, config);
  if (!aspects) return std::unexpected(aspects.error());
  std::vector<Reviewer> reviewers;
  for (const auto& rc : config.reviewers) {
    if (aspects->empty() ? !rc.enabled : !aspects->count(rc.name)) continue;
    auto reviewer = factory.make_reviewer(rc);
    if (!reviewer) return std::unexpected(reviewer.error());
    if (auto ok = validate_reviewer(*reviewer); !ok) return std::unexpected(ok.error());
    reviewers.push_back(std::move(*reviewer));
  }
  if (reviewers.empty()) return fail(ErrorKind::config, "no reviewer is enabled (see [reviewers.*] enabled and --aspects)");
  return reviewers;
}

Expected<ReviewRun> run_review_pipeline(const Options& options, const Config& config, ProgressSink* progress) {
  Clock::time_point start = Clock::now();
  ReviewRun run;
  Report& report = run.report;

  // 1. What changed (libgit2, this thread only).
  DiffRequest request = diff_request_from(options);
  request.max_file_bytes = config.max_file_bytes;
  auto diff = read_diff(request);
  if (!diff) return std::unexpected(diff.error());
  run.diff = std::move(*diff);
  report.source = run.diff.source;
  report.stats.stage_ms["diff"] = ms_since(start);

  // 2. Which files this run reviews: path patterns, then this machine's shard.
  apply_path_filter(run.diff, config);
  if (options.shard) {
    auto shard = parse_shard(*options.shard);
    if (!shard) return std::unexpected(shard.error());
    run.diff = select_shard(run.diff, shard->index, shard->count);
  }
  for (const auto& f : run.diff.files) {
    if (f.skip_reason) report.skipped.push_back({f.path, *f.skip_reason});
    else ++report.stats.files;
  }

  // 3. Review units (tree-sitter, parallel over files).
  Clock::time_point t = Clock::now();
  ChunkerOptions chunker;
  chunker.token_budget = config.token_budget;
  chunker.context_lines = config.context_lines;
  ChunkResult chunks = chunk_diff(run.diff, chunker);
  report.stats.chunks = static_cast<int>(chunks.chunks.size());
  report.stats.stage_ms["chunk"] = ms_since(t);

  // 4. Reviewers and their voters, then the engine: every voter on every chunk, voted.
  t = Clock::now();
  VoterFactory factory(options, config);
  auto reviewers = build_reviewers(options, config, factory);
  if (!reviewers) return std::unexpected(reviewers.error());
  EngineOptions engine;
  if (options.deadline_s)
    engine.deadline = start + std::chrono::milliseconds(static_cast<long>(*options.deadline_s * 1000));
  EngineResult result = run_engine(run.diff, chunks.chunks, *reviewers, engine, progress);
  report.stats.stage_ms["review"] = ms_since(t);

  // 5. After the vote: configuration, line filter, inline suppressions.
  auto filter = parse_line_filter(config.filter);
  if (!filter) return fail(ErrorKind::config, "unknown filter '" + config.filter + "'");
  report.notes = post_vote(result.findings, run.diff, config, *filter);
  report.findings = std::move(result.findings);
  report.degraded = std::move(result.degraded);

  const EngineCounters& c = result.counters;
  report.stats.voter_calls = c.voter_calls;
  report.stats.cache_hits = c.cache_hits;
  report.stats.tokens_in = c.tokens_in;
  report.stats.tokens_out = c.tokens_out;
  report.stats.dropped_findings = c.dropped;
  report.stats.calls_saved = static_cast<int>(factory.calls_saved());
  // Fail-closed: an LLM call that failed for good (after retries and the fallback model) or
  // was cut by the deadline makes the review incomplete; under fail-closed the caller exits 3
  // instead of judging an incomplete review. Fail-open reports what exists.
  if (const auto& llm = factory.llm_client()) {
    LlmStats s = llm->stats();
    if ((s.failed_calls > 0 || s.deadline_skipped > 0) && config.llm.policy == "fail-closed") {
      run.outcome = RunOutcome::backend_failed_closed;
      run.outcome_reason = std::to_string(s.failed_calls) + " LLM call(s) failed and " +
                           std::to_string(s.deadline_skipped) +
                           " were cut by the deadline under the fail-closed policy; the review is incomplete (see "
                           "\"degraded\" in the report)";
    }
  }

  sort_report(report);
  report.stats.wall_ms = ms_since(start);
  return run;
}

}  // namespace review
