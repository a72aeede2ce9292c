// Lexical rules: RE2 patterns over the lines of a chunk, each behind a keyword prefilter
// (a rule's regex runs only on lines containing one of its keywords, compared
// case-insensitively), optionally on a masked copy of the text where comments — and for
// scope "code" also string contents — are blanked out, so that `strcpy(` in a comment or
// "eval(" inside a message string does not fire. Masking keeps every byte offset and
// newline, so columns and line numbers are those of the original text.
//
// Example: rule `pattern = '\bgets\s*\('`, `keywords = ["gets"]`, scope code:
//   line "  gets(buf); // never use gets()" → masked "  gets(buf);                   " → 1 match.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reviewers/builtin/rule_pack.h"

namespace review::builtin {

/// Shannon entropy of the bytes of `s`, in bits per byte (0 for ""; at most 8).
double shannon_entropy(std::string_view s);

/// True if `value` is obviously not a real secret: an example or placeholder ("changeme",
/// "xxx…", "<your-key>", "${VAR}", "{{ var }}", "dummy", "example", "test", repeated
/// characters, …), or too short (< 8 bytes). Used by rules with min_entropy.
bool looks_like_placeholder(std::string_view value);

/// What mask_source blanks out.
enum class MaskMode {
  comments,             ///< comments only (LexicalScope::strings)
  comments_and_strings  ///< comments and string-literal contents, quotes kept (LexicalScope::code)
};

/// `text` with comments (and string contents) replaced by spaces, newlines kept, same
/// length. Knows the comment and string syntax of the nine grammar languages; for other
/// languages ("" or unknown) returns the text unchanged. Linear time.
std::string mask_source(std::string_view text, std::string_view language, MaskMode mode);

/// One line a lexical rule matched.
struct LexicalMatch {
  const Rule* rule = nullptr;
  int line = 0;              ///< 1-based new-side line
  std::string_view matched;  ///< the matched bytes in the original line text
};

/// The lexical rules of a group (one reviewer's voter), compiled once (RE2 objects shared
/// read-only). for_each_match is thread-safe. Rules are borrowed; keep their RuleSet alive.
class LexicalSet {
 public:
  explicit LexicalSet(std::vector<const Rule*> rules);
  ~LexicalSet();
  LexicalSet(const LexicalSet&) = delete;
  LexicalSet& operator=(const LexicalSet&) = delete;

  /// Runs the rules applying to `language` over `text`, whose first line is new-side line
  /// `first_line` (1-based); reports matches on lines in [from_line, to_line] in line order,
  /// then rule order, at most one per (rule, line).
  void for_each_match(std::string_view language, std::string_view text, int first_line, int from_line,
                      int to_line, const std::function<void(const LexicalMatch&)>& on_match) const;

  struct Compiled;  ///< one rule with its compiled regexes (opaque)

 private:
  std::vector<std::unique_ptr<Compiled>> m_rules;
};

}  // namespace review::builtin
