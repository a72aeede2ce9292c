// Answer cache: an LLM's raw answer text stored by a content hash of everything that shaped
// it — provider, model, prompt version, variant, temperature and the exact prompt text
// (which holds the chunk, its path and line numbers). A second identical run is answered
// from here and makes no call. Answers are re-validated on every use, so validation rules
// can change without invalidating the cache.
//
// Layout: <dir>/<first 2 hex digits>/<32 hex digits>.json, each file a JSON object
// {"version":1, "provider", "model", "variant", "answer", "tokens_in", "tokens_out"}.
// Never the API key (it is not part of anything hashed or stored). Writes are atomic
// (util/fs.h write_file_atomic: temporary file + rename), so concurrent runs never see or
// leave a partial entry; a corrupt or unreadable entry is a miss.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "reviewers/voter.h"

namespace review {

/// What identifies an answer. All fields go into the key.
struct CacheKeyParts {
  std::string_view provider;
  std::string_view model;
  std::string_view prompt_version;
  std::string_view variant;
  double temperature = 0;
  std::string_view system;
  std::string_view shared_user;
  std::string_view variant_user;
};

/// 32 hex digits: two FNV-1a 64 hashes with different seeds over the length-prefixed parts.
std::string cache_key(const CacheKeyParts& parts);

struct CachedAnswer {
  std::string answer;  ///< the model's text, before validation
  TokenUsage tokens;   ///< what the original call cost (reported, not counted again)
};

class AnswerCache {
 public:
  /// `dir` is created on first store. An empty `dir` disables the cache.
  explicit AnswerCache(std::filesystem::path dir);

  bool enabled() const { return !m_dir.empty(); }
  /// The entry for `key`, or nullopt (miss, unreadable, corrupt). Thread-safe.
  std::optional<CachedAnswer> load(std::string_view key) const;
  /// Stores atomically; failures are ignored (a cache must never fail a run). Thread-safe.
  void store(std::string_view key, std::string_view provider, std::string_view model, std::string_view variant,
             const CachedAnswer& entry) const;

 private:
  std::filesystem::path path_of(std::string_view key) const;
  std::filesystem::path m_dir;
};

}  // namespace review
