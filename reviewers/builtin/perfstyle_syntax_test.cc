// Tests of the SyntaxView shortcuts the performance and style voters rely on: the chunk's
// node list (walk_chunk), subtree walks over it (SyntaxView::walk_descendants), parents from
// it (SyntaxView::parent) and cached field ids (field) must answer exactly what the plain
// tree-sitter calls answer, for chunks that cover their parse and for chunks that do not.
#include "reviewers/builtin/perfstyle_syntax.h"

#include <gtest/gtest.h>

#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "util/text.h"

namespace review::perfstyle {
namespace {

struct Case {
  const char* name;
  const char* language;
  std::string code;
  int start_line;  // chunk range (1-based, new side); the code starts at start_line
  int end_line;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

bool same(TSNode a, TSNode b) { return std::memcmp(&a, &b, sizeof(TSNode)) == 0; }

// walk_chunk's contract, spelled out with ts_node_child: every node meeting the chunk whose
// ancestors meet it too, in document order, with its depth below the root.
void plain_walk(const SyntaxView& view, TSNode node, int depth, std::vector<std::pair<TSNode, int>>& out) {
  uint32_t count = ts_node_child_count(node);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_child(node, i);
    if (!view.in_chunk(child)) continue;
    out.emplace_back(child, depth);
    plain_walk(view, child, depth + 1, out);
  }
}

std::vector<Case> cases() {
  std::string python =
      "import os\n"
      "\n"
      "class Store:\n"
      "    def load(self, paths):\n"
      "        out = []\n"
      "        for p in paths:\n"
      "            if p.endswith('.json'):\n"
      "                out.append(open(p).read())\n"
      "        return out\n"
      "\n"
      "    def save(self, data):\n"
      "        for k, v in data.items():\n"
      "            print(k, v)\n"
      "\n"
      "def main():\n"
      "    Store().load(os.listdir('.'))\n";
  std::string cpp =
      "#include <string>\n"
      "int count(const std::string& s) {\n"
      "  int n = 0;\n"
      "  for (size_t i = 0; i < s.size(); ++i) {\n"
      "    if (s[i] == ' ') ++n;\n"
      "  }\n"
      "  return n;\n"
      "}\n"
      "struct Point { int x; int y; };\n";
  // A class member on its own does not parse: parse_for wraps it in a class body one line
  // earlier, so the parse has lines outside the chunk on both sides.
  std::string js_member =
      "  render(items) {\n"
      "    for (const item of items) {\n"
      "      console.log(item.name);\n"
      "    }\n"
      "  }\n";
  std::string go =
      "package main\n"
      "\n"
      "func sum(xs []int) int {\n"
      "\tt := 0\n"
      "\tfor _, x := range xs {\n"
      "\t\tt += x\n"
      "\t}\n"
      "\treturn t\n"
      "}\n";
  return {
      {"python whole", "python", python, 1, 16},
      {"python first lines of a longer code", "python", python, 1, 7},
      {"python one line", "python", python, 5, 5},
      {"python at an offset", "python", python, 20, 26},
      {"cpp whole", "cpp", cpp, 1, 9},
      {"cpp partial", "cpp", cpp, 1, 4},
      {"javascript class member", "javascript", js_member, 10, 14},
      {"javascript class member, part", "javascript", js_member, 10, 12},
      {"go whole", "go", go, 1, 9},
  };
}

class ChunkListTest : public ::testing::TestWithParam<Case> {};

TEST_P(ChunkListTest, MatchesPlainTreeSitter) {
  const Case& c = GetParam();
  FileDiff file;
  file.path = "f";
  file.language = c.language;
  Chunk chunk;
  chunk.path = "f";
  chunk.language = c.language;
  chunk.start_line = c.start_line;
  chunk.end_line = c.end_line;
  chunk.code = c.code;
  for (int l = c.start_line; l <= c.end_line; ++l) chunk.changed_lines.push_back(l);
  VoteRequest request{&chunk, &file, nullptr, 0};
  auto view = SyntaxView::open(request);
  ASSERT_TRUE(view.has_value());

  std::vector<std::pair<TSNode, int>> want;
  if (view->in_chunk(view->root())) plain_walk(*view, view->root(), 0, want);
  std::vector<TSNode> got;
  view->walk_chunk([&](TSNode n) {
    got.push_back(n);
    return true;
  });
  ASSERT_FALSE(want.empty());
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(same(got[i], want[i].first)) << "node " << i;

  // Skipping children: only the nodes at depth 0 remain.
  std::vector<TSNode> top;
  view->walk_chunk([&](TSNode n) {
    top.push_back(n);
    return false;
  });
  std::vector<TSNode> want_top;
  for (const auto& [n, depth] : want)
    if (depth == 0) want_top.push_back(n);
  ASSERT_EQ(top.size(), want_top.size());
  for (size_t i = 0; i < top.size(); ++i) EXPECT_TRUE(same(top[i], want_top[i]));

  // Parents and subtree walks of every listed node and of the root.
  auto plain_descendants = [](TSNode n) {
    std::vector<TSNode> out;
    walk_descendants(n, [&](TSNode d) {
      out.push_back(d);
      return true;
    });
    return out;
  };
  std::vector<TSNode> subjects = got;
  subjects.push_back(view->root());
  for (TSNode n : subjects) {
    TSNode parent = view->parent(n);
    TSNode plain_parent = ts_node_parent(n);
    EXPECT_EQ(ts_node_is_null(parent), ts_node_is_null(plain_parent));
    if (!ts_node_is_null(plain_parent)) {
      EXPECT_TRUE(ts_node_eq(parent, plain_parent)) << ts_node_type(n);
    }
    std::vector<TSNode> sub;
    view->walk_descendants(n, [&](TSNode d) {
      sub.push_back(d);
      return true;
    });
    auto plain = plain_descendants(n);
    ASSERT_EQ(sub.size(), plain.size()) << ts_node_type(n);
    for (size_t i = 0; i < sub.size(); ++i) EXPECT_TRUE(same(sub[i], plain[i]));
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, ChunkListTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name;
                           for (const char* p = info.param.name; *p; ++p)
                             name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
                           return name;
                         });

TEST(PerfStyleSyntax, EveryKindNameResolves) {
  EXPECT_EQ(unresolved_kind_names(), std::vector<std::string>{});
  const LanguageSyntax* python = language_syntax("python");
  ASSERT_NE(python, nullptr);
  EXPECT_FALSE(python->loops.empty());
  EXPECT_EQ(language_syntax("cobol"), nullptr);
}

TEST(PerfStyleSyntax, FieldMatchesTheLibraryForEveryName) {
  FileDiff file;
  Chunk chunk;
  chunk.path = "f.py";
  chunk.language = file.language = "python";
  chunk.code = "def f(a, b=1):\n    return g(a)[b].x + 2\n";
  chunk.start_line = 1;
  chunk.end_line = 2;
  VoteRequest request{&chunk, &file, nullptr, 0};
  auto view = SyntaxView::open(request);
  ASSERT_TRUE(view.has_value());
  const TSLanguage* language = ts_tree_language(view->root().tree);
  int compared = 0;
  view->walk_descendants(view->root(), [&](TSNode n) {
    for (uint32_t id = 1; id <= ts_language_field_count(language); ++id) {
      const char* name = ts_language_field_name_for_id(language, static_cast<TSFieldId>(id));
      // A copy: the cache must not trust the pointer alone.
      std::string copy = name;
      TSNode plain = ts_node_child_by_field_name(n, name, static_cast<uint32_t>(std::strlen(name)));
      EXPECT_TRUE(same(field(n, name), plain)) << name;
      EXPECT_TRUE(same(field(n, copy.c_str()), plain)) << name;
      ++compared;
    }
    EXPECT_TRUE(ts_node_is_null(field(n, "no_such_field")));
    return true;
  });
  EXPECT_GT(compared, 100);
}

}  // namespace
}  // namespace review::perfstyle
