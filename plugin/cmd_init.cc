// `review init`: writes a commented `.review.toml` at the repository root (or to -o FILE)
// listing every key with its default. Never overwrites an existing file.
#include <fmt/format.h>

#include "plugin/commands.h"
#include "plugin/config.h"
#include "util/fs.h"

namespace review {

Expected<ExitCode> run_init_command(const Options& options) {
  std::filesystem::path target;
  if (!options.output_file.empty()) {
    target = options.output_file;
  } else {
    std::filesystem::path root = find_repo_root(options.repo_path);
    target = (root.empty() ? std::filesystem::path(options.repo_path) : root) / ".review.toml";
  }
  std::error_code ec;
  if (std::filesystem::exists(target, ec))
    return fail(ErrorKind::input, fmt::format("{} already exists; edit it, or see the effective values with `review config`",
                                              target.string()));
  if (auto r = write_file_atomic(target, commented_default_config(), 0644); !r) return std::unexpected(r.error());
  fmt::print("wrote {}\n", target.string());
  return ExitCode::clean;
}

}  // namespace review
