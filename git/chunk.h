// Chunk: the unit one voter reviews — the smallest enclosing definition(s) around changed
// lines (or hunk ± context for unknown languages and broken parses). Plain values, shared
// read-only by every voter on every thread.
#pragma once

#include <string>
#include <vector>

namespace review {

/// How a chunk's boundaries were chosen.
enum class ChunkOrigin {
  syntax,    ///< from the syntax tree: enclosing definition(s) or top-level neighbourhood
  fallback,  ///< hunk ± N context lines (no grammar, parse failed, or errors cover the change)
};

struct Chunk {
  std::string path;      ///< repo-relative, '/'-separated (FileDiff::path)
  std::string language;  ///< language id, "" if unknown
  std::string symbol;    ///< enclosing symbol path, e.g. "Parser::parse", "Handler.post"; "" at top level
  int start_line = 0;    ///< 1-based first line on the new side (inclusive)
  int end_line = 0;      ///< 1-based last line on the new side (inclusive)
  std::vector<int> changed_lines;  ///< sorted 1-based added lines inside [start_line, end_line]
  std::string code;      ///< the text of lines start_line..end_line, newline-terminated
  /// When a large definition was split: the enclosing signature lines shown before `code`
  /// (e.g. "class Parser:", "    def parse(self):"), 1-based, sorted, all < start_line.
  /// Empty otherwise.
  std::vector<int> context_lines;
  std::string context;     ///< the text of context_lines, each newline-terminated
  int token_estimate = 0;  ///< estimated tokens of `code` + `context` (see estimate_tokens in git/chunker.h)
  ChunkOrigin origin = ChunkOrigin::syntax;
  /// Every line of `code` lies directly inside one class body of the file (JS/TS: the
  /// chunk's definitions are methods/fields of the same class) — such code does not parse
  /// on its own. Set only for javascript/typescript/tsx chunks whose pieces are whole
  /// members of one class body; false when unsure (fallback chunks, split members, top
  /// level). Internal: not part of any JSON output.
  bool class_member = false;
};

}  // namespace review
