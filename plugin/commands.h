// The subcommand table: each command is a function of the parsed options that returns
// an exit code or an Error (caught once in main). One file per command (cmd_*.cc).
#pragma once

#include <string_view>

#include "plugin/options.h"
#include "util/error.h"
#include "util/exit_code.h"

namespace review {

using CommandFn = Expected<ExitCode> (*)(const Options&);

Expected<ExitCode> run_review_command(const Options& options);   // cmd_review.cc
Expected<ExitCode> run_diff_command(const Options& options);     // cmd_diff.cc
Expected<ExitCode> run_baseline_command(const Options& options); // cmd_review.cc
Expected<ExitCode> run_rules_command(const Options& options);    // cmd_rules.cc
Expected<ExitCode> run_plan_command(const Options& options);     // cmd_plan.cc
Expected<ExitCode> run_init_command(const Options& options);           // cmd_init.cc
Expected<ExitCode> run_config_command(const Options& options);         // cmd_config.cc
Expected<ExitCode> run_install_hook_command(const Options& options);   // cmd_install_hook.cc
Expected<ExitCode> run_uninstall_hook_command(const Options& options); // cmd_install_hook.cc
Expected<ExitCode> run_merge_command(const Options& options);          // cmd_merge.cc
Expected<ExitCode> run_graph_command(const Options& options);          // cmd_graph.cc

/// The function for a subcommand name ("review" for the default), or nullptr.
CommandFn find_command(std::string_view name);

}  // namespace review
