// DiffSource: reads what changed from a git repository (or a patch) with libgit2 and
// produces the plain diff model (git/diff_model.h). All libgit2 work happens here, on the
// calling thread; nothing it returns holds a git handle.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "git/diff_model.h"
#include "util/error.h"

namespace review {

/// What to read. `rev` is the argument of the mode: REV for commit, "A..B" or "A...B" for
/// range, REF for base, a file name or "-" (stdin) for patch; unused for staged/worktree.
struct DiffRequest {
  SourceKind kind = SourceKind::worktree;
  std::string rev;
  std::string repo_path = ".";          ///< any path inside the work tree (or the git dir)
  bool include_untracked = false;       ///< worktree mode: include untracked files
  std::size_t max_file_bytes = 1 << 20; ///< post-images larger than this are skipped ("too large")
  int context_lines = 3;                ///< unified context, as `git diff` (default 3)
};

/// Reads the diff. Errors (kind `input`, one line): not a git repository; a bare repository
/// with staged/worktree; unknown ref or bad range syntax; a shallow clone missing the
/// merge-base or a parent (the message says to fetch more history); a malformed patch.
/// Binary files, submodules, symlinks, over-size files, deletions and mode-only changes are
/// kept in the result with FileDiff::skip_reason set. Must be called with libgit2
/// initialised (see LibGit2Guard).
Expected<Diff> read_diff(const DiffRequest& request);

/// The git directory (".git" folder, or the bare repository) of the repository containing
/// `repo_path`, or nullopt outside a repository. Used to keep caches with the repository.
std::optional<std::filesystem::path> repository_git_dir(const std::string& repo_path);

/// Initialises libgit2 for the process lifetime of the guard (git_libgit2_init/shutdown).
/// Make one first thing in main and in test main.
class LibGit2Guard {
 public:
  LibGit2Guard();
  ~LibGit2Guard();
  LibGit2Guard(const LibGit2Guard&) = delete;
  LibGit2Guard& operator=(const LibGit2Guard&) = delete;
};

}  // namespace review
