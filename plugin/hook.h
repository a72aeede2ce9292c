// The git pre-commit hook: where it goes, what it says, and installing/uninstalling it
// without losing a hook that was there before.
//
// The hooks folder is `core.hooksPath` when set (relative paths are relative to the work
// tree, as git runs hooks there) or the repository's `hooks` folder (the common git dir, so
// linked worktrees share it) — read with libgit2's config API, never by running git.
// An existing foreign hook is renamed to `pre-commit.review-chained` and run first by ours
// with the same arguments and stdin; uninstalling moves it back, byte for byte, mode and
// all (a rename). Installing again over our own hook rewrites it only if its text changed.
//
// The hook runs `review --staged --format text` (what `git commit` would record, read from
// the index; the index, working tree and stash are never touched) with `--policy fail-open`
// unless REVIEW_POLICY is set, finds `review` at the absolute path of the installing binary
// or else on PATH, and does nothing when REVIEW_SKIP=1 (after running the chained hook).
#pragma once

#include <filesystem>
#include <string>

#include "util/error.h"

namespace review {

/// Where the pre-commit hook of a repository lives.
struct HookLocation {
  std::filesystem::path dir;      ///< the hooks folder (may not exist yet)
  std::filesystem::path hook;     ///< dir / "pre-commit"
  std::filesystem::path chained;  ///< dir / "pre-commit.review-chained": the previous hook, kept
};

/// Finds the hooks folder of the repository containing `repo_path`. Errors (kind input): not
/// a git repository; a bare repository (nothing is committed there).
Expected<HookLocation> locate_pre_commit_hook(const std::filesystem::path& repo_path);

/// The hook script (POSIX sh). `review_binary` is tried first (absolute path; may be empty),
/// then `review` on PATH; when neither exists the hook warns and lets the commit through.
std::string pre_commit_hook_script(const std::filesystem::path& review_binary);

/// True if `script` is a hook written by pre_commit_hook_script (any version).
bool is_review_hook(const std::string& script);

/// What install/uninstall did, as a one-line message for the user.
struct HookChange {
  bool changed = false;  ///< false when there was nothing to do
  std::string message;
};

/// Installs the hook (mode 0755, written atomically). Keeps a foreign hook as
/// `pre-commit.review-chained`. Errors (kind input): see locate_pre_commit_hook; a foreign
/// hook is present and `pre-commit.review-chained` already exists too (nothing is changed).
Expected<HookChange> install_pre_commit_hook(const std::filesystem::path& repo_path,
                                             const std::filesystem::path& review_binary);

/// Removes our hook and moves `pre-commit.review-chained` back. Leaves a foreign hook alone
/// (changed = false, with a message saying so).
Expected<HookChange> uninstall_pre_commit_hook(const std::filesystem::path& repo_path);

/// The absolute path of the running executable (/proc/self/exe), or empty if unknown.
std::filesystem::path current_executable();

}  // namespace review
