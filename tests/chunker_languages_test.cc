// The chunker on every language, through real repositories: a small source file per
// language is committed, one or two of its lines are edited in a second commit, and the
// diff read by read_diff (libgit2) is chunked with the real grammars.
//
// Each fixture names lines by a unique piece of their text ("markers") so the expected
// line numbers follow the fixture. The edit appends a trailing comment to a line, which
// keeps the file valid in every language.
#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "git/chunker.h"
#include "git/diff_source.h"
#include "tests/test_support.h"
#include "util/text.h"

namespace review {
namespace {

using testing::TempRepo;

struct LanguageCase {
  std::string language;
  std::string path;
  std::string comment;    // line-comment prefix
  std::string long_line;  // one statement of the long function; "{}" is the statement number
  std::string source;     // "{LONG}" is replaced by 40 long_line statements
  // A change inside a method: the edited line, the method's first and last lines, its symbol.
  std::string method_edit, method_first, method_last, method_symbol;
  // A change in two functions.
  std::string f_edit, f_symbol, g_edit, g_symbol;
  // A change at top level: the edited line and the expected neighbourhood.
  std::string top_edit, top_first, top_last;
  // The long function: its signature line and symbol.
  std::string long_signature, long_symbol;
};

// Test names and failure messages show the language, not the struct's bytes.
void PrintTo(const LanguageCase& c, std::ostream* os) { *os << c.language; }

std::string expand(const LanguageCase& c) {
  std::string body;
  for (int i = 1; i <= 40; ++i) {
    std::string line = c.long_line;
    line.replace(line.find("{}"), 2, std::to_string(i));
    body += line + "\n";
  }
  std::string s = c.source;
  s.replace(s.find("{LONG}\n"), 7, body);
  return s;
}

/// 1-based number of the only line containing `marker`.
int line_of(const std::string& text, const std::string& marker) {
  auto lines = split_lines(text);
  int found = 0;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find(marker) != std::string_view::npos) {
      EXPECT_EQ(found, 0) << "marker not unique: " << marker;
      found = static_cast<int>(i) + 1;
    }
  EXPECT_NE(found, 0) << "marker not found: " << marker;
  return found;
}

/// `text` with a trailing comment appended to each line holding one of `markers`.
std::string edit(const std::string& text, const std::string& comment, const std::vector<std::string>& markers) {
  std::string out;
  for (auto line : split_lines(text)) {
    std::string l(line);
    for (const auto& m : markers)
      if (l.find(m) != std::string::npos) l += " " + comment + " edited";
    out += l + "\n";
  }
  return out;
}

/// Commits `before` then `after` at `path` and chunks the second commit.
ChunkResult chunk_edit(const std::string& path, const std::string& before, const std::string& after,
                       ChunkerOptions options = {}, Diff* diff_out = nullptr) {
  TempRepo repo;
  repo.write(path, before);
  repo.commit_all("before");
  repo.write(path, after);
  repo.commit_all("after");
  DiffRequest request;
  request.kind = SourceKind::commit;
  request.rev = "HEAD";
  request.repo_path = repo.path().string();
  auto diff = read_diff(request);
  EXPECT_TRUE(diff.has_value()) << (diff ? "" : diff.error().message);
  if (!diff) return {};
  if (diff_out) *diff_out = *diff;
  return chunk_diff(*diff, options);
}

// clang-format off
const std::vector<LanguageCase> k_cases{
    {"python", "pkg/handler.py", "#", "    total += {}",
     "import os\nimport sys\n\nLIMIT = 10\n\n\n"
     "class Handler:\n    def get(self, x):\n        return x + 1\n\n"
     "    def post(self, x):\n        y = x * 2\n        return y  # end post\n\n\n"
     "def first(a):\n    return a + 1\n\n\ndef second(b):\n    return b + 2  # end second\n\n\n"
     "def long_one(n):\n    total = 0\n{LONG}\n    return total\n",
     "y = x * 2", "def post(", "# end post", "Handler.post",
     "return a + 1", "first", "return b + 2", "second",
     "LIMIT = 10", "import os", "LIMIT = 10",
     "def long_one(n):", "long_one"},
    {"c", "src/handler.c", "//", "  total += {};",
     "#include <stdio.h>\n#include <stdlib.h>\n\nstatic int limit = 10;\n\n"
     "struct point {\n  int x;\n  int y;\n};\n\n"
     "int handler_post(struct point *p) {\n  int y = p->x * 2;\n  return y;\n} /* end post */\n\n"
     "int first(int a) {\n  return a + 1;\n}\n\nint second(int b) {\n  return b + 2;\n} /* end second */\n\n"
     "int long_one(int n) {\n  int total = 0;\n{LONG}\n  return total;\n}\n",
     "int y = p->x * 2;", "int handler_post(", "/* end post */", "handler_post",
     "return a + 1;", "first", "return b + 2;", "second",
     "static int limit", "#include <stdio.h>", "static int limit",
     "int long_one(int n) {", "long_one"},
    {"cpp", "src/parser.cc", "//", "  total += {};",
     "#include <string>\n\nnamespace app {\n\nconst int k_limit = 10;\n\n"
     "class Parser {\n public:\n  int parse(int x);\n};\n\n"
     "int Parser::parse(int x) {\n  int y = x * 2;\n  return y;\n}  // end parse\n\n"
     "int first(int a) {\n  return a + 1;\n}\n\nint second(int b) {\n  return b + 2;\n}  // end second\n\n"
     "int long_one(int n) {\n  int total = 0;\n{LONG}\n  return total;\n}\n\n}  // namespace app\n",
     "int y = x * 2;", "int Parser::parse(", "// end parse", "app::Parser::parse",
     "return a + 1;", "app::first", "return b + 2;", "app::second",
     "const int k_limit", "namespace app {", "const int k_limit",
     "int long_one(int n) {", "app::long_one"},
    {"javascript", "lib/handler.js", "//", "  total += {};",
     "import fs from \"fs\";\n\nconst LIMIT = 10;\n\n"
     "class Handler {\n  get(x) {\n    return x + 1;\n  }\n\n  post(x) {\n    const y = x * 2;\n    return y;\n  } // end post\n}\n\n"
     "function first(a) {\n  return a + 1;\n}\n\nconst second = (b) => {\n  return b + 2;\n}; // end second\n\n"
     "function longOne(n) {\n  let total = 0;\n{LONG}\n  return total;\n}\n",
     "const y = x * 2;", "  post(x) {", "} // end post", "Handler.post",
     "return a + 1;", "first", "return b + 2;", "second",
     "const LIMIT", "import fs", "const LIMIT",
     "function longOne(n) {", "longOne"},
    {"typescript", "src/handler.ts", "//", "  total += {};",
     "import * as fs from \"fs\";\n\nconst LIMIT: number = 10;\n\n"
     "export class Handler {\n  get(x: number): number {\n    return x + 1;\n  }\n\n"
     "  post(x: number): number {\n    const y = x * 2;\n    return y;\n  } // end post\n}\n\n"
     "function first(a: number): number {\n  return a + 1;\n}\n\n"
     "export const second = (b: number): number => {\n  return b + 2;\n}; // end second\n\n"
     "function longOne(n: number): number {\n  let total = 0;\n{LONG}\n  return total;\n}\n",
     "const y = x * 2;", "  post(x: number)", "} // end post", "Handler.post",
     "return a + 1;", "first", "return b + 2;", "second",
     "const LIMIT", "import * as fs", "const LIMIT",
     "function longOne(n: number)", "longOne"},
    {"tsx", "src/view.tsx", "//", "  total += {};",
     "import * as React from \"react\";\n\nconst LIMIT: number = 10;\n\n"
     "export class Handler {\n  render(): JSX.Element {\n    return <div>{LIMIT}</div>;\n  }\n\n"
     "  post(x: number): number {\n    const y = x * 2;\n    return y;\n  } // end post\n}\n\n"
     "function first(a: number) {\n  return <span>{a + 1}</span>;\n}\n\n"
     "export const second = (b: number) => {\n  return <b>{b + 2}</b>;\n}; // end second\n\n"
     "function longOne(n: number): number {\n  let total = 0;\n{LONG}\n  return total;\n}\n",
     "const y = x * 2;", "  post(x: number)", "} // end post", "Handler.post",
     "<span>{a + 1}</span>", "first", "<b>{b + 2}</b>", "second",
     "const LIMIT", "import * as React", "const LIMIT",
     "function longOne(n: number)", "longOne"},
    {"go", "app/handler.go", "//", "\ttotal += {}",
     "package app\n\nimport \"fmt\"\n\nconst limit = 10\n\n"
     "type Handler struct {\n\tname string\n}\n\n"
     "func (h *Handler) Post(x int) int {\n\ty := x * 2\n\treturn y\n} // end post\n\n"
     "func first(a int) int {\n\treturn a + 1\n}\n\nfunc second(b int) int {\n\treturn b + 2\n} // end second\n\n"
     "func longOne(n int) int {\n\ttotal := 0\n{LONG}\n\treturn total\n}\n",
     "y := x * 2", "func (h *Handler) Post(", "} // end post", "Handler.Post",
     "return a + 1", "first", "return b + 2", "second",
     "const limit", "package app", "const limit",
     "func longOne(n int) int {", "longOne"},
    {"rust", "src/parser.rs", "//", "    total += {};",
     "use std::fmt;\n\nconst LIMIT: i32 = 10;\n\n"
     "pub struct Parser {\n    depth: i32,\n}\n\n"
     "impl Parser {\n    pub fn parse(&self, x: i32) -> i32 {\n        let y = x * 2;\n        y\n    } // end parse\n}\n\n"
     "fn first(a: i32) -> i32 {\n    a + 1\n}\n\nfn second(b: i32) -> i32 {\n    b + 2\n} // end second\n\n"
     "fn long_one(n: i32) -> i32 {\n    let mut total = 0;\n{LONG}\n    total\n}\n",
     "let y = x * 2;", "pub fn parse(", "} // end parse", "Parser::parse",
     "    a + 1", "first", "    b + 2", "second",
     "const LIMIT", "use std::fmt;", "const LIMIT",
     "fn long_one(n: i32) -> i32 {", "long_one"},
    {"java", "src/app/Handler.java", "//", "        total += {};",
     "package app;\n\nimport java.util.List;\n\n"
     "public class Handler {\n    private static final int LIMIT = 10;\n\n"
     "    public int post(int x) {\n        int y = x * 2;\n        return y;\n    } // end post\n\n"
     "    static int first(int a) {\n        return a + 1;\n    }\n\n"
     "    static int second(int b) {\n        return b + 2;\n    } // end second\n\n"
     "    static int longOne(int n) {\n        int total = 0;\n{LONG}\n        return total;\n    }\n}\n",
     "int y = x * 2;", "public int post(", "} // end post", "Handler.post",
     "return a + 1;", "Handler.first", "return b + 2;", "Handler.second",
     "import java.util", "package app;", "import java.util",
     "static int longOne(int n) {", "Handler.longOne"},
};
// clang-format on

class ChunkerLanguage : public ::testing::TestWithParam<LanguageCase> {};

TEST_P(ChunkerLanguage, ChangeInsideMethodYieldsExactlyThatMethod) {
  const LanguageCase& c = GetParam();
  std::string before = expand(c);
  std::string after = edit(before, c.comment, {c.method_edit});
  Diff diff;
  ChunkResult r = chunk_edit(c.path, before, after, {}, &diff);
  ASSERT_EQ(diff.files.size(), 1u);
  EXPECT_EQ(diff.files[0].language, c.language);
  ASSERT_EQ(r.chunks.size(), 1u);
  const Chunk& chunk = r.chunks[0];
  EXPECT_EQ(chunk.origin, ChunkOrigin::syntax);
  EXPECT_EQ(chunk.language, c.language);
  EXPECT_EQ(chunk.path, c.path);
  EXPECT_EQ(chunk.symbol, c.method_symbol);
  EXPECT_EQ(chunk.start_line, line_of(after, c.method_first));
  EXPECT_EQ(chunk.end_line, line_of(after, c.method_last));
  EXPECT_EQ(chunk.changed_lines, std::vector<int>{line_of(after, c.method_edit)});
  // The code is exactly the lines of the post-image.
  auto lines = split_lines(after);
  std::string expected;
  for (int l = chunk.start_line; l <= chunk.end_line; ++l) expected += std::string(lines[l - 1]) + "\n";
  EXPECT_EQ(chunk.code, expected);
  EXPECT_EQ(chunk.token_estimate, estimate_tokens(expected));
  EXPECT_TRUE(chunk.context.empty());
  // Only JS/TS chunks record class membership (their members do not parse on their own).
  bool js = c.language == "javascript" || c.language == "typescript" || c.language == "tsx";
  EXPECT_EQ(chunk.class_member, js);
}

TEST_P(ChunkerLanguage, ChangeSpanningTwoFunctionsYieldsBoth) {
  const LanguageCase& c = GetParam();
  std::string before = expand(c);
  std::string after = edit(before, c.comment, {c.f_edit, c.g_edit});
  ChunkResult r = chunk_edit(c.path, before, after);
  ASSERT_FALSE(r.chunks.empty());
  ASSERT_LE(r.chunks.size(), 2u);
  std::string symbols;
  std::vector<int> changed;
  for (const Chunk& ch : r.chunks) {
    symbols += ch.symbol + ";";
    changed.insert(changed.end(), ch.changed_lines.begin(), ch.changed_lines.end());
    EXPECT_EQ(ch.origin, ChunkOrigin::syntax);
  }
  EXPECT_NE(symbols.find(c.f_symbol), std::string::npos) << symbols;
  EXPECT_NE(symbols.find(c.g_symbol), std::string::npos) << symbols;
  EXPECT_EQ(changed, (std::vector<int>{line_of(after, c.f_edit), line_of(after, c.g_edit)}));
  for (const Chunk& ch : r.chunks) EXPECT_FALSE(ch.class_member) << ch.symbol;  // top-level functions
  // Neither function spills into the long function below them.
  for (const Chunk& ch : r.chunks) EXPECT_EQ(ch.code.find(c.long_signature), std::string::npos);
}

TEST_P(ChunkerLanguage, ChangeAtTopLevelYieldsItsNeighbourhood) {
  const LanguageCase& c = GetParam();
  std::string before = expand(c);
  std::string after = edit(before, c.comment, {c.top_edit});
  ChunkResult r = chunk_edit(c.path, before, after);
  ASSERT_EQ(r.chunks.size(), 1u);
  const Chunk& chunk = r.chunks[0];
  EXPECT_EQ(chunk.origin, ChunkOrigin::syntax);
  EXPECT_EQ(chunk.start_line, line_of(after, c.top_first));
  EXPECT_EQ(chunk.end_line, line_of(after, c.top_last));
  EXPECT_EQ(chunk.changed_lines, std::vector<int>{line_of(after, c.top_edit)});
  EXPECT_FALSE(chunk.class_member);
}

TEST_P(ChunkerLanguage, OverBudgetFunctionIsSplitKeepingChangedLinesAndSignature) {
  const LanguageCase& c = GetParam();
  std::string before = expand(c);
  std::string marker = c.long_line;
  marker.replace(marker.find("{}"), 2, "25");
  marker = std::string(trim(marker));
  std::string after;  // statement 25 edited (whole-line match: "+= 2" is a prefix of "+= 25")
  for (auto line : split_lines(before)) {
    std::string l(line);
    if (trim(l) == marker) l += " " + c.comment + " edited";
    after += l + "\n";
  }
  ChunkerOptions options;
  options.token_budget = 60;
  ChunkResult r = chunk_edit(c.path, before, after, options);
  ASSERT_EQ(r.chunks.size(), 1u);
  const Chunk& chunk = r.chunks[0];
  int edited = line_of(after, c.comment + " edited");
  EXPECT_EQ(chunk.changed_lines, std::vector<int>{edited});
  EXPECT_EQ(chunk.symbol, c.long_symbol);
  EXPECT_LE(chunk.token_estimate, options.token_budget);
  EXPECT_GT(chunk.start_line, line_of(after, c.long_signature));  // not the whole function
  EXPECT_NE(chunk.code.find("edited"), std::string::npos);
  EXPECT_NE(chunk.context.find(c.long_signature), std::string::npos) << chunk.context;
  ASSERT_FALSE(chunk.context_lines.empty());
  EXPECT_LT(chunk.context_lines.back(), chunk.start_line);
  EXPECT_FALSE(chunk.class_member);  // a part of a function body
}

TEST_P(ChunkerLanguage, UnknownExtensionFallsBackToHunkWithContext) {
  const LanguageCase& c = GetParam();
  std::string before = expand(c);
  std::string after = edit(before, c.comment, {c.method_edit});
  std::string path = c.path + ".unknownext";
  ChunkResult r = chunk_edit(path, before, after);
  ASSERT_EQ(r.chunks.size(), 1u);
  const Chunk& chunk = r.chunks[0];
  int edited = line_of(after, c.method_edit);
  EXPECT_EQ(chunk.origin, ChunkOrigin::fallback);
  EXPECT_EQ(chunk.language, "");
  EXPECT_EQ(chunk.start_line, std::max(1, edited - 10));
  EXPECT_EQ(chunk.end_line, edited + 10);
  EXPECT_EQ(chunk.changed_lines, std::vector<int>{edited});
}

TEST_P(ChunkerLanguage, GeneratedFileIsSkipped) {
  const LanguageCase& c = GetParam();
  std::string before = c.comment + " Code generated by gen. DO NOT EDIT.\n" + expand(c);
  std::string after = edit(before, c.comment, {c.method_edit});
  Diff diff;
  ChunkResult r = chunk_edit(c.path, before, after, {}, &diff);
  ASSERT_EQ(diff.files.size(), 1u);
  EXPECT_EQ(diff.files[0].skip_reason.value_or(""), "generated");
  EXPECT_TRUE(r.chunks.empty());
}

// Chunk::class_member, JS and TS: set for chunks made of members of one class body, and
// for nothing else (top-level code, nested functions, a class as a whole, parts of a method).
struct ClassMemberCase {
  std::string language;
  std::string path;
  std::string source;
};

void PrintTo(const ClassMemberCase& c, std::ostream* os) { *os << c.language; }

// clang-format off
const std::vector<ClassMemberCase> k_class_member_cases{
    {"javascript", "lib/store.js",
     "import fs from \"fs\";\n\n"
     "class Store {\n"
     "  load(x) {\n    return x + 1; // @load\n  }\n\n"
     "  // Saves.\n  save = (y) => {\n    return y * 2; // @field\n  };\n"
     "  first() {\n    return 1; // @first\n  }\n"
     "  second() {\n    return 2; // @second\n  }\n"
     "} // @classend\n\n"
     "function outer(a) {\n  function inner(b) {\n    return b + a; // @nested\n  }\n  return inner(1);\n}\n\n"
     "function top(c) {\n  return c - 1; // @top\n}\n"},
    {"typescript", "src/store.ts",
     "import * as fs from \"fs\";\n\n"
     "export class Store {\n"
     "  load(x: number): number {\n    return x + 1; // @load\n  }\n\n"
     "  // Saves.\n  save = (y: number): number => {\n    return y * 2; // @field\n  };\n"
     "  first(): number {\n    return 1; // @first\n  }\n"
     "  second(): number {\n    return 2; // @second\n  }\n"
     "} // @classend\n\n"
     "function outer(a: number): number {\n  function inner(b: number): number {\n    return b + a; // @nested\n  }\n"
     "  return inner(1);\n}\n\n"
     "function top(c: number): number {\n  return c - 1; // @top\n}\n"},
};
// clang-format on

class ChunkerClassMember : public ::testing::TestWithParam<ClassMemberCase> {
 protected:
  /// The chunks of an edit of the lines holding `markers`.
  std::vector<Chunk> chunks_of(const std::vector<std::string>& markers, std::string* after = nullptr) {
    const ClassMemberCase& c = GetParam();
    std::string edited = edit(c.source, "//", markers);
    if (after) *after = edited;
    return chunk_edit(c.path, c.source, edited).chunks;
  }
};

TEST_P(ChunkerClassMember, MethodIsAClassMember) {
  std::string after;
  auto chunks = chunks_of({"@load"}, &after);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].symbol, "Store.load");
  EXPECT_EQ(chunks[0].start_line, line_of(after, "load(x"));
  EXPECT_TRUE(chunks[0].class_member);
}

