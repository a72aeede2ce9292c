// Answer cache: key material, round trip, corrupt entries, concurrent writers.
#include "reviewers/llm/cache.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

#include "tests/test_support.h"

namespace review {
namespace {

CacheKeyParts parts() { return {"openai", "m", "v1", "line-by-line", 0.2, "sys", "chunk", "variant"}; }

TEST(AnswerCache, KeyCoversEveryPart) {
  std::set<std::string> keys;
  keys.insert(cache_key(parts()));
  auto p = parts(); p.provider = "anthropic"; keys.insert(cache_key(p));
  p = parts(); p.model = "m2"; keys.insert(cache_key(p));
  p = parts(); p.prompt_version = "v2"; keys.insert(cache_key(p));
  p = parts(); p.variant = "skeptic"; keys.insert(cache_key(p));
  p = parts(); p.temperature = 0.5; keys.insert(cache_key(p));
  p = parts(); p.shared_user = "chunk2"; keys.insert(cache_key(p));
  p = parts(); p.system = "sy"; p.shared_user = "schunk"; keys.insert(cache_key(p));  // no ambiguity at boundaries
  EXPECT_EQ(keys.size(), 8u);
  EXPECT_EQ(cache_key(parts()).size(), 32u);
  EXPECT_EQ(cache_key(parts()), cache_key(parts()));
}

TEST(AnswerCache, RoundTripAndMisses) {
  testing::TempDir dir;
  AnswerCache cache(dir.path() / "review-cache");
  std::string key = cache_key(parts());
  EXPECT_FALSE(cache.load(key));
  cache.store(key, "openai", "m", "line-by-line", {R"({"findings":[]})", {120, 7}});
  auto hit = cache.load(key);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->answer, R"({"findings":[]})");
  EXPECT_EQ(hit->tokens.in, 120);
  EXPECT_EQ(hit->tokens.out, 7);
  // A corrupt entry is a miss, not an error.
  std::ofstream(dir.path() / "review-cache" / key.substr(0, 2) / (key + ".json")) << "{\"version\":1,\"answ";
  EXPECT_FALSE(cache.load(key));
  EXPECT_FALSE(AnswerCache("").enabled());
}

TEST(AnswerCache, ConcurrentWritersLeaveValidEntries) {
  testing::TempDir dir;
  AnswerCache cache(dir.path());
  std::string key = cache_key(parts());
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) cache.store(key, "openai", "m", "v", {std::string(1000 + t, 'a' + t), {t, i}});
    });
  for (int i = 0; i < 200; ++i) {
    auto hit = cache.load(key);
    if (hit) {
      EXPECT_EQ(hit->answer.size(), 1000u + static_cast<size_t>(hit->answer[0] - 'a'));  // never torn
    }
  }
  for (auto& w : writers) w.join();
  EXPECT_TRUE(cache.load(key));
}

}  // namespace
}  // namespace review
