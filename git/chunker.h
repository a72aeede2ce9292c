// Chunker: turns the diff model into review units (git/chunk.h) with tree-sitter — the
// smallest enclosing definition(s) around changed lines, merged when they overlap or touch,
// split at child boundaries when over the token budget, hunk ± context as fallback.
#pragma once

#include <string_view>
#include <vector>

#include "git/chunk.h"
#include "git/diff_model.h"

namespace review {

struct ChunkerOptions {
  int token_budget = 2000;   ///< max estimated tokens per chunk (see estimate_tokens)
  int context_lines = 10;    ///< fallback: lines of context around each hunk's changes
  int parse_timeout_ms = 2000;  ///< per-file parse time limit; on expiry, fallback
  /// Post-images of at least this many bytes (in the languages with windowed parsing, see
  /// chunker.cc step 1) are first parsed only around their changes; 0 disables windowing.
  /// Windowed and whole-file parsing give identical chunks (tested on real code).
  size_t window_min_bytes = 12 * 1024;
};

/// Chunks of a whole diff, in (path, start_line) order — deterministic for any number of
/// threads. Files with skip_reason and pure deletions yield no chunk. Parses files in
/// parallel with oneTBB (one TSParser per thread). Thread-safe; never throws on hostile input.
struct ChunkResult {
  std::vector<Chunk> chunks;
  int pure_deletions = 0;  ///< files/hunks with removed lines only (counted, no chunk)
  int windowed_files = 0;  ///< files chunked from a windowed parse (see window_min_bytes)
};
ChunkResult chunk_diff(const Diff& diff, const ChunkerOptions& options);

/// Documented token estimate: ceil(bytes / 4), the common rule of thumb for source code
/// with BPE tokenizers (OpenAI, Anthropic). Units: tokens.
int estimate_tokens(std::string_view text);

}  // namespace review
