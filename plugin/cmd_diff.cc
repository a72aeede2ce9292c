// `review diff [SOURCE] [--json] [--jobs N]`: the parsed diff model — files, status, hunks,
// added/removed counts; with --json the full structure and its chunks (git/chunker.h):
// {"source", "files", "chunks", "pure_deletions", "skipped"}.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "git/chunker.h"
#include "git/diff_source.h"
#include "plugin/chunk_json.h"
#include "plugin/commands.h"
#include "plugin/diff_request.h"
#include "plugin/parallelism.h"
#include "util/text.h"

namespace review {

namespace {

nlohmann::ordered_json file_json(const FileDiff& f) {
  nlohmann::ordered_json j;
  j["path"] = sanitize_utf8(f.path);
  j["old_path"] = sanitize_utf8(f.old_path);
  j["status"] = to_string(f.status);
  j["binary"] = f.binary;
  j["language"] = f.language;
  j["added"] = f.added_count;
  j["removed"] = f.removed_count;
  j["added_lines"] = f.added_lines;
  if (f.skip_reason) j["skip_reason"] = *f.skip_reason;
  auto hunks = nlohmann::ordered_json::array();
  for (const auto& h : f.hunks) {
    nlohmann::ordered_json hj;
    hj["old_start"] = h.old_start;
    hj["old_lines"] = h.old_lines;
    hj["new_start"] = h.new_start;
    hj["new_lines"] = h.new_lines;
    hj["header"] = sanitize_utf8(h.header);
    auto lines = nlohmann::ordered_json::array();
    for (const auto& l : h.lines) {
      const char* origin = l.origin == LineOrigin::addition ? "+" : l.origin == LineOrigin::deletion ? "-" : " ";
      lines.push_back({{"origin", origin}, {"old_lineno", l.old_lineno}, {"new_lineno", l.new_lineno},
                       {"content", sanitize_utf8(l.content)}});
    }
    hj["lines"] = std::move(lines);
    hunks.push_back(std::move(hj));
  }
  j["hunks"] = std::move(hunks);
  return j;
}

}  // namespace

Expected<ExitCode> run_diff_command(const Options& options) {
  auto jobs_limit = limit_parallelism(options.jobs);
  auto diff = read_diff(diff_request_from(options));
  if (!diff) return std::unexpected(diff.error());
  if (options.json) {
    ChunkResult chunked = chunk_diff(*diff, ChunkerOptions{});
    nlohmann::ordered_json j;
    j["source"] = {{"kind", to_string(diff->source.kind)}, {"base", diff->source.base}, {"head", diff->source.head}};
    auto files = nlohmann::ordered_json::array();
    for (const auto& f : diff->files) files.push_back(file_json(f));
    j["files"] = std::move(files);
    auto chunks = nlohmann::ordered_json::array();
    for (const auto& c : chunked.chunks) chunks.push_back(chunk_json(c, ChunkText::include));
    j["chunks"] = std::move(chunks);
    j["pure_deletions"] = chunked.pure_deletions;
    j["skipped"] = skipped_json(*diff);
    std::string out = j.dump(2);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fputc('\n', stdout);
    return ExitCode::clean;
  }
  int added = 0, removed = 0;
  for (const auto& f : diff->files) {
    added += f.added_count;
    removed += f.removed_count;
    std::string name = f.old_path != f.path ? f.old_path + " -> " + f.path : f.path;
    fmt::print("{:<11} {:>5} +{:<5} -{:<5} {}{}\n", to_string(f.status), f.language.empty() ? "-" : f.language,
               f.added_count, f.removed_count, sanitize_utf8(name),
               f.skip_reason ? " (skipped: " + *f.skip_reason + ")" : "");
    for (const auto& h : f.hunks)
      fmt::print("    @@ -{},{} +{},{} @@\n", h.old_start, h.old_lines, h.new_start, h.new_lines);
  }
  // The text form is the parsed diff alone (like `git diff --stat` with hunk headers), so it
  // costs what reading the diff costs; the chunks are in --json and in `review plan`.
  fmt::print("{} files changed, {} insertions(+), {} deletions(-)\n", diff->files.size(), added, removed);
  return ExitCode::clean;
}

}  // namespace review
