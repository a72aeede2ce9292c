// What every report writer shares: the output formats, and the context a writer needs
// besides the Report itself (post-image text for code excerpts, colour, tool version, rule
// metadata). Writers are pure functions `std::string write_<fmt>(const Report&, const
// WriterContext&)`: same inputs, same bytes, so golden files and `--jobs` comparisons hold.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "git/diff_model.h"

namespace review {

/// The report formats of `--format` and `--output FORMAT=PATH`.
enum class ReportFormat { text, json, sarif, markdown, github };

/// "text", "json", "sarif", "markdown", "github".
const char* to_string(ReportFormat format);
/// Parses a format name; nullopt if unknown.
std::optional<ReportFormat> parse_report_format(std::string_view name);

/// Whether the text writer emits ANSI colour escapes.
enum class Color { off, on };

/// Human-readable metadata for one rule id (SARIF `tool.driver.rules[]`). Optional: rules
/// without an entry get a description built from the findings' aspect and category.
struct RuleInfo {
  std::string name;         ///< short title, e.g. "Shell command built from input"
  std::string description;  ///< one paragraph: what the rule detects and why it matters
  std::string help;         ///< how to fix (plain text)
  std::string help_uri;     ///< absolute https URL with more help, or "" for none
};

/// GitHub's limit for one step summary: 1 MiB (bytes). Markdown output is truncated below it.
inline constexpr std::size_t k_markdown_limit_bytes = 1024 * 1024;

/// Everything a writer needs besides the Report. Cheap to copy; borrows post-image text.
struct WriterContext {
  /// Post-image (new-side) text per repo-relative path, for code excerpts in text and
  /// markdown output. The views borrow from the Diff (see `add_post_images`), which must
  /// outlive every write call. A path without text gets no excerpt.
  std::map<std::string, std::string_view, std::less<>> post_images;
  Color color = Color::off;         ///< text writer only; files never get colour
  std::string tool_version = "0";   ///< "tool.version" in JSON/SARIF, e.g. REVIEW_VERSION
  /// SARIF tool.driver.informationUri: the project's home page (absolute https URL). Set it:
  /// without one the SARIF Multitool warns (SARIF2005); "" leaves the property out.
  std::string tool_information_uri;
  std::map<std::string, RuleInfo, std::less<>> rules;  ///< by rule_id; optional metadata
  std::size_t markdown_limit_bytes = k_markdown_limit_bytes;  ///< markdown size cap (bytes)
};

/// Adds the post-image of every file of `diff` that has one to `context.post_images`
/// (borrowing: `diff` must outlive `context`'s use).
void add_post_images(WriterContext& context, const Diff& diff);

/// The colour decision for text on stdout (https://no-color.org): `color_flag` is the
/// `--color` value "always" | "never" | "auto"; with "auto", colour only when stdout is a
/// terminal and NO_COLOR is unset or empty. `--color always` overrides NO_COLOR.
Color resolve_color(std::string_view color_flag, bool stdout_is_tty, bool no_color_set);

/// `resolve_color` for this process: isatty(STDOUT_FILENO) and getenv("NO_COLOR").
Color resolve_stdout_color(std::string_view color_flag);

}  // namespace review
