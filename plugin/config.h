// Configuration: `.review.toml` at the repository root, the user's
// `$XDG_CONFIG_HOME/review/config.toml`, REVIEW_* environment variables and flags, merged
// with the precedence   flags > environment > repository config > user config > defaults.
//
// As in ccache, configuration is a table of keys (config_keys()): each has a type, a
// default, a doc line, and a trust level. Every effective value remembers where it came
// from (ValueOrigin) so `review config` can show it. Keys marked trusted-only — the LLM
// endpoint `llm.base_url`, the key variable `llm.api_key_env` and `llm.provider` — decide
// where code and keys are sent, so a configuration file committed to the reviewed
// repository may set them only when the user passes --trust-repo-config; otherwise they are
// ignored with a warning on stderr (CI on an untrusted pull request must not be able to
// redirect code or keys to a new endpoint).
//
// Key names are TOML dotted paths: general keys at the top level (`fail_on`), then
// `paths.*`, `llm.*`, `cache.*`, and `reviewers.<name>.*` for each reviewer — the default
// ones (security, performance, style) and custom ones, which bring their own taxonomy,
// rule packs, prompts and command voters. Errors name the file and line:
//   config error: /repo/.review.toml:7: unknown key 'reviewers.security.qourum'
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/options.h"
#include "plugin/path_filter.h"
#include "reviewers/finding.h"
#include "reviewers/voter.h"
#include "reviewers/voting_policy.h"
#include "util/error.h"

namespace review {

/// Where an effective value came from, lowest precedence first.
enum class OriginKind { default_value, user_file, repo_file, environment, flag };

struct ValueOrigin {
  OriginKind kind = OriginKind::default_value;
  std::string file;  ///< user_file/repo_file: the file as found (absolute when searched for)
  int line = 0;      ///< user_file/repo_file: 1-based line of the value
  std::string name;  ///< environment: the variable (REVIEW_FAIL_ON); flag: the flag (--fail-on)

  /// "default", "user <file>:<line>", "repo <file>:<line>", "env REVIEW_X", "flag --x".
  std::string describe() const;
};

/// The value types of configuration keys.
enum class KeyType {
  boolean,
  integer,
  number,        ///< floating point; integers are accepted
  string,        ///< `allowed` lists the accepted values when not empty
  string_list,   ///< array of strings; from the environment, comma-separated
  voter_list,    ///< array of inline tables {kind, id, weight, variant, command, prompt, temperature}
  severity_map,  ///< table rule_id → "info"|"low"|"medium"|"high"|"critical"
};

/// May a configuration file committed to the reviewed repository set this key?
enum class KeyTrust { any, trusted_only };

/// One row of the key table.
struct KeyInfo {
  std::string_view key;      ///< dotted; "reviewers.*.<k>" applies to every reviewer
  KeyType type;
  std::string_view default_toml;  ///< the default as a TOML value ("\"high\"", "0.0", "[]")
  std::string_view doc;           ///< one line for `review init` and docs/configuration.md
  KeyTrust trust = KeyTrust::any;
  std::string_view allowed = {};  ///< enumerated strings, '|'-separated ("none|low|…")
  double min = -1e300;            ///< numeric range, inclusive
  double max = 1e300;
  std::string_view flag = {};     ///< the command-line flag that sets it, if any
};

/// The key table, in display order.
std::span<const KeyInfo> config_keys();

/// The environment variable for a key: "REVIEW_" + upper-case key with '.' → '_'
/// (REVIEW_LLM_BASE_URL). Reviewer keys ("reviewers.*") have none and return "".
std::string env_name_for(std::string_view key);

/// The default reviewers, in report order.
inline constexpr std::string_view k_default_reviewers[] = {"security", "performance", "style"};

/// One voter of a reviewer, as configured (`voters = [{kind = "llm", weight = 2}, …]`).
struct VoterConfig {
  VoterKind kind = VoterKind::builtin;
  std::string id;       ///< explicit voter id, or "" for the engine's default ("<reviewer>.<kind>-<n>")
  double weight = 1.0;  ///< for the weighted strategy; >= 0
  std::string variant;  ///< builtin: which view of the code ("rules", "query", "metrics");
                        ///< llm: prompt variant; "" = by position
  std::string command;  ///< kind = command: the command line (run by /bin/sh -c)
  std::string prompt;   ///< kind = llm: a prompt template file (absolute path), "" = built-in
  std::optional<double> temperature;  ///< kind = llm: sampling temperature
};

/// A reviewer: one of the defaults or a custom one.
struct ReviewerConfig {
  std::string name;
  bool custom = false;   ///< not one of k_default_reviewers
  bool enabled = true;
  VotingPolicy policy;   ///< strategy, threshold, quorum, line_tolerance; weights from `voters`
  /// Configured voters; empty means the engine's default voters for this reviewer (three
  /// built-in ones, or LLM ones when an LLM is configured). Never empty for custom reviewers.
  std::vector<VoterConfig> voters;
  std::map<std::string, Severity> severity_overrides;  ///< rule_id → severity
  std::vector<std::string> disabled_rules;              ///< rule ids never reported
  /// Allowed categories. Default reviewers: empty means default_taxonomy(name). Custom
  /// reviewers: never empty.
  std::vector<std::string> taxonomy;
  std::vector<std::filesystem::path> rule_packs;  ///< absolute paths of TOML rule packs
};

/// The `[llm]` section as configured (flags and REVIEW_LLM_* included); plugin/voter_factory.cc
/// turns it into the LLM client's reviewers/llm LlmConfig.
struct LlmSettings {
  std::string provider = "none";  ///< none | openai | anthropic
  std::string base_url;           ///< "" = the provider's public endpoint
  std::string model;              ///< "" = the provider's default model
  std::string api_key_env;        ///< variable holding the key; "" = OPENAI_API_KEY / ANTHROPIC_API_KEY
  int max_in_flight = 8;          ///< concurrent requests
  int timeout_ms = 60000;         ///< per request, total
  int rpm = 0;                    ///< requests per minute; 0 = unlimited
  long tpm = 0;                   ///< tokens per minute; 0 = unlimited
  std::string fallback_model;     ///< used after repeated failures of `model`; "" = none
  std::string policy = "fail-open";  ///< fail-open | fail-closed (exit 3 on backend failure)
  bool adaptive = false;          ///< skip the third voter when the first two agree
  bool configured() const { return provider != "none"; }
};

struct CacheConfig {
  bool enabled = true;
  std::filesystem::path dir;  ///< "" = $XDG_CACHE_HOME/review (or ~/.cache/review)
};

/// One effective key for `review config`: the key (reviewer keys expanded), its value as
/// TOML text, and where it came from.
struct ConfigEntry {
  std::string key;
  std::string value;
  ValueOrigin origin;
};

/// The effective configuration of a run. Plain values; read-only once loaded.
struct Config {
  std::optional<Severity> fail_on = Severity::high;  ///< nullopt: "none" (never exit 1)
  double min_confidence = 0.0;
  std::string filter = "added";     ///< added | diff_context | file | nofilter
  std::string format = "text";      ///< text | json | sarif | markdown | github (stdout)
  int jobs = 0;                     ///< worker threads; 0 = all cores
  std::size_t max_file_bytes = 1 << 20;  ///< bytes; larger post-images are skipped
  int context_lines = 10;           ///< fallback chunks: lines of context around each change
  int token_budget = 2000;          ///< max estimated tokens per chunk
  std::vector<std::string> include;  ///< paths.include (gitignore syntax); empty = all
  std::vector<std::string> exclude;  ///< paths.exclude (gitignore syntax)
  PathFilter paths;                  ///< compiled from include/exclude
  /// Default reviewers first (in k_default_reviewers order), then custom ones by name;
  /// disabled ones included with enabled = false.
  std::vector<ReviewerConfig> reviewers;
  LlmSettings llm;
  CacheConfig cache;
  std::vector<ConfigEntry> entries;   ///< every effective key, in config_keys() order
  std::vector<std::string> warnings;  ///< also printed on stderr by load_config
  std::string repo_config_file;       ///< the repository config that was read, or ""
  std::string user_config_file;       ///< the user config that was read, or ""

