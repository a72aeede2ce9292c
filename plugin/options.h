// Command-line options (DESIGN.md "Command-line contract"), parsed by plugin/cli.cc with
// CLI11. Plain values; `main` turns them, with configuration, into the run's context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "git/diff_model.h"

namespace review {

/// What to compare. `kind` picks the mode; `rev` is the REV/RANGE/REF/FILE argument.
struct SourceOptions {
  SourceKind kind = SourceKind::worktree;
  std::string rev;                 ///< --commit REV, --range A..B|A...B, --base REF, --patch FILE|-
  bool include_untracked = false;  ///< --untracked (worktree mode only)
};

struct Options {
  std::string command = "review";  ///< review | diff | plan | rules | install-hook | …
  SourceOptions source;
  std::string format = "text";                 ///< --format
  bool format_set = false;                     ///< --format was given (it then beats the config's `format`)
  std::vector<std::string> outputs;            ///< --output FORMAT=PATH, repeatable
  std::optional<std::string> fail_on;          ///< --fail-on none|low|medium|high|critical
  std::optional<double> min_confidence;        ///< --min-confidence 0..1
  std::optional<std::string> aspects;          ///< --aspects security,performance,style
  std::optional<std::string> strategy;         ///< --strategy NAME
  std::optional<int> voters;                   ///< --voters N
  std::optional<std::string> filter;           ///< --filter added|diff_context|file|nofilter
  std::optional<int> jobs;                     ///< --jobs N
  std::optional<std::string> config_path;      ///< --config PATH
  bool no_cache = false;                       ///< --no-cache
  std::optional<bool> progress;                ///< --progress / --no-progress
  std::string color = "auto";                  ///< --color auto|always|never
  std::optional<std::string> shard;            ///< --shard I/N
  std::optional<std::string> baseline;         ///< --baseline FILE
  bool json = false;                           ///< `diff --json`, `rules --json`, `plan --json`
  std::string output_file;                     ///< `baseline -o FILE`
  std::vector<std::string> inputs;             ///< `merge REPORT.json...`
  std::string repo_path = ".";                 ///< -C PATH: run as if started in PATH
  // LLM (issue 7)
  std::optional<std::string> llm;              ///< --llm openai|anthropic|none
  std::optional<std::string> llm_url;          ///< --llm-url URL
  std::optional<std::string> llm_model;        ///< --llm-model NAME
  std::optional<int> max_in_flight;            ///< --max-in-flight N
  std::optional<double> deadline_s;            ///< --deadline SECONDS
  std::optional<int> max_calls;                ///< --max-calls N
  std::optional<long> max_tokens;              ///< --max-tokens N
  std::optional<std::string> policy;           ///< --policy fail-open|fail-closed
  bool trust_repo_config = false;              ///< --trust-repo-config
  bool print_config = false;                   ///< --print-config
};

}  // namespace review
