// Command-line parsing with CLI11 (DESIGN.md "Command-line contract"). Every option is
// declared on the top-level app and subcommands fall through to it, so
// `review diff --staged --json` and `review --staged diff --json` mean the same.
#pragma once

#include "plugin/options.h"
#include "util/error.h"

namespace review {

/// Parses argv. `--help`/`--version` print and return an Error of kind `interrupted` with
/// an empty message and exit code 0 stored in `*early_exit`. Usage errors: kind `usage`.
Expected<Options> parse_command_line(int argc, char** argv, int* early_exit);

}  // namespace review
