// Turning an LLM's answer into validated findings.
//
// The answer should be {"findings": [{line, end_line, category, severity, message,
// suggestion, quote}]} (answer_json_schema()); models also wrap it in ``` fences or
// prose, which is tolerated. Each finding is validated against the chunk and the reviewer:
//   - category must be in the reviewer's taxonomy (case-insensitive; "CWE-78: title" ok);
//   - severity must be info|low|medium|high|critical; message must be non-empty;
//   - lines must lie inside the chunk and touch a changed line. When they do not, the
//     `quote` is looked up in the chunk's text (post-image lines) and, if it is found on
//     lines that touch a change, the finding is moved there ("re-anchored");
// anything else is dropped and counted. An answer that is not such a JSON object at all is
// an error (the voter abstains with the reason).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "git/chunk.h"
#include "reviewers/finding.h"
#include "reviewers/voter.h"
#include "util/error.h"

namespace review {

struct ParsedAnswer {
  std::vector<Finding> findings;  ///< valid findings, in answer order
  int dropped = 0;                ///< findings rejected by validation
  int reanchored = 0;             ///< findings moved to the lines their quote names
};

/// Parses `text` for `chunk` reviewed by `reviewer`; findings get aspect = reviewer name,
/// rule_id = "llm.<category>", path = chunk.path, voter = `voter_id`. Error kind `input`
/// with a short reason ("unparseable answer: …") when there is no findings object.
Expected<ParsedAnswer> parse_answer(std::string_view text, const Chunk& chunk, const ReviewerInfo& reviewer,
                                    std::string_view voter_id);

/// The JSON object inside `text`: without surrounding ``` fences (with or without a
/// language tag) and prose before the first '{' / after the last '}'. Borrows from `text`.
std::string_view extract_json_text(std::string_view text);

/// JSON Schema of an answer, strict-mode compatible (OpenAI structured outputs: every
/// property required, optional ones nullable, no additional properties).
const nlohmann::json& answer_json_schema();

}  // namespace review
