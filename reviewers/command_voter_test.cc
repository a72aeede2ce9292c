// The external command voter, with small shell scripts as the tool: SARIF mapping, the
// temporary {file} copy, {path}, exit codes, timeouts and garbage output.
#include "reviewers/command_voter.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "reviewers/engine.h"
#include "reviewers/reviewer.h"
#include "tests/test_support.h"

namespace review {
namespace {

using review::testing::TempDir;

// Writes an executable /bin/sh script and returns its path.
std::string script(const TempDir& dir, const std::string& name, const std::string& body) {
  std::filesystem::path path = dir.path() / name;
  std::ofstream(path) << "#!/bin/sh\n" << body;
  ::chmod(path.c_str(), 0755);
  return path.string();
}

struct Request {
  FileDiff file;
  Chunk chunk;
  ReviewerInfo reviewer = ReviewerInfo{"security", {"CWE-78", "CWE-89", "CWE-798"}};
  VoteRequest request() const {
    VoteRequest r;
    r.chunk = &chunk;
    r.file = &file;
    r.reviewer = &reviewer;
    return r;
  }
};

Request python_request() {
  Request r;
  r.file.path = "pkg/app.py";
  r.file.has_post_image = true;
  for (int i = 1; i <= 30; ++i) r.file.post_image += "line_" + std::to_string(i) + " = " + std::to_string(i) + "\n";
  r.chunk.path = r.file.path;
  r.chunk.start_line = 10;
  r.chunk.end_line = 20;
  return r;
}

Ballot vote_with(CommandVoter& voter, const Request& r) {
  Ballot result;
  bool called = false;
  voter.submit(r.request(), [&](Ballot b) {
    result = std::move(b);
    called = true;
  });
  EXPECT_TRUE(called);  // command voters answer before submit returns
  return result;
}

// A SARIF log whose first result's message reports what the tool saw: the file name it
// was given and the file's 12th line, so the test can check the temporary copy.
const char* k_sarif_tool = R"sh(name=$(basename "$1")
line12=$(sed -n 12p "$1")
cat <<EOF
{"version": "2.1.0",
 "runs": [{"tool": {"driver": {"name": "fake", "rules": [
     {"id": "FAKE1", "properties": {"category": "CWE-89"}},
     {"id": "FAKE2", "defaultConfiguration": {"level": "error"}, "shortDescription": {"text": "rule text"}}]}},
   "results": [
     {"ruleId": "FAKE0", "level": "note", "message": {"text": "saw $name: $line12"},
      "properties": {"category": "CWE-78"},
      "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file://$1"}, "region": {"startLine": 12, "endLine": 13}}}]},
     {"ruleId": "FAKE1", "message": {"text": "rule category"},
      "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app.py"}, "region": {"startLine": 15}}}],
      "fixes": [{"description": {"text": "use parameters"}}]},
     {"ruleIndex": 1, "locations": [{"physicalLocation": {"region": {"startLine": 20}}}]},
     {"ruleId": "FAKE0", "message": {"text": "outside"}, "properties": {"category": "CWE-78"},
      "locations": [{"physicalLocation": {"region": {"startLine": 25}}}]},
     {"ruleId": "FAKE0", "message": {"text": "other file"}, "properties": {"category": "CWE-78"},
      "locations": [{"physicalLocation": {"artifactLocation": {"uri": "other.py"}, "region": {"startLine": 12}}}]},
     {"ruleId": "FAKE3", "message": {"text": "bad category"}, "properties": {"category": "CWE-1"},
      "locations": [{"physicalLocation": {"region": {"startLine": 11}}}]},
     {"ruleId": "FAKE4", "message": {"text": "no region"}, "locations": [{"physicalLocation": {}}]}
   ]}]}
EOF
exit 1
)sh";

