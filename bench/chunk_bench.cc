// chunk_bench: how much the chunker costs over the unavoidable work of parsing.
//
//   chunk_bench REPO RANGE [--jobs N] [--runs N]
//
// Reads the diff of RANGE (A..B) in REPO with read_diff (not timed), then times, as the
// median of --runs runs (default 7, at least 5):
//   floor  parsing the post-image of every file the chunker would parse with tree-sitter
//          (reviewable, with added lines, with a grammar), in parallel with the same
//          one-parser-per-thread scheme;
//   chunk  chunk_diff over the whole diff (parse + walk + split + merge + fallbacks);
//   whole  chunk_diff with windowed parsing off (every file parsed whole).
// and prints both, their ratio, and changed (added) lines per second of chunking.
// bench/run builds a scratch repository from two CPython standard libraries for it.
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "git/chunker.h"
#include "git/diff_source.h"
#include "git/syntax.h"
#include "git/ts_handle.h"

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double median_ms(int runs, F&& body) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    body();
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int usage() {
  std::fprintf(stderr, "usage: chunk_bench REPO RANGE [--jobs N] [--runs N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace review;
  if (argc < 3) return usage();
  int jobs = 0, runs = 7;
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--jobs") jobs = std::atoi(argv[i + 1]);
    else if (flag == "--runs") runs = std::max(5, std::atoi(argv[i + 1]));
    else return usage();
  }
  std::unique_ptr<tbb::global_control> limit;
  if (jobs > 0) limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, jobs);

  LibGit2Guard git_guard;
  DiffRequest request;
  request.kind = SourceKind::range;
  request.rev = argv[2];
  request.repo_path = argv[1];
  auto diff = read_diff(request);
  if (!diff) {
    std::fprintf(stderr, "chunk_bench: %s\n", diff.error().message.c_str());
    return 2;
  }

  std::vector<const FileDiff*> parsed;  // what the chunker parses
  long changed_lines = 0;
  for (const auto& f : diff->files) {
    if (f.skip_reason || f.added_lines.empty()) continue;
    changed_lines += static_cast<long>(f.added_lines.size());
    if (f.has_post_image && SyntaxRules::for_language(f.language)) parsed.push_back(&f);
  }

  tbb::enumerable_thread_specific<TsParser> parsers([] { return make_parser(); });
  double floor_ms = median_ms(runs, [&] {
    tbb::parallel_for(size_t{0}, parsed.size(), [&](size_t i) {
      TSParser* parser = parsers.local().get();
      const FileDiff& f = *parsed[i];
      ts_parser_set_language(parser, SyntaxRules::for_language(f.language)->grammar());
      TsTree tree(ts_parser_parse_string(parser, nullptr, f.post_image.data(), static_cast<uint32_t>(f.post_image.size())));
    });
  });
  size_t chunks = 0;
  int windowed = 0;
  double chunk_ms = median_ms(runs, [&] {
    ChunkResult result = chunk_diff(*diff, ChunkerOptions{});
    chunks = result.chunks.size();
    windowed = result.windowed_files;
  });
  ChunkerOptions whole;
  whole.window_min_bytes = 0;
  double whole_ms = median_ms(runs, [&] { chunks = chunk_diff(*diff, whole).chunks.size(); });

  std::printf("diff %s: %zu files, %zu parsed (%d windowed), %ld changed lines, %zu chunks (jobs %s, median of %d runs)\n",
              argv[2], diff->files.size(), parsed.size(), windowed, changed_lines, chunks,
              jobs > 0 ? std::to_string(jobs).c_str() : "all", runs);
  std::printf("parse floor   %9.1f ms\n", floor_ms);
  std::printf("chunk_diff    %9.1f ms\n", chunk_ms);
  std::printf("ratio         %9.2f x floor\n", floor_ms > 0 ? chunk_ms / floor_ms : 0.0);
  std::printf("whole files   %9.1f ms  (chunk_diff without windowed parsing: %.2f x)\n", whole_ms,
              chunk_ms > 0 ? whole_ms / chunk_ms : 0.0);
  std::printf("throughput    %9.0f changed lines/s\n", chunk_ms > 0 ? changed_lines / (chunk_ms / 1000.0) : 0.0);
  return 0;
}
