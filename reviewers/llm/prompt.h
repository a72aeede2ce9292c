// Prompts of LLM voters, from the data files reviewers/prompts/*.toml embedded at build
// time (common.toml: the shared system text; <reviewer>.toml: focus and variants;
// generic.toml: custom reviewers).
//
// A prompt has three parts, in this order, so that providers' prompt caching applies to
// the longest possible prefix shared by a chunk's voters:
//   system        — per reviewer: role, taxonomy, answer format (same for every chunk)
//   shared_user   — per chunk: path, symbol, the numbered code with changed lines marked
//   variant_user  — per voter: the variant's instruction
// The chunk is rendered with explicit new-side line numbers and a "+" on changed lines:
//      41  | def load(path):
//      42 +|     data = pickle.load(open(path, "rb"))
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "git/chunk.h"
#include "reviewers/llm/redactor.h"
#include "reviewers/voter.h"
#include "util/embedded.h"
#include "util/error.h"

namespace review {

/// One way of asking: its name (reported in cache keys and voter ids), sampling
/// temperature, and the instruction appended after the chunk.
struct PromptVariant {
  std::string name;
  double temperature = 0.2;
  std::string instruction;
};

/// The parsed prompt files. Immutable after load; share it freely across threads.
class PromptLibrary {
 public:
  /// Parses embedded prompt files ("prompts/common.toml", "prompts/<reviewer>.toml", …).
  /// Error kind `config` naming the file when one is malformed or common/generic is missing.
  static Expected<PromptLibrary> load(std::span<const EmbeddedFile> files);

  /// The system prompt for `reviewer` (its focus and taxonomy filled in).
  std::string system_prompt(const ReviewerInfo& reviewer) const;
  /// The variants of `reviewer` (its own file, or generic.toml); never empty.
  const std::vector<PromptVariant>& variants(std::string_view reviewer) const;
  /// Hash of every prompt file that shapes `reviewer`'s prompts: part of the cache key.
  std::string version(std::string_view reviewer) const;

 private:
  struct ReviewerPrompts {
    std::string name;
    std::string focus;
    std::vector<PromptVariant> variants;
    std::string version;
  };
  const ReviewerPrompts& prompts_for(std::string_view reviewer) const;

  std::string m_system_template;
  std::vector<ReviewerPrompts> m_reviewers;  ///< includes "generic"
};

/// The library of the embedded prompts, parsed once (thread-safe). Error if the embedded
/// files are malformed (a build problem).
const Expected<PromptLibrary>& embedded_prompt_library();

/// A rendered request, provider-neutral.
struct Prompt {
  std::string system;
  std::string shared_user;
  std::string variant_user;
  std::string variant;          ///< variant name
  double temperature = 0.2;
  std::string version;          ///< PromptLibrary::version of the reviewer
};

/// Renders the prompt for `chunk` as `variant` (index wraps around the reviewer's variants)
/// of `reviewer`. The chunk's code, path and symbol pass through `redact` (identity if empty).
Prompt build_prompt(const PromptLibrary& library, const ReviewerInfo& reviewer, const Chunk& chunk,
                    int variant, const Redactor& redact);

/// The chunk's lines, numbered and marked (see the file comment). `code` must have the
/// chunk's line count (redaction keeps it).
std::string render_numbered_chunk(const Chunk& chunk, std::string_view code);

/// Estimated input tokens of a prompt: ceil(bytes / 4) over its parts, plus a few tokens
/// of message framing. The same rule of thumb as the chunker's estimate_tokens.
long estimate_prompt_tokens(const Prompt& prompt);

}  // namespace review