TEST_P(ChunkerClassMember, FieldWithItsCommentIsAClassMember) {
  std::string after;
  auto chunks = chunks_of({"@field"}, &after);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].symbol, "Store.save");
  EXPECT_EQ(chunks[0].start_line, line_of(after, "// Saves."));
  EXPECT_TRUE(chunks[0].class_member);
}

TEST_P(ChunkerClassMember, TouchingMethodsMergeIntoOneClassMemberChunk) {
  auto chunks = chunks_of({"@first", "@second"});
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].symbol, "Store.first, Store.second");
  EXPECT_TRUE(chunks[0].class_member);
}

TEST_P(ChunkerClassMember, ClassAsAWholeIsNot) {
  std::string after;
  auto chunks = chunks_of({"@classend"}, &after);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].symbol, "Store");
  EXPECT_EQ(chunks[0].end_line, line_of(after, "@classend"));
  EXPECT_FALSE(chunks[0].class_member);
}

TEST_P(ChunkerClassMember, NestedAndTopLevelFunctionsAreNot) {
  auto nested = chunks_of({"@nested"});
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_EQ(nested[0].symbol, "outer.inner");
  EXPECT_FALSE(nested[0].class_member);
  auto top = chunks_of({"@top"});
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].symbol, "top");
  EXPECT_FALSE(top[0].class_member);
}

