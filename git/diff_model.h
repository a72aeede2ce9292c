// The diff model: plain values describing what changed, produced by DiffSource on one
// thread with libgit2 and handed, immutable, to everything downstream. Nothing here holds
// a git handle. Line numbers are 1-based, as git and SARIF count; 0 means "no such line"
// (an added line has no old number, a deleted line no new number).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace review {

/// What happened to a file, as git's delta status (git_delta_t) names it.
enum class DeltaStatus { added, modified, deleted, renamed, copied, type_change };

/// "added", "modified", … (the JSON spelling).
const char* to_string(DeltaStatus status);

/// Where a diff line comes from: unchanged context, added on the new side, removed from the old.
enum class LineOrigin { context, addition, deletion };

/// One line of a hunk. `content` is the line without its newline (and without a CR that
/// ends a CRLF line); it may contain any bytes, including NUL and invalid UTF-8.
struct DiffLine {
  LineOrigin origin = LineOrigin::context;
  int old_lineno = 0;  ///< 1-based on the old side; 0 for additions
  int new_lineno = 0;  ///< 1-based on the new side; 0 for deletions
  std::string content;
};

/// A hunk as in "@@ -old_start,old_lines +new_start,new_lines @@".
struct Hunk {
  int old_start = 0;
  int old_lines = 0;
  int new_start = 0;
  int new_lines = 0;
  std::string header;  ///< the "@@ … @@ context" line without its newline
  std::vector<DiffLine> lines;
};

/// One changed file (a git delta) with its hunks and the new-side text.
struct FileDiff {
  std::string path;      ///< new-side path (old path for deletions), '/'-separated, repo-relative
  std::string old_path;  ///< old-side path; differs from `path` for renames and copies
  DeltaStatus status = DeltaStatus::modified;
  bool binary = false;
  std::string language;  ///< language id ("cpp", "python", …; see git/language.h) or "" if unknown
  std::vector<Hunk> hunks;
  /// The whole new-side file (post-image) when it was readable: from the index for
  /// --staged, the working tree for --worktree, the tree of the new commit otherwise.
  /// Empty for deletions, binaries and --patch input (see `has_post_image`).
  std::string post_image;
  bool has_post_image = false;
  std::vector<int> added_lines;  ///< sorted 1-based new-side numbers of added lines
  int added_count = 0;           ///< number of added lines
  int removed_count = 0;         ///< number of removed lines
  /// Why this file cannot be reviewed ("binary", "submodule", "symlink", "too large",
  /// "deleted", "mode change only", "generated", "vendored"), or nullopt when it can.
  std::optional<std::string> skip_reason;
};

/// Which two sides were compared, as requested on the command line.
enum class SourceKind { staged, worktree, commit, range, base, patch };

/// "staged", "worktree", … (the JSON spelling).
const char* to_string(SourceKind kind);

/// Where a diff came from, for the report's "source" object. `base`/`head` are commit ids
/// (40 hex digits), "index", "worktree", "empty" (the empty tree), or the patch file name.
struct SourceInfo {
  SourceKind kind = SourceKind::worktree;
  std::string base;
  std::string head;
};

/// A whole diff: files in git's delta order (sorted by path).
struct Diff {
  SourceInfo source;
  std::vector<FileDiff> files;
};

}  // namespace review
