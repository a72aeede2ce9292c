// Data files embedded in the binary at build time by cmake/embed.cmake (rule packs,
// prompt templates), so that `review` works from any directory, e.g. inside a hook.
#pragma once

#include <span>
#include <string_view>

namespace review {

/// One embedded file: `path` relative to the CMake source folder that embedded it
/// (e.g. "rules/security.toml"), `bytes` its exact content. Both point to static storage.
struct EmbeddedFile {
  std::string_view path;
  std::string_view bytes;
};

/// Rule packs from reviewers/rules/*.toml (defined by the generated embedded_rules.cc).
std::span<const EmbeddedFile> embedded_rules();
/// Prompt templates from reviewers/prompts/* (defined by the generated embedded_prompts.cc).
std::span<const EmbeddedFile> embedded_prompts();

}  // namespace review
