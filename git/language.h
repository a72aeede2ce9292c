// Language detection: .gitattributes `linguist-language` overrides the file extension,
// which overrides a shebang. Language ids are the grammar names: "c", "cpp", "python",
// "javascript", "typescript", "tsx", "go", "rust", "java"; "" when unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace review {

/// Attributes of a path read from .gitattributes by DiffSource (libgit2's attribute API).
struct PathAttributes {
  std::optional<std::string> linguist_language;  ///< value of linguist-language, if set
  bool linguist_generated = false;               ///< linguist-generated set/true
  bool linguist_vendored = false;                ///< linguist-vendored set/true
};

/// The language id for `path` with first bytes `head` (used for the shebang), honouring
/// `attrs.linguist_language` (GitHub Linguist names such as "C++", "Python", "TSX",
/// matched case-insensitively; a name we have no grammar for gives ""). An extension we do
/// not know gives "" too; only extension-less files are looked up by shebang
/// (`#!/usr/bin/env python3`, `#!/usr/bin/node`). Thread-safe.
std::string detect_language(std::string_view path, std::string_view head, const PathAttributes& attrs);

/// Why the file should be skipped as generated or vendored ("generated", "vendored"), or
/// nullopt: linguist attributes, or a generated-code marker ("@generated",
/// "Code generated … DO NOT EDIT") in the first lines of `head`. Thread-safe.
std::optional<std::string> generated_reason(std::string_view head, const PathAttributes& attrs);

}  // namespace review