  /// The reviewer named `name`, or nullptr.
  const ReviewerConfig* reviewer(std::string_view name) const;

  /// True if `key` (e.g. "reviewers.security.strategy") was set by a file, the environment
  /// or a flag rather than left at its default — e.g. to let a reviewer's measured built-in
  /// voting policy apply unless the user chose one.
  bool is_set(std::string_view key) const;
};

/// Where the user configuration lives: $XDG_CONFIG_HOME/review/config.toml, or
/// ~/.config/review/config.toml when XDG_CONFIG_HOME is unset or empty.
std::filesystem::path user_config_path();

/// Loads the effective configuration: defaults, then the user config (if it exists), then
/// the repository config (`options.config_path` if given — it must exist — else
/// `<repo_root>/.review.toml` if it exists; pass an empty repo_root when not in a
/// repository), then REVIEW_* variables, then flags (fail_on, min_confidence, filter,
/// format, jobs, strategy/aspects for every reviewer, no_cache, llm, llm_url, llm_model,
/// max_in_flight, policy). Relative paths in a file (rule packs, prompts, cache.dir) are
/// relative to that file's folder. Warnings (ignored trusted-only keys) go to stderr.
/// Errors (kind `config`): "config error: <file>:<line>: <what>" for files,
/// "config error: environment REVIEW_X: <what>", "config error: --flag: <what>".
Expected<Config> load_config(const Options& options, const std::filesystem::path& repo_root);

/// As load_config, reading variables from `environment` instead of the process
/// environment (for tests). Keys are variable names.
Expected<Config> load_config(const Options& options, const std::filesystem::path& repo_root,
                             const std::map<std::string, std::string>& environment);

/// The work-tree root of the repository containing `start` (libgit2 discovery), or an empty
/// path when `start` is not inside a work tree. Never fails.
std::filesystem::path find_repo_root(const std::filesystem::path& start);

/// A commented `.review.toml` with every key and its default, all commented out (so the file
/// changes nothing until a line is uncommented), plus an example custom reviewer.
std::string commented_default_config();

}  // namespace review
