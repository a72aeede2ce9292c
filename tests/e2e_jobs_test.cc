// Determinism end to end (issue 4): the JSON report of a multi-file, multi-language commit
// with many findings is byte-identical for --jobs 1 and --jobs 8; only the timing values
// (stats.wall_ms, stats.stage_ms) may differ, and only those are masked.
#include <gtest/gtest.h>

#include "tests/e2e_support.h"

namespace review {
namespace {

using testing::run_review;

/// A change touching eight languages and a config file, with several findings in each.
void write_change(const testing::TempRepo& repo) {
  repo.write("app/views.py",
             "import os\nimport pickle\nimport subprocess\nimport sys\nimport tempfile\n\n\n"
             "def run(request):\n    cmd = request.args.get(\"cmd\")\n    subprocess.call(cmd, shell=True)\n"
             "    return eval(request.args.get(\"expr\"))\n\n\n"
             "def load(blob):\n    return pickle.loads(blob)\n\n\n"
             "def local():\n    os.system(sys.argv[1])\n    return tempfile.mktemp()\n");
  repo.write("app/util.py",
             "import hashlib\n\n\ndef digest(password):\n    return hashlib.md5(password.encode()).hexdigest()\n\n\n"
             "API_KEY = \"sk-live-0123456789abcdefABCDEF0123456789\"\n");
  repo.write("web/show.js",
             "export function show(el, html) {\n  el.innerHTML = html;\n  eval(html);\n}\n\n"
             "export function run(cmd) {\n  require('child_process').exec(cmd);\n}\n");
  repo.write("web/page.ts",
             "export function render(el: HTMLElement, html: string): void {\n  el.innerHTML = html;\n"
             "  document.write(html);\n}\n");
  repo.write("src/copy.c",
             "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\n"
             "void copy(char *dst, const char *src) {\n  strcpy(dst, src);\n}\n\n"
             "void say(const char *msg) {\n  printf(msg);\n  system(msg);\n}\n");
  repo.write("cmd/main.go",
             "package main\n\nimport (\n\t\"os\"\n\t\"os/exec\"\n)\n\n"
             "func main() {\n\texec.Command(\"sh\", \"-c\", os.Args[1]).Run()\n}\n");
  repo.write("src/Main.java",
             "import java.sql.*;\n\npublic class Main {\n  void find(Connection c, String name) throws Exception {\n"
             "    Statement s = c.createStatement();\n    s.executeQuery(\"SELECT * FROM t WHERE name = '\" + name + \"'\");\n"
             "    Runtime.getRuntime().exec(name);\n  }\n}\n");
  repo.write("src/main.rs",
             "use std::process::Command;\n\nfn run(arg: &str) {\n"
             "    Command::new(\"sh\").arg(\"-c\").arg(arg).status().unwrap();\n}\n");
  repo.write("deploy/prod.env", "AWS_ACCESS_KEY_ID=AKIAZ7QRSTUVWXYZ2345\nAWS_REGION=eu-west-1\n");
  repo.write("deploy/notes.txt", "no findings here\n");
}

TEST(E2eJobs, JsonReportIsByteIdenticalForOneAndEightJobs) {
  testing::TempRepo repo;
  testing::IsolatedHome home;
  repo.write("README.md", "# app\n");
  repo.commit_all("init");
  write_change(repo);
  std::string head = repo.commit_all("change");

  auto run = [&](const char* jobs) {
    auto r = run_review({"--commit", head, "--format", "json", "--fail-on", "none", "--jobs", jobs}, repo.path(), "",
                        home.env());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  std::string one = run("1");
  std::string eight = run("8");

  // The fixture must be rich enough for the comparison to mean something.
  auto report = testing::parse_report(one);
  std::set<std::string> paths, rules;
  for (const auto& f : report["findings"]) {
    paths.insert(f["path"].get<std::string>());
    rules.insert(f["rule_id"].get<std::string>());
  }
  EXPECT_GE(report["findings"].size(), 15u) << one;
  EXPECT_GE(paths.size(), 8u) << one;
  EXPECT_GE(rules.size(), 12u) << one;
  EXPECT_GE(report["stats"]["chunks"].get<int>(), 10) << one;

  // Only the timing values are masked: everything else is compared as bytes.
  std::string masked_one = testing::mask_timing(one);
  EXPECT_NE(masked_one.find("\"wall_ms\": #"), std::string::npos) << "the mask must find the timing fields";
  EXPECT_EQ(masked_one, testing::mask_timing(eight));
  // And again, so that one lucky schedule is not enough.
  EXPECT_EQ(masked_one, testing::mask_timing(run("8")));
  EXPECT_EQ(masked_one, testing::mask_timing(run("3")));
}

}  // namespace
}  // namespace review
