// `--shard I/N` runs merged with `review merge` equal the unsharded run: same JSON report
// except timing (stats.wall_ms and stats.stage_ms), in a real repository with findings in
// several files and languages.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace review {
namespace {

nlohmann::json without_timing(nlohmann::json report) {
  report["stats"].erase("wall_ms");
  report["stats"].erase("stage_ms");
  return report;
}

TEST(ShardMergeE2E, MergedShardsEqualTheUnshardedRun) {
  testing::TempRepo repo;
  repo.write("README.md", "# app\n");
  repo.commit_all("init");
  repo.write("app.py",
             "import subprocess\n\n\ndef run(request):\n    cmd = request.args.get(\"cmd\")\n"
             "    subprocess.call(cmd, shell=True)\n    return eval(request.args.get(\"expr\"))\n");
  repo.write("web/show.js", "export function show(el, html) {\n  el.innerHTML = html;\n  eval(html);\n}\n");
  repo.write("lib/util.py", "def load(items):\n    out = []\n    for item in items:\n        out = out + [item]\n    return out\n");
  repo.write("src/copy.c", "#include <string.h>\nvoid copy(char *dst, const char *src) {\n  strcpy(dst, src);\n}\n");
  repo.write("docs/notes.txt", "just text\n");
  repo.write("tools/build.sh", "#!/bin/sh\nrm -rf $1/*\n");
  repo.commit_all("change");

  const std::vector<std::string> common{"--commit", "HEAD", "--format", "json", "--fail-on", "none"};
  auto whole_args = common;
  whole_args.insert(whole_args.end(), {"--output", "sarif=whole.sarif"});
  auto whole = testing::run_review(whole_args, repo.path());
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  auto whole_json = nlohmann::json::parse(whole.out);
  ASSERT_GE(whole_json["findings"].size(), 2u) << "the fixture should produce findings in several files";

  const int n = 3;
  std::vector<std::string> merge_args{"merge"};
  std::set<std::string> paths_seen;
  int files = 0;
  for (int i = 1; i <= n; ++i) {
    auto args = common;
    args.insert(args.end(), {"--shard", std::to_string(i) + "/" + std::to_string(n)});
    auto shard = testing::run_review(args, repo.path());
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
    auto j = nlohmann::json::parse(shard.out);
    files += j["stats"]["files"].get<int>();
    std::set<std::string> here;
    for (const auto& f : j["findings"]) here.insert(f["path"].get<std::string>());
    for (const auto& p : here) EXPECT_TRUE(paths_seen.insert(p).second) << p << " is in two shards";
    std::string name = "shard-" + std::to_string(i) + ".json";
    std::ofstream(repo.path() / name) << shard.out;
    merge_args.push_back(name);
  }
  EXPECT_EQ(files, whole_json["stats"]["files"].get<int>());

  merge_args.insert(merge_args.end(), {"--output", "sarif=merged.sarif", "--fail-on", "none"});
  auto merged = testing::run_review(merge_args, repo.path());
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(without_timing(nlohmann::json::parse(merged.out)), without_timing(whole_json));
  // SARIF too (rules metadata included), apart from the timing in the run's statistics.
  auto sarif = [&](const char* name) {
    std::ifstream in(repo.path() / name);
    auto j = nlohmann::json::parse(in);
    for (auto& run : j["runs"]) {
      run["properties"]["stats"].erase("wall_ms");
      run["properties"]["stats"].erase("stage_ms");
    }
    return j;
  };
  EXPECT_EQ(sarif("merged.sarif"), sarif("whole.sarif"));

  // The merge applies --fail-on like the unsharded run would.
  merge_args.back() = "high";
  auto failing = testing::run_review(merge_args, repo.path());
  auto whole_failing = testing::run_review({"--commit", "HEAD", "--format", "json", "--fail-on", "high"}, repo.path());
  EXPECT_EQ(failing.exit_code, whole_failing.exit_code);

  auto bad = testing::run_review({"--commit", "HEAD", "--shard", "4/3"}, repo.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--shard: expected I/N"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace review
