// One parse per chunk, shared by every built-in voter. Voters of all reviewers look at the
// same chunks, so a chunk's code is parsed once (keyed by a hash of language, text and line
// offset) and each voter call borrows a cheap ts_tree_copy for its own thread. Only the
// chunk is parsed, not the whole post-image: parsing costs ~0.3–0.5 ms per KiB with
// libtree-sitter, so whole files (often 50–100 KiB) would blow the 100 ms budget of a
// pre-commit review, while a chunk is already the enclosing definition(s) the voters need.
// The tree's rows map to new-side lines through a line offset. A JavaScript/TypeScript
// chunk that is a class member (which does not parse on its own) is parsed wrapped in a
// class body, one line earlier: straight away when the chunker marked it
// (Chunk::class_member), else after its plain parse showed an error.
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reviewers/builtin/ts_owners.h"
#include "reviewers/voter.h"

namespace review::builtin {

/// Parsed text: immutable after construction, shared read-only between threads.
class ParsedSource {
 public:
  ParsedSource(std::string language, std::string text, int line_offset, TsTreePtr tree);

  const std::string& language() const { return m_language; }
  /// The exact text that was parsed (node byte offsets index into it).
  std::string_view text() const { return m_text; }
  /// Added to (row + 1) to get the 1-based new-side line: 0 for a post-image, start_line-1
  /// for a chunk parsed on its own.
  int line_offset() const { return m_line_offset; }
  /// A copy of the tree for the calling thread (ts_tree_copy: shares subtrees, O(1)).
  TsTreePtr copy_tree() const;

 private:
  std::string m_language;
  std::string m_text;
  int m_line_offset = 0;
  TsTreePtr m_tree;
};

/// The parse of a vote request's chunk code (JS/TS class members: wrapped in a class body,
/// see the file comment). nullptr when the language has no grammar or
/// parsing failed (time limit 2 s). Results are cached process-wide (a small bounded
/// cache); concurrent first requests for the same text parse it once. Thread-safe.
std::shared_ptr<const ParsedSource> parse_for(const VoteRequest& request);

/// What a Voter::prepare of a built-in voter looks at: the first 32 requests (the result
/// may be shorter than `requests`), parsed side by side on the TBB workers; element i is
/// parse_for(requests[i]). prepare parses what it looks at, and the parse cache holds 64
/// entries, so on a larger run the parses would be evicted before the submits could reuse
/// them. A commit rarely has more chunks; on a large diff the rest compile lazily, where the
/// fixed cost per compile is amortised. Thread-safe.
std::vector<std::shared_ptr<const ParsedSource>> parse_for_prepare(std::span<const VoteRequest> requests);

/// Parses `text` as `language` (the same cache). nullptr if no grammar or failure.
std::shared_ptr<const ParsedSource> parse_text(std::string_view language, std::string_view text, int line_offset);

}  // namespace review::builtin
