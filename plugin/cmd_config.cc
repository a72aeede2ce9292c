// `review config` (also `--print-config`): each effective configuration value and where it
// came from — default, user file:line, repo file:line, env REVIEW_*, or flag — as TOML lines
// that can be pasted into a config file, or as JSON with --json.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "plugin/commands.h"
#include "plugin/config.h"

namespace review {

Expected<ExitCode> run_config_command(const Options& options) {
  auto config = load_config(options, find_repo_root(options.repo_path));
  if (!config) return std::unexpected(config.error());
  if (options.json) {
    nlohmann::ordered_json j;
    j["user_config"] = config->user_config_file;
    j["repo_config"] = config->repo_config_file;
    auto entries = nlohmann::ordered_json::array();
    for (const auto& e : config->entries)
      entries.push_back({{"key", e.key}, {"value", e.value}, {"origin", e.origin.describe()}});
    j["entries"] = std::move(entries);
    fmt::print("{}\n", j.dump(2));
    return ExitCode::clean;
  }
  fmt::print("# user config: {}\n", config->user_config_file.empty() ? "(none)" : config->user_config_file);
  fmt::print("# repo config: {}\n", config->repo_config_file.empty() ? "(none)" : config->repo_config_file);
  for (const auto& e : config->entries) {
    std::string line = fmt::format("{} = {}", e.key, e.value);
    fmt::print("{:<56} # {}\n", line, e.origin.describe());
  }
  return ExitCode::clean;
}

}  // namespace review
