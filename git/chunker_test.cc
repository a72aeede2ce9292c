// Chunker properties on hand-built diff models (the diff model is our own plain struct):
// hostile input never crashes, budgets hold, merging, fallback and counting rules.
#include "git/chunker.h"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <string>
#include <tuple>
#include <vector>

#include "tests/test_support.h"
#include "util/text.h"

namespace review {
namespace {

using testing::file_with;

ChunkResult chunk_one(FileDiff f, ChunkerOptions options = {}) {
  Diff d;
  d.files.push_back(std::move(f));
  return chunk_diff(d, options);
}

/// Every added line appears in exactly one chunk, inside its range; code matches the lines.
void expect_covering(const ChunkResult& r, const FileDiff& f) {
  auto lines = split_lines(f.post_image);
  std::vector<int> seen;
  for (const Chunk& c : r.chunks) {
    ASSERT_GE(c.start_line, 1);
    ASSERT_LE(c.start_line, c.end_line);
    ASSERT_LE(c.end_line, static_cast<int>(lines.size()));
    for (int l : c.changed_lines) {
      EXPECT_GE(l, c.start_line);
      EXPECT_LE(l, c.end_line);
      seen.push_back(l);
    }
    EXPECT_FALSE(c.code.empty());
    EXPECT_EQ(c.code.back(), '\n');
  }
  EXPECT_EQ(seen, f.added_lines);
}

TEST(Chunker, EstimateTokensIsBytesOverFourRoundedUp) {
  EXPECT_EQ(estimate_tokens(""), 0);
  EXPECT_EQ(estimate_tokens("a"), 1);
  EXPECT_EQ(estimate_tokens("abcd"), 1);
  EXPECT_EQ(estimate_tokens("abcde"), 2);
}

TEST(Chunker, DeeplyNestedCodeDoesNotCrash) {
  for (const auto& [lang, open, close] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"python", "[", "]"}, {"javascript", "(", ")"}, {"c", "{", "}"}, {"rust", "(", ")"}}) {
    std::string text = "x = " + std::string(100000, open[0]) + "\n1\n" + std::string(100000, close[0]) + "\n";
    FileDiff f = file_with("deep", lang, text, {2});
    ChunkResult r = chunk_one(f);
    ASSERT_FALSE(r.chunks.empty()) << lang;
    expect_covering(r, f);
  }
  // Deep nesting over many lines: the split recursion is bounded.
  std::string text = "def f():\n";
  for (int i = 0; i < 3000; ++i) text += std::string(1 + i % 200, ' ') + "if x:\n";
  text += "    pass\n";
  FileDiff f = file_with("deep.py", "python", text, {1500, 2999});
  ChunkerOptions small;
  small.token_budget = 50;
  ChunkResult r = chunk_one(f, small);
  expect_covering(r, f);
}

TEST(Chunker, TenMegabyteSingleLineFileIsOneChunk) {
  std::string text = "var a = [" ;
  while (text.size() < 10u * 1024 * 1024) text += "1234567, ";
  text += "0];\n";
  FileDiff f = file_with("big.js", "javascript", text, {1});
  ChunkResult r = chunk_one(f);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].start_line, 1);
  EXPECT_EQ(r.chunks[0].end_line, 1);
  EXPECT_EQ(r.chunks[0].code, text);
}

TEST(Chunker, InvalidUtf8AndNulBytesAreChunked) {
  std::string text = "def f():\n    s = \"\xff\xfe\x80\"\n    t = '" + std::string("\0\0", 2) + "'\n    return s\n";
  FileDiff f = file_with("bad.py", "python", text, {2, 3});
  ChunkResult r = chunk_one(f);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].code, text);
  expect_covering(r, f);
}

TEST(Chunker, FileOfSyntaxErrorsFallsBackWithContext) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += ")]} def class ((( " + std::to_string(i) + " :: ;;\n";
  FileDiff f = file_with("junk.py", "python", text, {30});
  ChunkResult r = chunk_one(f);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].origin, ChunkOrigin::fallback);
  EXPECT_EQ(r.chunks[0].start_line, 20);
  EXPECT_EQ(r.chunks[0].end_line, 40);
}

TEST(Chunker, ErrorOutsideTheChangeKeepsSyntaxChunks) {
  std::string text = "def good():\n    return 1\n\n\ndef bad(:\n    return ((\n";
  FileDiff f = file_with("part.py", "python", text, {2});
  ChunkResult r = chunk_one(f);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].origin, ChunkOrigin::syntax);
  EXPECT_EQ(r.chunks[0].symbol, "good");
  EXPECT_EQ(r.chunks[0].end_line, 2);
}

