// Tests of the performance and style voters beyond the per-rule fixtures
// (tests/rule_fixtures_test.cc): the voter contract, fully labeled fixtures, the changed-line
// behaviour of the metrics, look-alikes that must stay quiet, and one parse per file.
#include "reviewers/builtin/perfstyle_voters.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "git/language.h"
#include "reviewers/builtin/perfstyle_rules.h"
#include "reviewers/taxonomy.h"
#include "util/text.h"

namespace review {
namespace {

namespace fs = std::filesystem;

/// One file reviewed as one chunk; `changed` lists the added lines (all when empty).
struct Review {
  FileDiff file;
  Chunk chunk;
  ReviewerInfo info;
};

Review make_review(const std::string& path, const std::string& text, const std::string& reviewer,
                   std::vector<int> changed = {}) {
  Review r;
  r.file.path = path;
  r.file.language = detect_language(path, std::string_view(text).substr(0, 256), PathAttributes{});
  r.file.post_image = text;
  r.file.has_post_image = true;
  int lines = static_cast<int>(split_lines(text).size());
  if (changed.empty())
    for (int i = 1; i <= lines; ++i) changed.push_back(i);
  r.file.added_lines = changed;
  r.chunk.path = path;
  r.chunk.language = r.file.language;
  r.chunk.start_line = 1;
  r.chunk.end_line = std::max(1, lines);
  r.chunk.changed_lines = changed;
  r.chunk.code = text;
  r.info.name = reviewer;
  for (const auto& c : default_taxonomy(reviewer)) r.info.taxonomy.emplace_back(c.id);
  return r;
}

/// Findings of every voter of the reviewer, in voter order.
std::vector<Finding> run_voters(const Review& r) {
  auto voters = r.info.name == "performance" ? builtin::make_performance_voters() : builtin::make_style_voters();
  std::vector<Finding> all;
  for (size_t v = 0; v < voters.size(); ++v) {
    VoteRequest request{&r.chunk, &r.file, &r.info, static_cast<int>(v)};
    int calls = 0;
    voters[v]->submit(request, [&](Ballot b) {
      ++calls;
      EXPECT_FALSE(b.abstained) << b.abstain_reason;
      for (auto& f : b.findings) all.push_back(std::move(f));
    });
    EXPECT_EQ(calls, 1);
  }
  return all;
}

std::set<std::string> rule_ids(const std::vector<Finding>& findings) {
  std::set<std::string> out;
  for (const auto& f : findings) out.insert(f.rule_id);
  return out;
}

TEST(PerfStyleVoters, IdsKindsAndRulesAreHealthy) {
  auto perf = builtin::make_performance_voters();
  auto style = builtin::make_style_voters();
  ASSERT_EQ(perf.size(), 3u);
  ASSERT_EQ(style.size(), 3u);
  std::vector<std::string> ids;
  for (auto* set : {&perf, &style})
    for (const auto& v : *set) {
      ids.emplace_back(v->id());
      EXPECT_EQ(v->kind(), VoterKind::builtin);
    }
  EXPECT_EQ(ids, (std::vector<std::string>{"performance.loop-cost", "performance.complexity-shape", "performance.idiom",
                                           "style.metrics", "style.naming", "style.hygiene"}));
  for (const auto& e : perfstyle::rule_errors()) ADD_FAILURE() << e;
}

TEST(PerfStyleVoters, EveryLanguageHasRulesOfBothReviewers) {
  const auto& set = *builtin::builtin_rules();
  std::map<std::string, int> perf, style;
  for (const auto& r : set.rules) {
    if (r.reviewer == "performance")
      for (const auto& l : r.languages) ++perf[l];
    if (r.reviewer == "style")
      for (const auto& l : r.languages) ++style[l];
  }
  for (const char* lang : {"c", "cpp", "python", "javascript", "typescript", "tsx", "go", "rust", "java"}) {
    EXPECT_GE(perf[lang], 5) << lang;
    EXPECT_GE(style[lang], 5) << lang;
  }
  EXPECT_GE(set.select("performance", "loop-cost").size() + set.select("performance", "complexity-shape").size() +
                set.select("performance", "idiom").size(),
            15u);
  EXPECT_GE(set.select("style", "metrics").size() + set.select("style", "naming").size() +
                set.select("style", "hygiene").size(),
            15u);
}

TEST(PerfStyleVoters, FindingsUseTheTaxonomyAndStayInTheChunk) {
  auto r = make_review("a.py", "def f(xs):\n    s = ''\n    for x in xs:\n        s += str(x)\n    return s\n",
                       "performance");
  // The chunk is the function after its first line; only line 4 was added.
  r.chunk.start_line = 2;
  r.chunk.end_line = 5;
  r.chunk.code = "    s = ''\n    for x in xs:\n        s += str(x)\n    return s\n";
  r.chunk.changed_lines = {4};
  auto findings = run_voters(r);
  ASSERT_FALSE(findings.empty());
  for (const auto& f : findings) {
    EXPECT_EQ(f.category, "string-concat-in-loop");
    EXPECT_EQ(f.start_line, 4);
    EXPECT_EQ(f.aspect, "performance");
    EXPECT_FALSE(category_title("performance", f.category).empty());
  }
  // Two voters see it two ways and agree on category and line: they vote together.
  std::set<std::string> voters;
  for (const auto& f : findings) voters.insert(f.voter);
  EXPECT_EQ(voters, (std::set<std::string>{"performance.loop-cost", "performance.idiom"}));
}

TEST(PerfStyleVoters, UnknownLanguageAndEmptyChunkGiveEmptyBallots) {
  for (const char* reviewer : {"performance", "style"}) {
    auto r = make_review("notes.txt", "for x in y: s += x\n", reviewer);
    EXPECT_TRUE(run_voters(r).empty());
    auto empty = make_review("a.go", "", reviewer);
    EXPECT_TRUE(run_voters(empty).empty());
  }
}

TEST(PerfStyleVoters, BrokenCodeDoesNotCrash) {
  for (const char* reviewer : {"performance", "style"}) {
    auto r = make_review("a.cpp", "for (int i = 0; i < strlen(s; i++ { std::regex r(\"a\"); \n}}}\n((", reviewer);
    run_voters(r);
    auto py = make_review("a.py", "def f(:\n  for x in\n    s +=\n", reviewer);
    run_voters(py);
  }
}

TEST(PerfStyleVoters, LookAlikesStayQuiet) {
  // Loop-invariant work outside loops, per-element work inside loops, set membership.
  auto r = make_review("ok.py",
                       "import re\n"
                       "RX = re.compile('a+')\n"
                       "def f(items, seen_set):\n"
                       "    out = []\n"
                       "    for it in items:\n"
                       "        out.append(it)\n"
                       "        if it in seen_set:\n"
                       "            continue\n"
                       "        m = re.compile(it.pattern)\n"
                       "        with open(it.path) as fh:\n"
                       "            out.append(fh.read())\n"
                       "    return out\n",
                       "performance");
  EXPECT_TRUE(run_voters(r).empty());
  auto js = make_review("ok.js",
                        "async function f(ids) {\n"
                        "  const rx = new RegExp('^a');\n"
                        "  return Promise.all(ids.map((id) => fetch(`/x/${id}`)));\n"
                        "}\n",
                        "performance");
  EXPECT_TRUE(run_voters(js).empty());
}

TEST(PerfStyleVoters, MetricsOnlyBlameTheChange) {
  // A 70-line function: reported when its header is added, not for a one-line edit inside.
  std::string text = "def long_function(a):\n";
  for (int i = 0; i < 70; ++i) text += "    a = a + " + std::to_string(i % 2) + "\n";
  text += "    return a\n";
  auto whole = make_review("lib/long.py", text, "style");
  EXPECT_TRUE(rule_ids(run_voters(whole)).contains("style.function-length"));
  auto edit = make_review("lib/long.py", text, "style", {30});
  EXPECT_FALSE(rule_ids(run_voters(edit)).contains("style.function-length"));
  std::vector<int> most;
  for (int i = 20; i <= 60; ++i) most.push_back(i);
  auto rewrite = make_review("lib/long.py", text, "style", most);
  auto findings = run_voters(rewrite);
  bool at_first_added = false;
  for (const auto& f : findings) at_first_added |= f.rule_id == "style.function-length" && f.start_line == 20;
  EXPECT_TRUE(at_first_added);
}

TEST(PerfStyleVoters, ScriptsMayPrint) {
  std::string lib = "def load(path):\n    print('loading', path)\n    return open(path).read()\n";
  EXPECT_TRUE(rule_ids(run_voters(make_review("pkg/loader.py", lib, "style"))).contains("style.py.print"));
  EXPECT_FALSE(rule_ids(run_voters(make_review("scripts/loader.py", lib, "style"))).contains("style.py.print"));
  std::string cli = lib + "\nif __name__ == '__main__':\n    load('x')\n";
  EXPECT_FALSE(rule_ids(run_voters(make_review("pkg/loader.py", cli, "style"))).contains("style.py.print"));
}

TEST(PerfStyleVoters, NamingFollowsThePrevailingStyleOfTheFile) {
  std::string camel = "def getUser():\n    pass\n\ndef getOrder():\n    pass\n\ndef getItem():\n    pass\n";
  EXPECT_FALSE(rule_ids(run_voters(make_review("m.py", camel, "style"))).contains("style.py.function-name"));
  std::string mixed = "def get_user():\n    pass\n\ndef get_order():\n    pass\n\ndef getItem():\n    pass\n";
  EXPECT_TRUE(rule_ids(run_voters(make_review("m.py", mixed, "style"))).contains("style.py.function-name"));
  // Only the last function is the chunk (and parsed): the file's style still counts.
  for (const auto& [text, expected] : {std::pair{camel, false}, std::pair{mixed, true}}) {
    auto r = make_review("m.py", text, "style", {7, 8});
    r.chunk.start_line = 7;
    r.chunk.end_line = 8;
    r.chunk.code = text.substr(text.find("def get", text.find("def get", text.find("def get") + 1) + 1));
    EXPECT_EQ(rule_ids(run_voters(r)).contains("style.py.function-name"), expected) << r.chunk.code;
  }
}

TEST(PerfStyleVoters, FileLevelFactsComeFromThePostImage) {
  // `package main` is outside the chunk (the function), yet main packages may print.
  std::string text = "package main\n\nimport \"fmt\"\n\nfunc run() {\n\tfmt.Println(\"hi\")\n}\n";
  auto r = make_review("app/main.go", text, "style", {6});
  r.chunk.start_line = 5;
  r.chunk.end_line = 7;
  r.chunk.code = "func run() {\n\tfmt.Println(\"hi\")\n}\n";
  EXPECT_FALSE(rule_ids(run_voters(r)).contains("style.go.fmt-print"));
  auto lib = make_review("pkg/lib.go", "package lib\n\nimport \"fmt\"\n\n" + r.chunk.code, "style", {6});
  lib.chunk.start_line = 5;
  lib.chunk.end_line = 7;
  lib.chunk.code = r.chunk.code;
  EXPECT_TRUE(rule_ids(run_voters(lib)).contains("style.go.fmt-print"));
}

// Every finding on a fixture must be labeled: on a `ruleid:` line of a rule with the same
// category (so the precision measured in rule_fixtures_test.cc counts every stray finding).
TEST(PerfStyleVoters, FixturesAreFullyLabeled) {
  const auto& set = *builtin::builtin_rules();
  static const RE2 re(R"(^\s*(?:#|//|/\*)\s*(ruleid|ok):\s*([A-Za-z0-9._\-]+(?:\s*,\s*[A-Za-z0-9._\-]+)*))");
  fs::path root = fs::path(REVIEW_SOURCE_DIR) / "tests" / "fixtures" / "rules";
  for (const char* reviewer : {"performance", "style"}) {
    if (!fs::exists(root / reviewer)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / reviewer)) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string text = ss.str();
      std::string rel = fs::relative(e.path(), root).generic_string();
      auto lines = split_lines(text);
      std::set<std::pair<int, std::string>> labeled;  // (line, category)
      for (size_t i = 0; i < lines.size(); ++i) {
        std::string kind, ids;
        if (!RE2::PartialMatch(re2::StringPiece(lines[i].data(), lines[i].size()), re, &kind, &ids)) continue;
        size_t target = i + 1;
        while (target < lines.size() &&
               (trim(lines[target]).empty() ||
                RE2::PartialMatch(re2::StringPiece(lines[target].data(), lines[target].size()), re)))
          ++target;
        if (kind != "ruleid") continue;
        for (auto& id : split(ids, ','))
          if (const auto* rule = set.find(trim(id)))
            labeled.insert({static_cast<int>(target) + 1, rule->category});
      }
      for (const auto& f : run_voters(make_review(rel, text, reviewer)))
        EXPECT_TRUE(labeled.contains({f.start_line, f.category}))
            << rel << ":" << f.start_line << ": unlabeled " << f.rule_id << " (" << f.voter << "): " << f.message;
    }
  }
}

}  // namespace
}  // namespace review
