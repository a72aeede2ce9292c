// Prompt files (toml++) and rendering. The taxonomy list comes from the ReviewerInfo, with
// titles from reviewers/taxonomy.h for the default reviewers.
#include "reviewers/llm/prompt.h"

#include <fmt/format.h>

#include <toml++/toml.h>

#include <algorithm>

#include "reviewers/taxonomy.h"
#include "util/text.h"

namespace review {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
}

std::string trimmed(std::string_view s) { return std::string(trim(s)); }

}  // namespace

Expected<PromptLibrary> PromptLibrary::load(std::span<const EmbeddedFile> files) {
  PromptLibrary library;
  std::string common_bytes;
  bool have_common = false;
  for (const auto& file : files) {
    if (!ends_with(file.path, ".toml")) continue;
    std::string_view stem = file.path;
    stem = stem.substr(stem.rfind('/') == std::string_view::npos ? 0 : stem.rfind('/') + 1);
    stem.remove_suffix(5);
    toml::table table;
    try {
      table = toml::parse(file.bytes, file.path);
    } catch (const toml::parse_error& e) {
      return fail(ErrorKind::config, fmt::format("{}: {}", file.path, e.description()));
    }
    if (stem == "common") {
      auto system = table["system"].value<std::string>();
      if (!system) return fail(ErrorKind::config, fmt::format("{}: missing `system`", file.path));
      library.m_system_template = trimmed(*system);
      common_bytes = std::string(file.bytes);
      have_common = true;
      continue;
    }
    ReviewerPrompts prompts;
    prompts.name = std::string(stem);
    prompts.focus = trimmed(table["focus"].value_or(std::string()));
    if (auto* variants = table["variant"].as_array()) {
      for (auto& node : *variants) {
        auto* v = node.as_table();
        if (!v) return fail(ErrorKind::config, fmt::format("{}: [[variant]] must be a table", file.path));
        PromptVariant variant;
        variant.name = (*v)["name"].value_or(std::string());
        variant.temperature = (*v)["temperature"].value_or(0.2);
        variant.instruction = trimmed((*v)["instruction"].value_or(std::string()));
        if (variant.name.empty() || variant.instruction.empty())
          return fail(ErrorKind::config, fmt::format("{}: a variant needs `name` and `instruction`", file.path));
        prompts.variants.push_back(std::move(variant));
      }
    }
    if (prompts.variants.empty())
      return fail(ErrorKind::config, fmt::format("{}: no [[variant]]", file.path));
    prompts.version = std::string(file.bytes);  // hashed with common.toml below
    library.m_reviewers.push_back(std::move(prompts));
  }
  if (!have_common) return fail(ErrorKind::config, "prompts/common.toml is missing");
  if (std::ranges::none_of(library.m_reviewers, [](const auto& r) { return r.name == "generic"; }))
    return fail(ErrorKind::config, "prompts/generic.toml is missing");
  for (auto& r : library.m_reviewers) r.version = hex64(fnv1a64(r.version, fnv1a64(common_bytes)));
  return library;
}

const PromptLibrary::ReviewerPrompts& PromptLibrary::prompts_for(std::string_view reviewer) const {
  const ReviewerPrompts* generic = nullptr;
  for (const auto& r : m_reviewers) {
    if (r.name == reviewer) return r;
    if (r.name == "generic") generic = &r;
  }
  return *generic;  // load() guarantees it exists
}

std::string PromptLibrary::system_prompt(const ReviewerInfo& reviewer) const {
  std::string taxonomy;
  for (const auto& category : reviewer.taxonomy) {
    std::string_view title = category_title(reviewer.name, category);
    taxonomy += title.empty() ? fmt::format("- {}\n", category) : fmt::format("- {}: {}\n", category, title);
  }
  if (!taxonomy.empty()) taxonomy.pop_back();
  std::string text = m_system_template;
  replace_all(text, "{focus}", prompts_for(reviewer.name).focus);
  replace_all(text, "{taxonomy}", taxonomy);
  replace_all(text, "{reviewer}", reviewer.name);
  return text;
}

const std::vector<PromptVariant>& PromptLibrary::variants(std::string_view reviewer) const {
  return prompts_for(reviewer).variants;
}

std::string PromptLibrary::version(std::string_view reviewer) const { return prompts_for(reviewer).version; }

const Expected<PromptLibrary>& embedded_prompt_library() {
  static const Expected<PromptLibrary> k_library = PromptLibrary::load(embedded_prompts());
  return k_library;
}

std::string render_numbered_chunk(const Chunk& chunk, std::string_view code) {
  std::string out;
  out.reserve(code.size() + code.size() / 4 + 64);
  int line = chunk.start_line;
  auto changed = chunk.changed_lines.begin();
  for (std::string_view text : split_lines(code)) {
    while (changed != chunk.changed_lines.end() && *changed < line) ++changed;
    bool is_changed = changed != chunk.changed_lines.end() && *changed == line;
    fmt::format_to(std::back_inserter(out), "{:>6} {}| {}\n", line, is_changed ? '+' : ' ', text);
    ++line;
  }
  return out;
}

Prompt build_prompt(const PromptLibrary& library, const ReviewerInfo& reviewer, const Chunk& chunk,
                    int variant, const Redactor& redact) {
  auto apply = [&](std::string_view text) { return redact ? redact(text) : std::string(text); };
  const auto& variants = library.variants(reviewer.name);
  const PromptVariant& v = variants[static_cast<size_t>(std::max(0, variant)) % variants.size()];

  Prompt prompt;
  prompt.system = library.system_prompt(reviewer);
  std::string code = sanitize_utf8(apply(chunk.code));
  std::string header = fmt::format("File: {}\n", sanitize_utf8(apply(chunk.path)));
  if (!chunk.language.empty()) header += fmt::format("Language: {}\n", chunk.language);
  if (!chunk.symbol.empty()) header += fmt::format("Symbol: {}\n", sanitize_utf8(apply(chunk.symbol)));
  header += fmt::format("Lines {}-{}; {} changed line(s) are marked \"+\".\n", chunk.start_line, chunk.end_line,
                        chunk.changed_lines.size());
  prompt.shared_user = header + "----- chunk -----\n" + render_numbered_chunk(chunk, code) + "----- end of chunk -----";
  prompt.variant_user = v.instruction;
  prompt.variant = v.name;
  prompt.temperature = v.temperature;
  prompt.version = library.version(reviewer.name);
  return prompt;
}

long estimate_prompt_tokens(const Prompt& prompt) {
  size_t bytes = prompt.system.size() + prompt.shared_user.size() + prompt.variant_user.size();
  return static_cast<long>((bytes + 3) / 4) + 16;
}

}  // namespace review
