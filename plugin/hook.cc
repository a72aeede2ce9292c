// Pre-commit hook installation. See hook.h for the rules; the script itself is below.
#include "plugin/hook.h"

#include <fmt/format.h>

#include <system_error>

#include "git/git_handle.h"
#include "util/fs.h"

namespace review {

namespace {

using ConfigHandle = GitHandle<git_config, git_config_free>;

constexpr std::string_view k_marker = "# review-hook: v1";

/// `s` as a single-quoted sh word.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

/// Takes a git_buf's contents and frees it.
std::string take(git_buf& buf) {
  std::string s = buf.ptr ? buf.ptr : "";
  git_buf_dispose(&buf);
  return s;
}

Expected<void> rename_path(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::error_code ec;
  std::filesystem::rename(from, to, ec);
  if (ec) return fail(ErrorKind::input, fmt::format("cannot move {} to {}: {}", from.string(), to.string(), ec.message()));
  return {};
}

bool present(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::symlink_status(p, ec).type() != std::filesystem::file_type::not_found && !ec;
}

}  // namespace

Expected<HookLocation> locate_pre_commit_hook(const std::filesystem::path& repo_path) {
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, repo_path.c_str(), 0, nullptr) != 0)
    return fail(ErrorKind::input, fmt::format("not a git repository: {}", repo_path.string()));
  RepoHandle repo(raw);
  const char* workdir = git_repository_workdir(repo.get());
  if (!workdir)
    return fail(ErrorKind::input, "this repository is bare: nothing is committed here, so it has no pre-commit hook");

  std::filesystem::path dir;
  git_config* raw_config = nullptr;
  if (git_repository_config(&raw_config, repo.get()) != 0)
    return fail(ErrorKind::input, "cannot read the git configuration: " + last_git_error());
  ConfigHandle config(raw_config);
  git_buf buf = GIT_BUF_INIT;
  int rc = git_config_get_path(&buf, config.get(), "core.hooksPath");
  if (rc == 0) {
    std::string hooks_path = take(buf);
    dir = hooks_path;
    if (dir.is_relative()) dir = std::filesystem::path(workdir) / dir;  // git runs hooks in the work tree
  } else if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    if (git_repository_item_path(&buf, repo.get(), GIT_REPOSITORY_ITEM_HOOKS) != 0)
      return fail(ErrorKind::input, "cannot find the hooks folder: " + last_git_error());
    dir = take(buf);
  } else {
    return fail(ErrorKind::input, "cannot read core.hooksPath: " + last_git_error());
  }
  dir = dir.lexically_normal();
  if (dir.has_filename() == false) dir = dir.parent_path();  // drop a trailing '/'
  return HookLocation{dir, dir / "pre-commit", dir / "pre-commit.review-chained"};
}

std::string pre_commit_hook_script(const std::filesystem::path& review_binary) {
  return fmt::format(R"(#!/bin/sh
# review pre-commit hook: installed by `review install-hook`; `review uninstall-hook` removes it
# and puts back the hook that was here before (kept as pre-commit.review-chained, run first).
# It reviews what is staged, reading the index only: it never changes the index, the working
# tree or the stash. REVIEW_SKIP=1 skips the review; `git commit --no-verify` skips all hooks.
{marker}

chained="$(dirname -- "$0")/pre-commit.review-chained"
if [ -x "$chained" ]; then
  "$chained" "$@" || exit $?
fi

if [ "${{REVIEW_SKIP:-}}" = "1" ]; then
  exit 0
fi

review_bin={binary}
if [ -z "$review_bin" ] || [ ! -x "$review_bin" ]; then
  review_bin=$(command -v review 2>/dev/null || true)
fi
if [ -z "$review_bin" ]; then
  echo "review pre-commit hook: cannot find review (not at {binary_text}, not on PATH); commit not reviewed" >&2
  exit 0
fi

# Hook-friendly defaults: built-in offline voters unless an LLM is configured, a commit is not
# blocked by an unreachable LLM (set REVIEW_POLICY=fail-closed to change that), compact text.
if [ -n "${{REVIEW_POLICY:-}}" ]; then
  exec "$review_bin" --staged --format text
fi
exec "$review_bin" --staged --format text --policy fail-open
)",
                     fmt::arg("marker", k_marker), fmt::arg("binary", sh_quote(review_binary.string())),
                     fmt::arg("binary_text", review_binary.empty() ? "an installed path" : review_binary.string()));
}

bool is_review_hook(const std::string& script) {
  return script.find("\n# review-hook: ") != std::string::npos;
}

Expected<HookChange> install_pre_commit_hook(const std::filesystem::path& repo_path,
                                             const std::filesystem::path& review_binary) {
  auto where = locate_pre_commit_hook(repo_path);
  if (!where) return std::unexpected(where.error());
  const std::string script = pre_commit_hook_script(review_binary);
  std::error_code ec;
  std::filesystem::create_directories(where->dir, ec);
  if (ec) return fail(ErrorKind::input, fmt::format("cannot create {}: {}", where->dir.string(), ec.message()));

  std::string chained_note;
  if (present(where->hook)) {
    auto existing = read_file(where->hook);
    if (existing && is_review_hook(*existing)) {
      if (*existing == script) return HookChange{false, fmt::format("already installed: {}", where->hook.string())};
      if (auto w = write_file_atomic(where->hook, script, 0755); !w) return std::unexpected(w.error());
      return HookChange{true, fmt::format("updated {}", where->hook.string())};
    }
    if (present(where->chained))
      return fail(ErrorKind::input,
                  fmt::format("{} exists and so does {}; move one of them away, then install again",
                              where->hook.string(), where->chained.string()));
    if (auto r = rename_path(where->hook, where->chained); !r) return std::unexpected(r.error());
    chained_note = fmt::format(" (the existing hook is kept as {} and runs first)", where->chained.string());
  }
  if (auto w = write_file_atomic(where->hook, script, 0755); !w) {
    if (!chained_note.empty()) (void)rename_path(where->chained, where->hook);  // put it back
    return std::unexpected(w.error());
  }
  return HookChange{true, fmt::format("installed {}{}", where->hook.string(), chained_note)};
}

Expected<HookChange> uninstall_pre_commit_hook(const std::filesystem::path& repo_path) {
  auto where = locate_pre_commit_hook(repo_path);
  if (!where) return std::unexpected(where.error());
  if (!present(where->hook)) return HookChange{false, fmt::format("no pre-commit hook at {}", where->hook.string())};
  auto existing = read_file(where->hook);
  if (!existing || !is_review_hook(*existing))
    return HookChange{false, fmt::format("{} is not review's hook; left unchanged", where->hook.string())};
  std::error_code ec;
  std::filesystem::remove(where->hook, ec);
  if (ec) return fail(ErrorKind::input, fmt::format("cannot remove {}: {}", where->hook.string(), ec.message()));
  if (present(where->chained)) {
    if (auto r = rename_path(where->chained, where->hook); !r) return std::unexpected(r.error());
    return HookChange{true, fmt::format("removed review's hook; restored the previous {}", where->hook.string())};
  }
  return HookChange{true, fmt::format("removed {}", where->hook.string())};
}

std::filesystem::path current_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : p;
}

}  // namespace review
