// `review plan [SOURCE] [--json] [--aspects A,B] [--voters N] [--jobs N]`: what a review
// would run, without running it — the chunks (path, lines, symbol, estimated tokens), the
// reviewers × voters per chunk, and the totals. It makes no reviewer or network calls.
//
// Reviewers default to security, performance and style with 3 voters each (DESIGN.md);
// --aspects and --voters override them as they do for `review`.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "git/chunker.h"
#include "git/diff_source.h"
#include "plugin/chunk_json.h"
#include "plugin/commands.h"
#include "plugin/diff_request.h"
#include "plugin/parallelism.h"
#include "util/text.h"

namespace review {

namespace {

constexpr std::string_view k_default_aspects[] = {"security", "performance", "style"};
constexpr int k_default_voters = 3;

/// The reviewers to run: --aspects (comma-separated, each a known reviewer, duplicates
/// dropped) or the default three.
Expected<std::vector<std::string>> planned_aspects(const Options& options) {
  std::vector<std::string> aspects;
  if (!options.aspects) {
    for (auto a : k_default_aspects) aspects.emplace_back(a);
    return aspects;
  }
  for (const auto& part : split(*options.aspects, ',')) {
    std::string name(trim(part));
    if (name.empty()) continue;
    if (std::find(std::begin(k_default_aspects), std::end(k_default_aspects), name) == std::end(k_default_aspects))
      return fail(ErrorKind::usage, "unknown aspect '" + sanitize_utf8(name) + "' in --aspects (known: security, performance, style)");
    if (std::find(aspects.begin(), aspects.end(), name) == aspects.end()) aspects.push_back(name);
  }
  if (aspects.empty()) return fail(ErrorKind::usage, "--aspects names no reviewer (known: security, performance, style)");
  return aspects;
}

}  // namespace

Expected<ExitCode> run_plan_command(const Options& options) {
  auto aspects = planned_aspects(options);
  if (!aspects) return std::unexpected(aspects.error());
  int voters = options.voters.value_or(k_default_voters);
  auto jobs_limit = limit_parallelism(options.jobs);
  auto diff = read_diff(diff_request_from(options));
  if (!diff) return std::unexpected(diff.error());
  ChunkResult chunked = chunk_diff(*diff, ChunkerOptions{});

  long long calls_per_chunk = static_cast<long long>(aspects->size()) * voters;
  long long tokens = 0;
  std::set<std::string> files;
  for (const auto& c : chunked.chunks) {
    tokens += c.token_estimate;
    files.insert(c.path);
  }
  long long voter_calls = calls_per_chunk * static_cast<long long>(chunked.chunks.size());
  long long input_tokens = tokens * calls_per_chunk;  // each voter reads the whole chunk

  if (options.json) {
    nlohmann::ordered_json j;
    j["source"] = {{"kind", to_string(diff->source.kind)}, {"base", diff->source.base}, {"head", diff->source.head}};
    auto reviewers = nlohmann::ordered_json::array();
    for (const auto& a : *aspects) reviewers.push_back({{"name", a}, {"voters", voters}});
    j["reviewers"] = std::move(reviewers);
    auto chunks = nlohmann::ordered_json::array();
    for (const auto& c : chunked.chunks) {
      auto cj = chunk_json(c, ChunkText::omit);
      cj["voter_calls"] = calls_per_chunk;
      chunks.push_back(std::move(cj));
    }
    j["chunks"] = std::move(chunks);
    j["skipped"] = skipped_json(*diff);
    j["pure_deletions"] = chunked.pure_deletions;
    j["totals"] = {{"files", files.size()},
                   {"chunks", chunked.chunks.size()},
                   {"tokens", tokens},
                   {"voter_calls", voter_calls},
                   {"input_tokens", input_tokens}};
    std::string out = j.dump(2);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fputc('\n', stdout);
    return ExitCode::clean;
  }

  fmt::print("{:<40} {:>11}  {:<30} {:>7}\n", "CHUNK", "LINES", "SYMBOL", "TOKENS");
  for (const auto& c : chunked.chunks) {
    std::string symbol = c.symbol.empty() ? "-" : sanitize_utf8(c.symbol);
    if (c.origin == ChunkOrigin::fallback) symbol += " (fallback)";
    fmt::print("{:<40} {:>11}  {:<30} {:>7}\n", sanitize_utf8(c.path), fmt::format("{}-{}", c.start_line, c.end_line),
               symbol, c.token_estimate);
  }
  for (const auto& f : diff->files)
    if (f.skip_reason) fmt::print("skipped {} ({})\n", sanitize_utf8(f.path), *f.skip_reason);
  fmt::print("{} chunks in {} files, {} estimated tokens; {} pure deletions\n", chunked.chunks.size(), files.size(),
             tokens, chunked.pure_deletions);
  fmt::print("reviewers: {} x {} voters = {} voter calls per chunk, {} in total, ~{} input tokens\n",
             join(*aspects, ", "), voters, calls_per_chunk, voter_calls, input_tokens);
  return ExitCode::clean;
}

}  // namespace review
