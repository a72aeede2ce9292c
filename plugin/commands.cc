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
    CommandEntry{"diff", run_diff_command},
    CommandEntry{"rules", run_rules_command},
};
}  // namespace

CommandFn find_command(std::string_view name) {
  for (const auto& c : k_commands)
    if (c.name == name) return c.fn;
  return nullptr;
}

}  // namespace review
