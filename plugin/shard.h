// Scale-out over several CI machines: `--shard I/N` reviews a deterministic 1/N of the
// changed files, and `review merge` joins the shards' JSON reports into the report the
// unsharded run would have written.
//
// Assignment is greedy, largest first: files sorted by changed lines (added + removed,
// at least 1 so unreviewable files are still placed exactly once) descending, ties by path,
// each into the shard with the fewest changed lines so far (ties: the lowest shard). Every
// shard of a matrix job computes the same assignment from the same diff, so the shards
// cover each file exactly once. Example, N = 2, files a:50 b:30 c:30 d:10 lines →
// shard 1 = {a, d} (60 lines), shard 2 = {b, c} (60 lines).
//
// A file's findings, fingerprints (occurrence index counts within the file), skipped and
// degraded entries depend only on that file, so the union of the shards' reports, sorted,
// is the unsharded report. Equality means: source, findings, degraded, skipped and notes
// identical; stats counts (files, chunks, voter_calls, cache_hits, tokens, dropped, saved,
// hidden, baselined) summed; wall_ms and each stage_ms the maximum over the shards (the
// shards run in parallel) — so only timings differ from the unsharded run.
#pragma once

#include <string_view>
#include <vector>

#include "git/diff_model.h"
#include "report/report.h"
#include "util/error.h"

namespace review {

/// A parsed `--shard I/N`: shard `index` (1-based) of `count`.
struct ShardSpec {
  int index = 1;
  int count = 1;
};

/// Parses "I/N" with 1 <= I <= N <= 10000. Error (kind usage):
/// "--shard: expected I/N with 1 <= I <= N (e.g. 2/4), got \"0/3\"".
Expected<ShardSpec> parse_shard(std::string_view text);

/// The 1-based shard of each file of `files` (same order), for `count` shards. Deterministic:
/// depends only on the files' paths and changed-line counts, not on their order.
std::vector<int> assign_shards(const std::vector<FileDiff>& files, int count);

/// `diff` with only the files of shard `index` (1-based) of `count`, in their original
/// order; the source is kept. `count` == 1 returns the whole diff.
Diff select_shard(const Diff& diff, int index, int count);

/// Merges shard reports into one (see the file comment for what equals what). Errors (kind
/// input): no reports; reports of different sources (kind, base or head differ), naming
/// the first that differs by its position (1-based).
Expected<Report> merge_shard_reports(std::vector<Report> reports);

}  // namespace review
