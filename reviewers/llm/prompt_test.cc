// Prompt files and rendering: embedded library, numbered chunk, shared-prefix order.
#include "reviewers/llm/prompt.h"

#include <gtest/gtest.h>

#include "reviewers/taxonomy.h"

namespace review {
namespace {

Chunk chunk() {
  Chunk c;
  c.path = "src/db.py";
  c.language = "python";
  c.symbol = "Store.get";
  c.start_line = 41;
  c.end_line = 43;
  c.changed_lines = {42};
  c.code = "def get(self, key):\n    q = \"SELECT * FROM t WHERE k='\" + key + \"'\"\n    return self.db.execute(q)\n";
  return c;
}

ReviewerInfo security() {
  ReviewerInfo r{"security", {}};
  for (const auto& c : default_taxonomy("security")) r.taxonomy.emplace_back(c.id);
  return r;
}

TEST(Prompt, EmbeddedLibraryLoads) {
  const auto& library = embedded_prompt_library();
  ASSERT_TRUE(library) << library.error().message;
  for (std::string reviewer : {"security", "performance", "style", "my-custom"})
    EXPECT_GE(library->variants(reviewer).size(), 3u) << reviewer;
  EXPECT_NE(library->version("security"), library->version("style"));
  EXPECT_EQ(library->version("my-custom"), library->version("generic"));
}

TEST(Prompt, NumbersLinesAndMarksChanges) {
  Chunk c = chunk();
  std::string numbered = render_numbered_chunk(c, c.code);
  EXPECT_EQ(numbered,
            "    41  | def get(self, key):\n"
            "    42 +|     q = \"SELECT * FROM t WHERE k='\" + key + \"'\"\n"
            "    43  |     return self.db.execute(q)\n");
}

TEST(Prompt, SharedPartsFirstVariantLast) {
  const auto& library = *embedded_prompt_library();
  Prompt a = build_prompt(library, security(), chunk(), 0, Redactor());
  Prompt b = build_prompt(library, security(), chunk(), 1, Redactor());
  Prompt wrap = build_prompt(library, security(), chunk(), 3, Redactor());
  EXPECT_EQ(a.system, b.system);
  EXPECT_EQ(a.shared_user, b.shared_user);
  EXPECT_NE(a.variant_user, b.variant_user);
  EXPECT_NE(a.temperature, b.temperature);
  EXPECT_EQ(wrap.variant, a.variant);
  EXPECT_NE(a.system.find("- CWE-89: SQL injection"), std::string::npos);
  EXPECT_NE(a.system.find("security reviewers"), std::string::npos);
  EXPECT_EQ(a.system.find('{' + std::string("taxonomy}")), std::string::npos);
  EXPECT_NE(a.shared_user.find("File: src/db.py"), std::string::npos);
  EXPECT_NE(a.shared_user.find("Symbol: Store.get"), std::string::npos);
  EXPECT_NE(a.shared_user.find("    42 +|"), std::string::npos);
  EXPECT_GT(estimate_prompt_tokens(a), static_cast<long>((a.system.size() + a.shared_user.size()) / 4));
}

TEST(Prompt, RedactsCodePathAndSymbol) {
  Chunk c = chunk();
  c.code = "def get(self, key):\n    k = 'TOPSECRET'\n    return k\n";
  Redactor redact = [](std::string_view t) {
    std::string s(t);
    for (size_t p; (p = s.find("TOPSECRET")) != std::string::npos;) s.replace(p, 9, "<redacted:test>");
    return s;
  };
  Prompt p = build_prompt(*embedded_prompt_library(), security(), c, 0, redact);
  EXPECT_EQ(p.shared_user.find("TOPSECRET"), std::string::npos);
  EXPECT_NE(p.shared_user.find("    42 +|     k = '<redacted:test>'"), std::string::npos);
}

TEST(Prompt, CustomReviewerGetsItsTaxonomy) {
  ReviewerInfo custom{"licensing", {"gpl-header", "missing-spdx"}};
  Prompt p = build_prompt(*embedded_prompt_library(), custom, chunk(), 0, Redactor());
  EXPECT_NE(p.system.find("licensing reviewers"), std::string::npos);
  EXPECT_NE(p.system.find("- gpl-header\n- missing-spdx"), std::string::npos);
}

}  // namespace
}  // namespace review
