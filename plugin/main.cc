// `review` entry point: global guards first, then parse options, run the command, map the
// result to an exit code. The one catch for errors and exceptions lives here.
#include <cstdio>
#include <exception>

#include "git/diff_source.h"
#include "plugin/cli.h"
#include "plugin/commands.h"

int main(int argc, char** argv) {
  using namespace review;
  LibGit2Guard git_guard;  // libgit2 global state for the process lifetime
  int early_exit = 0;
  auto options = parse_command_line(argc, argv, &early_exit);
  if (!options) {
    if (options.error().kind == ErrorKind::interrupted) return early_exit;
    std::fprintf(stderr, "review: %s\n", options.error().message.c_str());
    return static_cast<int>(ExitCode::usage);
  }
  try {
    // --print-config is `review config` for any command line.
    CommandFn command = find_command(options->print_config ? "config" : options->command);
    if (!command) {
      std::fprintf(stderr, "review: '%s' is not available in this build\n", options->command.c_str());
      return static_cast<int>(ExitCode::usage);
    }
    auto result = command(*options);
    if (!result) {
      std::fprintf(stderr, "review: %s\n", result.error().message.c_str());
      return static_cast<int>(exit_code_for(result.error().kind));
    }
    return static_cast<int>(*result);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "review: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::usage);
  }
}
