// File-per-entry answer cache under the repository's git directory (see cache.h).
#include "reviewers/llm/cache.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <system_error>

#include "util/fs.h"
#include "util/text.h"

namespace review {

std::string cache_key(const CacheKeyParts& parts) {
  std::string material;
  auto add = [&](std::string_view s) {
    material += std::to_string(s.size());
    material += ':';
    material += s;
  };
  add(parts.provider);
  add(parts.model);
  add(parts.prompt_version);
  add(parts.variant);
  add(fmt::format("{:.3f}", parts.temperature));
  add(parts.system);
  add(parts.shared_user);
  add(parts.variant_user);
  return hex64(fnv1a64(material)) + hex64(fnv1a64(material, 0x9e3779b97f4a7c15ull));
}

AnswerCache::AnswerCache(std::filesystem::path dir) : m_dir(std::move(dir)) {}

std::filesystem::path AnswerCache::path_of(std::string_view key) const {
  std::string k(key);
  return m_dir / k.substr(0, 2) / (k + ".json");
}

std::optional<CachedAnswer> AnswerCache::load(std::string_view key) const {
  if (!enabled() || key.size() < 3) return std::nullopt;
  auto bytes = read_file(path_of(key));
  if (!bytes) return std::nullopt;
  nlohmann::json doc = nlohmann::json::parse(*bytes, nullptr, false);
  if (!doc.is_object() || doc.value("version", 0) != 1) return std::nullopt;
  auto answer = doc.find("answer");
  if (answer == doc.end() || !answer->is_string()) return std::nullopt;
  CachedAnswer entry;
  entry.answer = answer->get<std::string>();
  entry.tokens.in = doc.value("tokens_in", 0L);
  entry.tokens.out = doc.value("tokens_out", 0L);
  return entry;
}

void AnswerCache::store(std::string_view key, std::string_view provider, std::string_view model,
                        std::string_view variant, const CachedAnswer& entry) const {
  if (!enabled() || key.size() < 3) return;
  nlohmann::json doc = {{"version", 1},
                        {"provider", provider},
                        {"model", model},
                        {"variant", variant},
                        {"answer", sanitize_utf8(entry.answer)},
                        {"tokens_in", entry.tokens.in},
                        {"tokens_out", entry.tokens.out}};
  std::filesystem::path path = path_of(key);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return;
  // No fsync: this runs on the HTTP I/O thread, and a lost or empty entry is just a miss.
  (void)write_file_atomic(path, doc.dump(), 0644, FileSync::none);
}

}  // namespace review