TEST(CommandVoter, MapsSarifResultsOnTheChunk) {
  TempDir dir;
  CommandVoterConfig config;
  config.id = "security.fake";
  config.argv = {script(dir, "tool.sh", k_sarif_tool), "{file}"};
  config.default_category = "CWE-798";
  CommandVoter voter(config);
  EXPECT_EQ(voter.kind(), VoterKind::command);
  Request r = python_request();
  Ballot ballot = vote_with(voter, r);
  ASSERT_FALSE(ballot.abstained) << ballot.abstain_reason;
  EXPECT_EQ(ballot.calls, 1);
  EXPECT_EQ(ballot.dropped, 1);  // CWE-1 is not in the taxonomy
  ASSERT_EQ(ballot.findings.size(), 3u);

  const Finding& a = ballot.findings[0];
  EXPECT_EQ(a.rule_id, "FAKE0");
  EXPECT_EQ(a.category, "CWE-78");
  EXPECT_EQ(a.severity, Severity::low);  // note
  EXPECT_EQ(a.message, "saw app.py: line_12 = 12");  // the temporary copy keeps name and text
  EXPECT_EQ(a.start_line, 12);
  EXPECT_EQ(a.end_line, 13);
  EXPECT_EQ(a.path, "pkg/app.py");
  EXPECT_EQ(a.aspect, "security");
  EXPECT_EQ(a.voter, "security.fake");

  const Finding& b = ballot.findings[1];
  EXPECT_EQ(b.category, "CWE-89");  // from the rule's properties
  EXPECT_EQ(b.severity, Severity::medium);  // warning by default
  EXPECT_EQ(b.suggestion, "use parameters");

  const Finding& c = ballot.findings[2];
  EXPECT_EQ(c.rule_id, "FAKE2");       // via ruleIndex
  EXPECT_EQ(c.category, "CWE-798");    // the configured default
  EXPECT_EQ(c.severity, Severity::high);  // the rule's default level: error
  EXPECT_EQ(c.message, "rule text");
}

TEST(CommandVoter, RemovesItsTemporaryFile) {
  TempDir dir;
  CommandVoterConfig config;
  config.id = "security.where";
  std::string record = (dir.path() / "seen").string();
  config.argv = {script(dir, "where.sh", "echo \"$1\" > \"$2\"\necho '{\"version\":\"2.1.0\",\"runs\":[]}'\n"), "{file}",
                 record};
  CommandVoter voter(config);
  Ballot ballot = vote_with(voter, python_request());
  ASSERT_FALSE(ballot.abstained) << ballot.abstain_reason;
  EXPECT_TRUE(ballot.findings.empty());
  std::string seen;
  std::getline(std::ifstream(record), seen);
  EXPECT_TRUE(seen.ends_with("/app.py")) << seen;
  EXPECT_FALSE(std::filesystem::exists(seen));
}

TEST(CommandVoter, PathPlaceholderRunsInTheWorkingDirectory) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "repo/pkg");
  CommandVoterConfig config;
  config.id = "security.path";
  config.working_directory = (dir.path() / "repo").string();
  config.default_category = "CWE-78";
  config.argv = {script(dir, "path.sh", R"sh(test -d "$(dirname "$1")" || exit 9
echo "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"ruleId\":\"P\",\"message\":{\"text\":\"$1\"},
 \"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"$1\"},\"region\":{\"startLine\":10}}}]}]}]}"
)sh"),
                 "{path}"};
  CommandVoter voter(config);
  Ballot ballot = vote_with(voter, python_request());
  ASSERT_FALSE(ballot.abstained) << ballot.abstain_reason;
  ASSERT_EQ(ballot.findings.size(), 1u);
  EXPECT_EQ(ballot.findings[0].message, "pkg/app.py");
}

