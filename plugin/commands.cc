// Static table from subcommand name to implementation.
#include "plugin/commands.h"

#include <array>
#include <utility>

namespace review {

namespace {
struct CommandEntry {
  std::string_view name;
  CommandFn fn;
};
constexpr std::array k_commands{
    CommandEntry{"review", run_review_command},
    CommandEntry{"diff", run_diff_command},
    CommandEntry{"baseline", run_baseline_command},
    CommandEntry{"rules", run_rules_command},
    CommandEntry{"plan", run_plan_command},
    CommandEntry{"init", run_init_command},
    CommandEntry{"config", run_config_command},
    CommandEntry{"install-hook", run_install_hook_command},
    CommandEntry{"uninstall-hook", run_uninstall_hook_command},
    CommandEntry{"merge", run_merge_command},
    CommandEntry{"graph", run_graph_command},
};
}  // namespace

CommandFn find_command(std::string_view name) {
  for (const auto& c : k_commands)
    if (c.name == name) return c.fn;
  return nullptr;
}

}  // namespace review