TEST(Chunker, EveryPieceOfASplitStaysWithinBudget) {
  // Methods that fit the budget are their own chunks.
  std::string text = "class Big:\n";
  std::vector<int> added;
  for (int m = 0; m < 30; ++m) {
    text += "    def m" + std::to_string(m) + "(self):\n";
    for (int s = 0; s < 8; ++s) text += "        self.v" + std::to_string(s) + " = " + std::to_string(m * s) + "\n";
  }
  for (int l = 3; l < 250; l += 17) added.push_back(l);
  FileDiff f = file_with("big.py", "python", text, added);
  ChunkerOptions options;
  options.token_budget = 120;
  ChunkResult r = chunk_one(f, options);
  ASSERT_GT(r.chunks.size(), 1u);
  expect_covering(r, f);
  for (const Chunk& c : r.chunks) {
    EXPECT_LE(c.token_estimate, options.token_budget) << c.start_line;
    EXPECT_TRUE(c.symbol.starts_with("Big.m")) << c.symbol;
  }

  // Class-level lines make the class the target: it is split, "class Big:" is the context.
  text = "class Big:\n";
  for (int v = 0; v < 300; ++v) text += "    v" + std::to_string(v) + " = " + std::to_string(v * 7) + "\n";
  added.clear();
  for (int l = 5; l < 300; l += 23) added.push_back(l);
  f = file_with("attrs.py", "python", text, added);
  r = chunk_one(f, options);
  ASSERT_GT(r.chunks.size(), 1u);
  expect_covering(r, f);
  for (const Chunk& c : r.chunks) {
    EXPECT_LE(c.token_estimate, options.token_budget) << c.start_line;
    EXPECT_EQ(c.symbol, "Big");
    EXPECT_EQ(c.context_lines, std::vector<int>{1});
    EXPECT_EQ(c.context, "class Big:\n");
    EXPECT_EQ(c.token_estimate, estimate_tokens(c.code) + estimate_tokens(c.context));
  }
}

TEST(Chunker, ClassChangeOutsideMethodsTakesTheClass) {
  std::string text = "class A:\n    x = 1\n\n    def f(self):\n        return 1\n";
  FileDiff f = file_with("a.py", "python", text, {2});
  ChunkResult r = chunk_one(f);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].symbol, "A");
  EXPECT_EQ(r.chunks[0].start_line, 1);
  EXPECT_EQ(r.chunks[0].end_line, 5);
}

TEST(Chunker, DecoratorsAndAttachedCommentsBelongToTheDefinition) {
  std::string text = "import x\n\n# Doubles.\n@cache\ndef f(a):\n    return 2 * a\n";
  FileDiff f = file_with("d.py", "python", text, {6});
  ChunkResult r = chunk_one(f);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].symbol, "f");
  EXPECT_EQ(r.chunks[0].start_line, 3);
  EXPECT_EQ(r.chunks[0].end_line, 6);
}

TEST(Chunker, TouchingDefinitionsMerge) {
  std::string text = "int f() {\n  return 1;\n}\nint g() {\n  return 2;\n}\n";
  FileDiff f = file_with("m.c", "c", text, {2, 5});
  ChunkResult r = chunk_one(f);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].symbol, "f, g");
  EXPECT_EQ(r.chunks[0].start_line, 1);
  EXPECT_EQ(r.chunks[0].end_line, 6);
  EXPECT_EQ(r.chunks[0].changed_lines, (std::vector<int>{2, 5}));
}

TEST(Chunker, PureDeletionsAreCountedNotChunked) {
  FileDiff f = file_with("a.py", "python", "def f():\n    return 1\n", {});
  f.hunks.clear();
  Hunk h;
  h.lines = {{LineOrigin::context, 1, 1, "def f():"}, {LineOrigin::deletion, 2, 0, "    x = 1"}};
  f.hunks = {h, h};
  FileDiff deleted = f;
  deleted.path = "b.py";
  deleted.skip_reason = "deleted";
  deleted.hunks = {h};
  Diff d;
  d.files = {f, deleted};
  ChunkResult r = chunk_diff(d, {});
  EXPECT_TRUE(r.chunks.empty());
  EXPECT_EQ(r.pure_deletions, 3);
}

TEST(Chunker, WithoutPostImageUsesTheHunkLines) {
  FileDiff f;
  f.path = "x.py";
  f.language = "python";
  Hunk h;
  h.new_start = 10;
  h.lines = {{LineOrigin::context, 10, 10, "a = 1"},
             {LineOrigin::deletion, 11, 0, "b = 1"},
             {LineOrigin::addition, 0, 11, "b = 2"},
             {LineOrigin::context, 12, 12, "c = 3"}};
  f.hunks = {h};
  f.added_lines = {11};
  ChunkResult r = chunk_one(f);
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].origin, ChunkOrigin::fallback);
  EXPECT_EQ(r.chunks[0].start_line, 10);
  EXPECT_EQ(r.chunks[0].end_line, 12);
  EXPECT_EQ(r.chunks[0].changed_lines, std::vector<int>{11});
  EXPECT_EQ(r.chunks[0].code, "a = 1\nb = 2\nc = 3\n");
}

TEST(Chunker, ParseTimeoutFallsBack) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "int f" + std::to_string(i) + "() { return " + std::to_string(i) + "; }\n";
  FileDiff f = file_with("huge.c", "c", text, {100000});
  ChunkerOptions options;
  options.parse_timeout_ms = 1;
  ChunkResult r = chunk_one(f, options);
  ASSERT_EQ(r.chunks.size(), 1u);
  expect_covering(r, f);
}

TEST(Chunker, OutputIsTheSameForAnyThreadCount) {
  Diff d;
  for (int i = 0; i < 40; ++i) {
    std::string text;
    for (int k = 0; k < 50; ++k) text += "def f" + std::to_string(k) + "(a):\n    return a + " + std::to_string(i) + "\n\n";
    d.files.push_back(file_with("m" + std::to_string(100 + i) + ".py", "python", text, {2, 50, 101}));
  }
  ChunkResult many = chunk_diff(d, {});
  std::string a, b;
  for (const Chunk& c : many.chunks) a += c.path + ":" + std::to_string(c.start_line) + c.symbol + c.code;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    ChunkResult single = chunk_diff(d, {});
    for (const Chunk& c : single.chunks) b += c.path + ":" + std::to_string(c.start_line) + c.symbol + c.code;
  }
  EXPECT_EQ(a, b);
  EXPECT_EQ(many.chunks.size(), 120u);
}

}  // namespace
}  // namespace review
