// Tests of parse_for on JavaScript/TypeScript class members: a chunk the chunker marked
// Chunk::class_member is parsed inside a class body straight away, with its rows mapping to
// the chunk's lines; a mark that does not hold falls back to the plain parse.
#include "reviewers/builtin/parsed_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace review::builtin {
namespace {

/// 1-based new-side start lines of the `type` nodes under `node`.
void lines_of(TSNode node, const char* type, int line_offset, std::vector<int>& out) {
  if (std::strcmp(ts_node_type(node), type) == 0)
    out.push_back(static_cast<int>(ts_node_start_point(node).row) + 1 + line_offset);
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; ++i) lines_of(ts_node_named_child(node, i), type, line_offset, out);
}

struct Parsed {
  std::shared_ptr<const ParsedSource> source;
  bool error = true;
  std::vector<int> methods;  // 1-based lines of method_definition nodes
};

Parsed parse_chunk(const std::string& language, const std::string& code, int start_line, bool class_member) {
  Chunk chunk;
  chunk.path = "f";
  chunk.language = language;
  chunk.code = code;
  chunk.start_line = start_line;
  chunk.end_line = start_line + static_cast<int>(std::count(code.begin(), code.end(), '\n')) - 1;
  chunk.class_member = class_member;
  FileDiff file;
  file.path = "f";
  file.language = language;
  VoteRequest request{&chunk, &file, nullptr, 0};
  Parsed out;
  out.source = parse_for(request);
  if (!out.source) return out;
  TsTreePtr tree = out.source->copy_tree();
  TSNode root = ts_tree_root_node(tree.get());
  out.error = ts_node_has_error(root);
  lines_of(root, "method_definition", out.source->line_offset(), out.methods);
  return out;
}

TEST(ParseFor, ClassMemberChunkParsesAsMethods) {
  std::string js =
      "  load(paths) {\n"
      "    return paths.map((p) => p.trim());\n"
      "  }\n"
      "\n"
      "  save(data) {\n"
      "    for (const k of Object.keys(data)) console.log(k);\n"
      "  }\n";
  Parsed p = parse_chunk("javascript", js, 10, true);
  ASSERT_TRUE(p.source);
  EXPECT_FALSE(p.error);
  EXPECT_EQ(p.methods, (std::vector<int>{10, 14}));
  EXPECT_EQ(p.source->line_offset(), 8);  // the wrapper's first line is line 9
  EXPECT_NE(p.source->text().find("class __review_chunk__ {\n" + js), std::string_view::npos);
}

TEST(ParseFor, TypeScriptClassMemberChunkParsesAsMethods) {
  std::string ts =
      "  private load(paths: string[]): string[] {\n"
      "    return paths.map((p) => p.trim());\n"
      "  }\n";
  Parsed p = parse_chunk("typescript", ts, 3, true);
  ASSERT_TRUE(p.source);
  EXPECT_FALSE(p.error);
  EXPECT_EQ(p.methods, std::vector<int>{3});
}

TEST(ParseFor, UnmarkedMemberStillParsesWrappedAfterThePlainParseFails) {
  std::string js = "  load(paths) {\n    return paths.length;\n  }\n";
  Parsed p = parse_chunk("javascript", js, 5, false);
  ASSERT_TRUE(p.source);
  EXPECT_FALSE(p.error);
  EXPECT_EQ(p.methods, std::vector<int>{5});
}

// An Allman-style method parses on its own too (a call, then a block): only the chunker's
// mark makes it a method.
TEST(ParseFor, AllmanMethodIsAMethodOnlyWhenMarked) {
  std::string js = "  load(paths)\n  {\n    return paths.length;\n  }\n";
  Parsed marked = parse_chunk("javascript", js, 7, true);
  EXPECT_FALSE(marked.error);
  EXPECT_EQ(marked.methods, std::vector<int>{7});
  Parsed unmarked = parse_chunk("javascript", js, 7, false);
  EXPECT_FALSE(unmarked.error);
  EXPECT_TRUE(unmarked.methods.empty());
  EXPECT_EQ(unmarked.source->line_offset(), 6);
}

TEST(ParseFor, WrongMarkFallsBackToThePlainParse) {
  std::string js = "const x = load();\nif (x) run(x);\n";  // statements: not valid in a class body
  Parsed p = parse_chunk("javascript", js, 4, true);
  ASSERT_TRUE(p.source);
  EXPECT_FALSE(p.error);
  EXPECT_EQ(p.source->text(), js);
  EXPECT_EQ(p.source->line_offset(), 3);
}

}  // namespace
}  // namespace review::builtin
