// `review install-hook` / `review uninstall-hook`: the git pre-commit hook (plugin/hook.h).
#include <fmt/format.h>

#include "plugin/commands.h"
#include "plugin/hook.h"

namespace review {

Expected<ExitCode> run_install_hook_command(const Options& options) {
  auto change = install_pre_commit_hook(options.repo_path, current_executable());
  if (!change) return std::unexpected(change.error());
  fmt::print("{}\n", change->message);
  return ExitCode::clean;
}

Expected<ExitCode> run_uninstall_hook_command(const Options& options) {
  auto change = uninstall_pre_commit_hook(options.repo_path);
  if (!change) return std::unexpected(change.error());
  fmt::print("{}\n", change->message);
  return ExitCode::clean;
}

}  // namespace review
