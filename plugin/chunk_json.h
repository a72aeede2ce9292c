// JSON spelling of chunks and skipped files, shared by `review diff --json` and
// `review plan --json`. Text from the repository (paths, symbols, code) is made valid UTF-8
// first (util/text.h sanitize_utf8) so hostile bytes cannot break the JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "git/chunk.h"
#include "git/diff_model.h"
#include "util/text.h"

namespace review {

/// Whether a chunk's JSON carries its text (`code`, `context`) or only its shape.
enum class ChunkText { include, omit };

inline const char* to_string(ChunkOrigin origin) { return origin == ChunkOrigin::syntax ? "syntax" : "fallback"; }

/// {"path", "language", "symbol", "start_line", "end_line", "changed_lines", "token_estimate",
///  "origin", "context_lines", ["context", "code"]}. Lines are 1-based on the new side.
inline nlohmann::ordered_json chunk_json(const Chunk& c, ChunkText text) {
  nlohmann::ordered_json j;
  j["path"] = sanitize_utf8(c.path);
  j["language"] = c.language;
  j["symbol"] = sanitize_utf8(c.symbol);
  j["start_line"] = c.start_line;
  j["end_line"] = c.end_line;
  j["changed_lines"] = c.changed_lines;
  j["token_estimate"] = c.token_estimate;
  j["origin"] = to_string(c.origin);
  j["context_lines"] = c.context_lines;
  if (text == ChunkText::include) {
    j["context"] = sanitize_utf8(c.context);
    j["code"] = sanitize_utf8(c.code);
  }
  return j;
}

/// [{"path", "reason"}] for every file with a skip reason, in diff order.
inline nlohmann::ordered_json skipped_json(const Diff& diff) {
  auto skipped = nlohmann::ordered_json::array();
  for (const auto& f : diff.files)
    if (f.skip_reason) skipped.push_back({{"path", sanitize_utf8(f.path)}, {"reason", *f.skip_reason}});
  return skipped;
}

}  // namespace review