TEST_P(ChunkerClassMember, MethodAndTopLevelFunctionStaySeparate) {
  auto chunks = chunks_of({"@load", "@top"});
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_TRUE(chunks[0].class_member);
  EXPECT_FALSE(chunks[1].class_member);
}

INSTANTIATE_TEST_SUITE_P(Languages, ChunkerClassMember, ::testing::ValuesIn(k_class_member_cases),
                         [](const ::testing::TestParamInfo<ClassMemberCase>& info) { return info.param.language; });

// A large JavaScript class is parsed in windows (chunker.cc step 1): a changed method is a
// class member there too, as in the whole-file parse.
TEST(ChunkerClassMemberWindowed, MethodOfALargeClassIsAClassMember) {
  std::string source = "import fs from \"fs\";\n\nclass Big {\n";
  for (int i = 0; i < 80; ++i) {
    std::string n = std::to_string(i);
    source += "  method" + n + "(x) {\n    const y = x + " + n + ";\n    return fs.existsSync(String(y));\n  }\n\n";
  }
  source += "}\n\nfunction after() {\n  return 0;\n}\n";
  std::string after = edit(source, "//", {"const y = x + 40;"});
  for (size_t window_min_bytes : {size_t{1}, size_t{0}}) {
    ChunkerOptions options;
    options.window_min_bytes = window_min_bytes;
    ChunkResult r = chunk_edit("lib/big.js", source, after, options);
    EXPECT_EQ(r.windowed_files, window_min_bytes == 0 ? 0 : 1);
    ASSERT_EQ(r.chunks.size(), 1u);
    EXPECT_EQ(r.chunks[0].symbol, "Big.method40");
    EXPECT_TRUE(r.chunks[0].class_member) << "window_min_bytes " << window_min_bytes;
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, ChunkerLanguage, ::testing::ValuesIn(k_cases),
                         [](const ::testing::TestParamInfo<LanguageCase>& info) { return info.param.language; });

}  // namespace
}  // namespace review
