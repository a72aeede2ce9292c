// The redaction seam: every text that leaves the machine in an LLM request (chunk code,
// path, symbol) passes through a Redactor first, which replaces secrets with
// "<redacted:RULE>". The default one knows a few provider-key and private-key shapes; the
// integrator composes it with the security rules' lexical secret patterns.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace review {

/// Text in, redacted text out. Contract: must keep the number of lines ('\n' count) so
/// that line numbers sent to the LLM stay true (a multi-line secret becomes
/// "<redacted:RULE>" followed by the newlines it spanned). Must be thread-safe.
using Redactor = std::function<std::string(std::string_view)>;

/// One secret shape: `rule` names it in the replacement, `pattern` is RE2 syntax.
struct SecretPattern {
  std::string rule;     ///< e.g. "openai-key" -> "<redacted:openai-key>"
  std::string pattern;  ///< RE2; the whole match is replaced
};

/// The default shapes: OpenAI/Anthropic keys, AWS access key ids, GitHub tokens, Slack
/// tokens, Google API keys, PEM private key blocks.
std::vector<SecretPattern> default_secret_patterns();

/// A Redactor for `patterns` (compiled once, RE2: linear time on hostile input). Patterns
/// that do not compile are skipped. Leftmost match wins; on overlap the earlier pattern wins.
Redactor make_pattern_redactor(std::vector<SecretPattern> patterns);

/// make_pattern_redactor(default_secret_patterns()).
Redactor default_redactor();

/// Applies `first`, then `second` (either may be empty = identity).
Redactor chain_redactors(Redactor first, Redactor second);

}  // namespace review
