// `review plan [SOURCE] [--json] [--aspects A,B] [--voters N] [--jobs N]`: what a review
// would run, without running it — the chunks (path, lines, symbol, estimated tokens), the
// reviewers × voters per chunk, and the totals; with an LLM configured, the LLM calls and
// their estimated prompt tokens (the rendered prompts, reviewers/llm/llm_voter.h
// estimate_llm_call). It makes no reviewer or network calls.
//
// The plan reads the configuration and builds the reviewers exactly as `review` does
// (plugin/pipeline.h build_reviewers: enabled reviewers, configured voters, --aspects,
// --voters; paths, max_file_bytes, token_budget and context_lines for the chunks), so the
// calls it announces are the calls a run makes.
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
#include "plugin/config.h"
#include "plugin/diff_request.h"
#include "plugin/parallelism.h"
#include "plugin/pipeline.h"
#include "plugin/shard.h"
#include "plugin/voter_factory.h"
#include "reviewers/llm/llm_voter.h"
#include "util/text.h"

namespace review {

namespace {

/// One reviewer of the plan: its voters, and how many of them are LLM calls.
struct PlannedReviewer {
  std::string name;
  int voters = 0;
  int llm_voters = 0;
  ReviewerInfo info;
};

}  // namespace

Expected<ExitCode> run_plan_command(const Options& options) {
  auto config = load_config(options, find_repo_root(options.repo_path));  // also checks --aspects
  if (!config) return std::unexpected(config.error());
  auto jobs_limit = limit_parallelism(config->jobs > 0 ? std::optional<int>(config->jobs) : std::nullopt);

  // The files and chunks a run would review (the pipeline's stages 1-3, plugin/pipeline.cc).
  DiffRequest request = diff_request_from(options);
  request.max_file_bytes = config->max_file_bytes;
  auto diff = read_diff(request);
  if (!diff) return std::unexpected(diff.error());
  for (auto& file : diff->files) {
    if (file.skip_reason) continue;
    std::string why = config->paths.rejection(file.path);
    if (!why.empty()) file.skip_reason = std::move(why);
  }
  if (options.shard) {
    auto shard = parse_shard(*options.shard);
    if (!shard) return std::unexpected(shard.error());
    *diff = select_shard(*diff, shard->index, shard->count);
  }
  ChunkerOptions chunker;
  chunker.token_budget = config->token_budget;
  chunker.context_lines = config->context_lines;
  ChunkResult chunked = chunk_diff(*diff, chunker);

  // The reviewers and voters a run would build (no voter is asked anything).
  VoterFactory factory(options, *config);
  auto built = build_reviewers(options, *config, factory);
  if (!built) return std::unexpected(built.error());
  std::vector<PlannedReviewer> planned;
  for (const auto& r : *built) {
    PlannedReviewer p{r.info.name, static_cast<int>(r.voters.size()), 0, r.info};
    for (const auto& v : r.voters) p.llm_voters += v->kind() == VoterKind::llm ? 1 : 0;
    planned.push_back(std::move(p));
  }

  long long calls_per_chunk = 0;
  long long llm_calls_per_chunk = 0;
  std::vector<std::string> aspects;
  for (const auto& p : planned) {
    calls_per_chunk += p.voters;
    llm_calls_per_chunk += p.llm_voters;
    aspects.push_back(p.name);
  }
  long long tokens = 0;
  std::set<std::string> files;
  for (const auto& c : chunked.chunks) {
    tokens += c.token_estimate;
    files.insert(c.path);
  }
  long long voter_calls = calls_per_chunk * static_cast<long long>(chunked.chunks.size());
  long long input_tokens = tokens * calls_per_chunk;  // each voter reads the whole chunk

  // LLM calls: each one's prompt as the voter would render it (system text, numbered chunk,
  // variant instruction).
  long long llm_calls = llm_calls_per_chunk * static_cast<long long>(chunked.chunks.size());
  long long llm_input_tokens = 0;
  long long llm_max_output_tokens = 0;
  std::string llm_model;
  if (llm_calls > 0) {
    auto llm = llm_config_from(options, *config);
    if (!llm) return std::unexpected(llm.error());
    llm_model = llm->model;
    for (const auto& c : chunked.chunks)
      for (const auto& p : planned)
        for (int variant = 0; variant < p.llm_voters; ++variant) {
          LlmCallEstimate estimate = estimate_llm_call(*llm, LlmVoterSpec{.variant = variant}, p.info, c);
          llm_input_tokens += estimate.tokens_in;
          llm_max_output_tokens += estimate.max_tokens_out;
        }
  }

  if (options.json) {
    nlohmann::ordered_json j;
    j["source"] = {{"kind", to_string(diff->source.kind)}, {"base", diff->source.base}, {"head", diff->source.head}};
    auto reviewers = nlohmann::ordered_json::array();
    for (const auto& p : planned) reviewers.push_back({{"name", p.name}, {"voters", p.voters}});
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
                   {"input_tokens", input_tokens},
                   {"llm_calls", llm_calls},
                   {"llm_input_tokens", llm_input_tokens},
                   {"llm_max_output_tokens", llm_max_output_tokens}};
    if (llm_calls > 0) j["llm"] = {{"provider", config->llm.provider}, {"model", llm_model}};
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
  bool same_voters = std::all_of(planned.begin(), planned.end(), [&](const auto& p) { return p.voters == planned[0].voters; });
  std::string reviewers_text;
  if (same_voters) {
    reviewers_text = fmt::format("{} x {} voters", join(aspects, ", "), planned.empty() ? 0 : planned[0].voters);
  } else {
    std::vector<std::string> parts;
    for (const auto& p : planned) parts.push_back(fmt::format("{} x {}", p.name, p.voters));
    reviewers_text = join(parts, ", ") + " voters";
  }
  fmt::print("reviewers: {} = {} voter calls per chunk, {} in total, ~{} input tokens\n", reviewers_text,
             calls_per_chunk, voter_calls, input_tokens);
  if (llm_calls > 0)
    fmt::print("LLM ({}, model {}): {} calls, ~{} input tokens with prompts, at most {} output tokens; plan made none\n",
               config->llm.provider, sanitize_utf8(llm_model), llm_calls, llm_input_tokens, llm_max_output_tokens);
  return ExitCode::clean;
}

}  // namespace review
