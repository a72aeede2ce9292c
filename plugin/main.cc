// `review` entry point: parse options, make the global guards, run the command, map the
// result to an exit code. The one catch for errors and exceptions lives here.
#include <malloc.h>

#include <cstdio>
#include <exception>
#include <string_view>
#include <thread>

#include "git/diff_source.h"
#include "plugin/cli.h"
#include "plugin/commands.h"
#include "reviewers/builtin/rule_pack.h"

namespace {

/// Commands that review code and so need the embedded rule packs.
bool needs_rules(std::string_view command) {
  return command == "review" || command == "baseline" || command == "plan" || command == "rules";
}

/// glibc malloc for a short-lived process that allocates and frees a lot (parse trees,
/// file contents, compiled queries): blocks of up to 32 MiB come from the heap instead of
/// fresh mmaps, freed memory is kept instead of trimmed, and the heap grows 16 MiB at a
/// time. Every fresh page costs a page fault (and unmapping a TLB shootdown on the other
/// core); measured on the typical commit: 4,716 → 2,494 minor faults, ~7 ms of 90 ms wall
/// (bench/run). Memory is returned to the system when the process exits, soon after.
/// Options: mallopt(3).
void tune_allocator() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace review;
  tune_allocator();
  int early_exit = 0;
  auto options = parse_command_line(argc, argv, &early_exit);  // touches no library state
  // Start-up cost runs side by side on two cores: the embedded rule packs are parsed (TOML,
  // ~35M instructions) on a helper thread while libgit2 initialises and the diff is read
  // (libgit2's CA-bundle parse is skipped: see git/diff_source.cc). builtin_rules() is a
  // thread-safe function-local static, so a later caller simply waits for it; the thread
  // is joined when main returns.
  std::jthread warm_rules;
  if (options && needs_rules(options->command)) warm_rules = std::jthread([] { builtin::builtin_rules(); });
  LibGit2Guard git_guard;  // libgit2 global state for the process lifetime
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
