// Tree-sitter grammars compiled into the binary (cmake/grammars.cmake), looked up by our
// language id. The TSLanguage objects are static, immutable and shared by every thread.
// Grammar versions: npm tree-sitter-* 0.23.x (ABI 14), pinned in package-lock.json.
#pragma once

#include <span>
#include <string_view>

struct TSLanguage;

namespace review {

/// The grammar for a language id ("c", "cpp", "python", "javascript", "typescript", "tsx",
/// "go", "rust", "java"), or nullptr if there is none. Borrowed, static; thread-safe.
const TSLanguage* grammar_for(std::string_view language);

/// Every language id that has a grammar, in a fixed order.
std::span<const std::string_view> grammar_languages();

}  // namespace review
