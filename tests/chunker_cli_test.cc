// End to end: `review diff --json` and `review plan` on real repositories, with
// .gitattributes read through libgit2 in every source mode, shebangs, pure deletions,
// and byte-identical output for any --jobs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "tests/test_support.h"

namespace review {
namespace {

using nlohmann::json;
using testing::run_review;
using testing::TempRepo;

const char* k_python = "import os\n\n\ndef f(a):\n    return a + 1\n\n\ndef g(b):\n    return b + 2\n";
const char* k_python_edited = "import os\n\n\ndef f(a):\n    return a + 10\n\n\ndef g(b):\n    return b + 2\n";

json diff_json(const TempRepo& repo, std::vector<std::string> args) {
  args.insert(args.begin(), {"diff", "--json"});
  auto r = run_review(args, repo.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

json file_entry(const json& j, const std::string& path) {
  for (const auto& f : j["files"])
    if (f["path"] == path) return f;
  ADD_FAILURE() << "no file " << path;
  return json::object();
}

TEST(ChunkerCli, DiffJsonHasChunksPureDeletionsAndSkipped) {
  TempRepo repo;
  repo.write("m.py", k_python);
  repo.write("gone.py", "x = 1\ny = 2\nz = 3\n");
  repo.write(".gitattributes", "gen/** linguist-generated\n");
  repo.commit_all("one");
  repo.write("m.py", k_python_edited);
  repo.write("gone.py", "x = 1\nz = 3\n");
  repo.write("gen/out.py", "x = 1\n");
  repo.commit_all("two");
  json j = diff_json(repo, {"--commit", "HEAD"});
  ASSERT_EQ(j["chunks"].size(), 1u) << j["chunks"].dump();
  const json& c = j["chunks"][0];
  EXPECT_EQ(c["path"], "m.py");
  EXPECT_EQ(c["language"], "python");
  EXPECT_EQ(c["symbol"], "f");
  EXPECT_EQ(c["start_line"], 4);
  EXPECT_EQ(c["end_line"], 5);
  EXPECT_EQ(c["changed_lines"], json::array({5}));
  EXPECT_EQ(c["code"], "def f(a):\n    return a + 10\n");
  EXPECT_EQ(c["origin"], "syntax");
  EXPECT_EQ(c["token_estimate"], (std::string(c["code"]).size() + 3) / 4);
  EXPECT_EQ(j["pure_deletions"], 1);
  ASSERT_EQ(j["skipped"].size(), 1u);
  EXPECT_EQ(j["skipped"][0]["path"], "gen/out.py");
  EXPECT_EQ(j["skipped"][0]["reason"], "generated");
}

TEST(ChunkerCli, GitattributesLanguageAndVendoredInEveryMode) {
  TempRepo repo;
  repo.write("src/a.inc", "int f() {\n  return 1;\n}\n");
  repo.write("third_party/lib.py", "x = 1\n");
  repo.write("src/b.py", "x = 1\n");
  repo.write(".gitattributes", "*.inc linguist-language=C++\nthird_party/** linguist-vendored\nsrc/b.py linguist-language=Ruby\n");
  repo.commit_all("one");
  repo.write("src/a.inc", "int f() {\n  return 2;\n}\n");
  repo.write("third_party/lib.py", "x = 2\n");
  repo.write("src/b.py", "x = 2\n");

  auto check = [&](const json& j, const std::string& mode) {
    SCOPED_TRACE(mode);
    EXPECT_EQ(file_entry(j, "src/a.inc")["language"], "cpp");
    EXPECT_EQ(file_entry(j, "third_party/lib.py").value("skip_reason", ""), "vendored");
    EXPECT_EQ(file_entry(j, "src/b.py")["language"], "");
    ASSERT_EQ(j["chunks"].size(), 2u) << j["chunks"].dump();
    EXPECT_EQ(j["chunks"][0]["path"], "src/a.inc");
    EXPECT_EQ(j["chunks"][0]["symbol"], "f");
    EXPECT_EQ(j["chunks"][0]["origin"], "syntax");
    EXPECT_EQ(j["chunks"][1]["path"], "src/b.py");
    EXPECT_EQ(j["chunks"][1]["origin"], "fallback");
  };
  check(diff_json(repo, {}), "worktree");
  repo.git({"add", "-A"});
  check(diff_json(repo, {"--staged"}), "staged");
  repo.commit_all("two");
  check(diff_json(repo, {"--commit", "HEAD"}), "commit");
  check(diff_json(repo, {"--range", "HEAD~1..HEAD"}), "range");
}

TEST(ChunkerCli, StagedAttributesComeFromTheIndexNotTheWorkTree) {
  TempRepo repo;
  repo.write("a.inc", "int f() {\n  return 1;\n}\n");
  repo.commit_all("one");
  repo.write("a.inc", "int f() {\n  return 2;\n}\n");
  repo.write(".gitattributes", "*.inc linguist-language=C\n");
  repo.git({"add", "-A"});
  repo.write(".gitattributes", "*.inc linguist-generated\n");  // not staged
  json j = diff_json(repo, {"--staged"});
  EXPECT_EQ(file_entry(j, "a.inc")["language"], "c");
  EXPECT_FALSE(file_entry(j, "a.inc").contains("skip_reason"));
}

TEST(ChunkerCli, ShebangScriptIsChunkedAsItsLanguage) {
  TempRepo repo;
  repo.write("bin/tool", "#!/usr/bin/env python3\n\ndef main():\n    return 0\n");
  repo.commit_all("one");
  repo.write("bin/tool", "#!/usr/bin/env python3\n\ndef main():\n    return 1\n");
  json j = diff_json(repo, {});
  ASSERT_EQ(j["chunks"].size(), 1u);
  EXPECT_EQ(j["chunks"][0]["language"], "python");
  EXPECT_EQ(j["chunks"][0]["symbol"], "main");
}

TEST(ChunkerCli, OutputIsByteIdenticalForAnyJobs) {
  TempRepo repo;
  for (int i = 0; i < 24; ++i) repo.write("pkg/m" + std::to_string(i) + ".py", k_python);
  repo.commit_all("one");
  for (int i = 0; i < 24; ++i) repo.write("pkg/m" + std::to_string(i) + ".py", k_python_edited);
  auto one = run_review({"diff", "--json", "--jobs", "1"}, repo.path());
  auto eight = run_review({"diff", "--json", "--jobs", "8"}, repo.path());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(eight.exit_code, 0) << eight.err;
  EXPECT_EQ(one.out, eight.out);
  EXPECT_EQ(json::parse(one.out)["chunks"].size(), 24u);
  auto plan1 = run_review({"plan", "--json", "--jobs", "1"}, repo.path());
  auto plan8 = run_review({"plan", "--json", "--jobs", "8"}, repo.path());
  EXPECT_EQ(plan1.out, plan8.out);
}

TEST(ChunkerCli, PlanListsChunksReviewersAndTotals) {
  TempRepo repo;
  repo.write("m.py", k_python);
  repo.commit_all("one");
  repo.write("m.py", "import os\n\n\ndef f(a):\n    return a + 10\n\n\ndef g(b):\n    return b + 20\n");
  auto text = run_review({"plan"}, repo.path());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("m.py"), std::string::npos);
  EXPECT_NE(text.out.find("4-5"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("security, performance, style x 3 voters = 9 voter calls per chunk, 18 in total"),
            std::string::npos)
      << text.out;

  auto r = run_review({"plan", "--json"}, repo.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_EQ(j["chunks"].size(), 2u);
  EXPECT_EQ(j["chunks"][0]["symbol"], "f");
  EXPECT_EQ(j["chunks"][1]["symbol"], "g");
  EXPECT_FALSE(j["chunks"][0].contains("code"));
  EXPECT_EQ(j["reviewers"].size(), 3u);
  EXPECT_EQ(j["totals"]["chunks"], 2);
  EXPECT_EQ(j["totals"]["voter_calls"], 18);
  int tokens = j["chunks"][0]["token_estimate"].get<int>() + j["chunks"][1]["token_estimate"].get<int>();
  EXPECT_EQ(j["totals"]["tokens"], tokens);
  EXPECT_EQ(j["totals"]["input_tokens"], tokens * 9);

  auto custom = run_review({"plan", "--json", "--aspects", "security,style", "--voters", "2"}, repo.path());
  ASSERT_EQ(custom.exit_code, 0) << custom.err;
  json c = json::parse(custom.out);
  EXPECT_EQ(c["reviewers"], json::parse(R"([{"name":"security","voters":2},{"name":"style","voters":2}])"));
  EXPECT_EQ(c["totals"]["voter_calls"], 8);

  auto bad = run_review({"plan", "--aspects", "speed"}, repo.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown aspect 'speed'"), std::string::npos) << bad.err;
}

TEST(ChunkerCli, PatchInputFallsBackToHunkLines) {
  TempRepo repo;
  std::string patch =
      "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -10,3 +10,3 @@\n a = 1\n-b = 1\n+b = 2\n c = 3\n";
  auto r = run_review({"diff", "--json", "--patch", "-"}, repo.path(), patch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_EQ(j["chunks"].size(), 1u);
  EXPECT_EQ(j["chunks"][0]["start_line"], 10);
  EXPECT_EQ(j["chunks"][0]["end_line"], 12);
  EXPECT_EQ(j["chunks"][0]["code"], "a = 1\nb = 2\nc = 3\n");
  EXPECT_EQ(j["chunks"][0]["origin"], "fallback");
}

}  // namespace
}  // namespace review
