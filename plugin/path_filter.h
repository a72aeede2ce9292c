// Path patterns in gitignore syntax (https://git-scm.com/docs/gitignore, "PATTERN FORMAT"),
// for the `paths.include` / `paths.exclude` configuration keys.
//
// Written here rather than borrowed: libgit2 exposes gitignore matching only against a
// repository's own ignore files (git_ignore_path_is_ignored), and its git_pathspec is
// fnmatch-style without gitignore's anchoring, directory and negation rules; no Debian C++
// package does it standalone.
//
// Supported, as in gitignore:
//   `*` any run of characters except '/';  `?` one character except '/';
//   `[a-z]`, `[!a-z]`, `[^a-z]`, `[[:alpha:]]` one character of a class (never '/');
//   `\x` the character x literally;  trailing unescaped spaces are dropped;
//   a leading `/`, or a `/` in the middle, anchors the pattern at the repository root;
//   otherwise it matches the name at any depth ("*.py" matches "a/b/c.py");
//   a trailing `/` matches directories only (and so every file below them);
//   `**/x` x in any directory, `x/**` everything inside x, `a/**/b` zero or more
//   directories between a and b; other `**` act like `*`;
//   `!` negates: a later negated pattern re-includes what an earlier one matched, except
//   below a directory that is itself matched (as in git: a file cannot be re-included if
//   a parent directory is excluded);  blank lines and lines starting with `#` are ignored.
//
// Matching is a simulation of the pattern as a small automaton over the path: time
// O(path length × pattern length), no backtracking, so hostile file names cannot make it slow.
// Example: patterns ["build/", "*.min.js", "!keep.min.js"] match "build/x.c" and
// "web/app.min.js" but not "web/keep.min.js" or "src/build.c".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace review {

/// One compiled gitignore pattern. Plain value; matching is const and thread-safe.
class PathPattern {
 public:
  /// Compiles one pattern line. Returns a pattern that matches nothing for blank and
  /// comment lines (check `empty()`).
  static PathPattern compile(std::string_view line);

  /// True for blank and comment lines, which never match.
  bool empty() const { return m_tokens.empty(); }
  bool negated() const { return m_negated; }
  bool directory_only() const { return m_directory_only; }
  const std::string& text() const { return m_text; }

  /// True if the pattern matches `path` (repository-relative, '/'-separated, no leading
  /// '/'), which names a directory when `is_directory`. Ignores negation: the caller
  /// applies it. Does not look at parent directories (PathFilter does).
  bool matches(std::string_view path, bool is_directory) const;

  /// A step of the compiled pattern (public only so the matcher in the .cc can see it).
  struct Token {
    enum class Kind { literal, any_char, char_class, star, globstar_dirs, any_run } kind;
    char literal = 0;
    std::vector<bool> set;  ///< 256 entries for char_class (after applying negation)
  };

 private:
  std::string m_text;  ///< the pattern as written, for messages
  std::vector<Token> m_tokens;
  bool m_negated = false;
  bool m_directory_only = false;
  bool m_anchored = false;  ///< matches the whole path, not just the last name
};

/// An ordered list of gitignore patterns; the last pattern that matches decides.
class PatternList {
 public:
  PatternList() = default;
  explicit PatternList(const std::vector<std::string>& lines);

  /// True if no pattern (other than blank/comment lines) was given.
  bool empty() const { return m_patterns.empty(); }

  /// True if `path` (a file, repository-relative, '/'-separated) is matched by the list with
  /// gitignore semantics: each parent directory is checked first, top-down, and a matched
  /// directory matches everything below it; otherwise the last pattern matching the file
  /// itself decides (a negated one means "not matched").
  bool matches(std::string_view path) const;

 private:
  enum class Verdict { none, matched, unmatched };
  Verdict last_verdict(std::string_view path, bool is_directory) const;
  std::vector<PathPattern> m_patterns;
};

/// Which files are reviewed: those matched by `include` (everything when it is empty) and
/// not matched by `exclude`. Thread-safe for concurrent `accepts` calls.
class PathFilter {
 public:
  PathFilter() = default;
  PathFilter(const std::vector<std::string>& include, const std::vector<std::string>& exclude)
      : m_include(include), m_exclude(exclude) {}

  /// True if `path` (repository-relative, '/'-separated) is to be reviewed.
  bool accepts(std::string_view path) const { return rejection(path).empty(); }

  /// Why `path` is not reviewed — "not in paths.include" or "excluded by paths.exclude" —
  /// or "" when it is. Suitable for a report's skipped entry.
  std::string rejection(std::string_view path) const;

 private:
  PatternList m_include;
  PatternList m_exclude;
};

}  // namespace review