TEST(CommandVoter, AbstainsOnFailures) {
  TempDir dir;
  auto reason = [&](const std::string& body, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    CommandVoterConfig config;
    config.id = "security.bad";
    config.argv = {script(dir, "bad.sh", body), "{file}"};
    config.timeout = timeout;
    CommandVoter voter(config);
    Ballot ballot = vote_with(voter, python_request());
    EXPECT_TRUE(ballot.abstained);
    EXPECT_TRUE(ballot.findings.empty());
    return ballot.abstain_reason;
  };
  EXPECT_EQ(reason("echo 'no such rule set' >&2\nexit 3\n"), "exit 3: no such rule set");
  EXPECT_EQ(reason("echo 'Traceback' >&2\necho 'garbage'\nexit 2\n"), "exit 2: Traceback");
  EXPECT_EQ(reason("echo 'not json'\n"), "unparseable output: output is not JSON");
  EXPECT_EQ(reason("echo '{\"version\": \"1.0\"}'\n"), "unparseable output: not a SARIF 2.1.0 log (version)");
  EXPECT_EQ(reason("exit 0\n"), "no SARIF on stdout");
  EXPECT_EQ(reason("kill -9 $$\n"), "killed by signal 9");
  // The script's child (sleep) holds stdout open too; the process group is killed.
  EXPECT_EQ(reason("sleep 30\necho '{}'\n", std::chrono::milliseconds(200)), "timeout after 200 ms");

  CommandVoterConfig missing;
  missing.id = "security.missing";
  missing.argv = {"/nonexistent/tool", "{file}"};
  CommandVoter voter(missing);
  Ballot ballot = vote_with(voter, python_request());
  EXPECT_TRUE(ballot.abstained);
  EXPECT_EQ(ballot.abstain_reason, "cannot run /nonexistent/tool: No such file or directory");

  Request no_image = python_request();
  no_image.file.has_post_image = false;
  CommandVoterConfig config;
  config.id = "security.x";
  config.argv = {"true", "{file}"};
  CommandVoter needs_file(config);
  EXPECT_EQ(vote_with(needs_file, no_image).abstain_reason, "no post-image of pkg/app.py to run the command on");
}

TEST(CommandVoter, SeverityFromSarifLevel) {
  EXPECT_EQ(severity_from_sarif_level("error"), Severity::high);
  EXPECT_EQ(severity_from_sarif_level("warning"), Severity::medium);
  EXPECT_EQ(severity_from_sarif_level("note"), Severity::low);
  EXPECT_EQ(severity_from_sarif_level("none"), Severity::info);
  EXPECT_EQ(severity_from_sarif_level(""), Severity::medium);
}

TEST(CommandVoter, HostileSarifShapesAreErrorsNotCrashes) {
  Request r = python_request();
  for (const char* text : {"[]", "{\"version\":\"2.1.0\",\"runs\":{}}", "{\"version\":2.1}",
                           "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[1,{\"locations\":7}]}]}",
                           "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"locations\":[{\"physicalLocation\":"
                           "{\"region\":{\"startLine\":\"12\"}}}]}]}]}"}) {
    auto parsed = findings_from_sarif(text, r.request(), "v", "CWE-78");
    if (parsed) {
      EXPECT_TRUE(parsed->findings.empty()) << text;
    }
  }
}

TEST(CommandVoter, VotesInTheEngine) {
  TempDir dir;
  std::string tool = script(dir, "tool.sh", k_sarif_tool);
  Request r = python_request();
  Diff diff;
  diff.files.push_back(r.file);
  std::vector<Chunk> chunks{r.chunk};
  std::vector<Reviewer> reviewers(1);
  reviewers[0].info = r.reviewer;
  for (int v = 0; v < 2; ++v) {
    CommandVoterConfig config;
    config.id = "security.cmd" + std::to_string(v);
    config.argv = {tool, "{file}"};
    config.default_category = "CWE-798";
    reviewers[0].voters.push_back(std::make_unique<CommandVoter>(config));
  }
  EngineResult result = run_engine(diff, chunks, reviewers, {}, nullptr);
  ASSERT_EQ(result.findings.size(), 3u);
  EXPECT_EQ(result.findings[0].votes, 2);
  EXPECT_EQ(result.findings[0].voter_ids, (std::vector<std::string>{"security.cmd0", "security.cmd1"}));
  EXPECT_EQ(result.counters.backend_calls, 2);
  EXPECT_EQ(result.counters.dropped, 2);
}

}  // namespace
}  // namespace review
