// Small, dependency-free text helpers shared by every layer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace review {

/// Splits `text` into lines without their terminators ("\n", or "\r\n": the "\r" is
/// dropped). A final line without a newline is kept; a trailing newline adds no empty line.
/// The views borrow from `text`. Line i of the result is 1-based line i+1.
std::vector<std::string_view> split_lines(std::string_view text);

/// `s` without leading and trailing ASCII whitespace (borrows from `s`).
std::string_view trim(std::string_view s);

/// True if `s` starts with / ends with / contains `part`.
bool starts_with(std::string_view s, std::string_view part);
bool ends_with(std::string_view s, std::string_view part);

/// Lower-cases ASCII letters; other bytes are kept.
std::string to_lower(std::string_view s);

/// Joins `parts` with `sep`.
std::string join(const std::vector<std::string>& parts, std::string_view sep);

/// Splits on `sep`, keeping empty fields.
std::vector<std::string> split(std::string_view s, char sep);

/// 64-bit FNV-1a hash of `bytes`: stable across runs and platforms (used for fingerprints
/// and cache keys, never for security).
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 14695981039346656037ull);

/// `value` as 16 lower-case hex digits.
std::string hex64(std::uint64_t value);

/// Replaces invalid UTF-8 sequences with U+FFFD so the text is safe for JSON and terminals.
std::string sanitize_utf8(std::string_view bytes);

/// True if `bytes` is valid UTF-8.
bool is_valid_utf8(std::string_view bytes);

}  // namespace review
