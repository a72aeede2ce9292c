// DiffSource tests on real temporary repositories: every source mode, every skip reason,
// every bad-input error, awkward content, and an oracle comparison with the git CLI.
#include "git/diff_source.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "tests/test_support.h"
#include "util/text.h"

namespace review {
namespace {

using testing::RunResult;
using testing::TempDir;
using testing::TempRepo;

Diff must_read(const TempRepo& repo, SourceKind kind, std::string rev = "") {
  DiffRequest r;
  r.kind = kind;
  r.rev = std::move(rev);
  r.repo_path = repo.path().string();
  auto d = read_diff(r);
  EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().message);
  return d ? std::move(*d) : Diff{};
}

Error must_fail(const std::string& path, SourceKind kind, std::string rev = "") {
  DiffRequest r;
  r.kind = kind;
  r.rev = std::move(rev);
  r.repo_path = path;
  auto d = read_diff(r);
  EXPECT_FALSE(d.has_value());
  return d ? Error{} : d.error();
}

const FileDiff* find_file(const Diff& d, const std::string& path) {
  for (const auto& f : d.files)
    if (f.path == path) return &f;
  return nullptr;
}

std::string numbered(int n, const std::string& prefix = "line") {
  std::string s;
  for (int i = 1; i <= n; ++i) s += prefix + " " + std::to_string(i) + "\n";
  return s;
}

TEST(DiffSource, StagedInUnbornRepositoryComparesAgainstEmptyTree) {
  TempRepo repo;
  repo.write("a.py", "print('hi')\nx = 1\n");
  repo.git({"add", "a.py"});
  Diff d = must_read(repo, SourceKind::staged);
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.source.base, "empty");
  EXPECT_EQ(d.source.head, "index");
  EXPECT_EQ(d.files[0].status, DeltaStatus::added);
  EXPECT_EQ(d.files[0].added_lines, (std::vector<int>{1, 2}));
  EXPECT_EQ(d.files[0].language, "python");
}

TEST(DiffSource, StagedReadsPostImageFromIndexNotWorkingTree) {
  TempRepo repo;
  repo.write("a.txt", "one\n");
  repo.commit_all("base");
  repo.write("a.txt", "one\nstaged\n");
  repo.git({"add", "a.txt"});
  repo.write("a.txt", "one\nstaged\nunstaged\n");
  Diff d = must_read(repo, SourceKind::staged);
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_TRUE(d.files[0].has_post_image);
  EXPECT_EQ(d.files[0].post_image, "one\nstaged\n");
  EXPECT_EQ(d.files[0].added_lines, (std::vector<int>{2}));
}

TEST(DiffSource, WorktreeIncludesStagedAndUnstagedButNotUntracked) {
  TempRepo repo;
  repo.write("a.txt", "one\n");
  repo.write("b.txt", "bee\n");
  repo.commit_all("base");
  repo.write("a.txt", "one\nstaged\n");
  repo.git({"add", "a.txt"});
  repo.write("b.txt", "bee\nunstaged\n");
  repo.write("new.txt", "untracked\n");
  Diff d = must_read(repo, SourceKind::worktree);
  ASSERT_EQ(d.files.size(), 2u);
  EXPECT_EQ(d.source.head, "worktree");
  EXPECT_NE(find_file(d, "a.txt"), nullptr);
  ASSERT_NE(find_file(d, "b.txt"), nullptr);
  EXPECT_EQ(find_file(d, "b.txt")->post_image, "bee\nunstaged\n");
  EXPECT_EQ(find_file(d, "new.txt"), nullptr);

  DiffRequest r;
  r.repo_path = repo.path().string();
  r.include_untracked = true;
  auto with_untracked = read_diff(r);
  ASSERT_TRUE(with_untracked);
  const FileDiff* nf = find_file(*with_untracked, "new.txt");
  ASSERT_NE(nf, nullptr);
  EXPECT_EQ(nf->status, DeltaStatus::added);
  EXPECT_EQ(nf->added_lines, (std::vector<int>{1}));
}

TEST(DiffSource, CommitAgainstFirstParentAndRootAgainstEmptyTree) {
  TempRepo repo;
  repo.write("a.txt", numbered(5));
  std::string root = repo.commit_all("root");
  repo.write("a.txt", "line 1\nline 2\nchanged\nline 4\nline 5\nline 6\n");
  std::string second = repo.commit_all("second");

  Diff d = must_read(repo, SourceKind::commit, second);
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.source.base, root);
  EXPECT_EQ(d.source.head, second);
  const FileDiff& f = d.files[0];
  EXPECT_EQ(f.status, DeltaStatus::modified);
  EXPECT_EQ(f.added_lines, (std::vector<int>{3, 6}));
  EXPECT_EQ(f.added_count, 2);
  EXPECT_EQ(f.removed_count, 1);
  ASSERT_EQ(f.hunks.size(), 1u);
  EXPECT_EQ(f.hunks[0].old_start, 1);
  EXPECT_EQ(f.hunks[0].new_start, 1);
  EXPECT_EQ(f.post_image, "line 1\nline 2\nchanged\nline 4\nline 5\nline 6\n");
  // The deleted line keeps its old number and has no new one.
  auto del = std::find_if(f.hunks[0].lines.begin(), f.hunks[0].lines.end(),
                          [](const DiffLine& l) { return l.origin == LineOrigin::deletion; });
  ASSERT_NE(del, f.hunks[0].lines.end());
  EXPECT_EQ(del->old_lineno, 3);
  EXPECT_EQ(del->new_lineno, 0);
  EXPECT_EQ(del->content, "line 3");

  Diff r = must_read(repo, SourceKind::commit, root);
  EXPECT_EQ(r.source.base, "empty");
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].status, DeltaStatus::added);
  EXPECT_EQ(r.files[0].added_count, 5);
}

TEST(DiffSource, TwoDotAndThreeDotRanges) {
  TempRepo repo;
  repo.write("base.txt", "base\n");
  repo.commit_all("base");
  repo.git({"checkout", "-q", "-b", "feature"});
  repo.write("feature.txt", "feature\n");
  repo.commit_all("feature");
  repo.git({"checkout", "-q", "main"});
  repo.write("main.txt", "main\n");
  repo.commit_all("main moves on");

  // A..B compares the two tips: main.txt disappears, feature.txt appears.
  Diff two = must_read(repo, SourceKind::range, "main..feature");
  EXPECT_NE(find_file(two, "feature.txt"), nullptr);
  ASSERT_NE(find_file(two, "main.txt"), nullptr);
  EXPECT_EQ(find_file(two, "main.txt")->status, DeltaStatus::deleted);
  // A...B starts at the merge-base: only the feature's own change.
  Diff three = must_read(repo, SourceKind::range, "main...feature");
  ASSERT_EQ(three.files.size(), 1u);
  EXPECT_EQ(three.files[0].path, "feature.txt");
}

TEST(DiffSource, BaseModeIsMergeBaseToHead) {
  TempRepo repo;
  repo.write("base.txt", "base\n");
  repo.commit_all("base");
  repo.git({"checkout", "-q", "-b", "feature"});
  repo.write("feature.txt", "feature\n");
  std::string head = repo.commit_all("feature");
  repo.git({"checkout", "-q", "main"});
  repo.write("main.txt", "main\n");
  repo.commit_all("main moves on");
  repo.git({"checkout", "-q", "feature"});
  Diff d = must_read(repo, SourceKind::base, "main");
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.files[0].path, "feature.txt");
  EXPECT_EQ(d.source.head, head);
}

TEST(DiffSource, DetachedHeadWorks) {
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit_all("one");
  repo.write("a.txt", "a\nb\n");
  std::string two = repo.commit_all("two");
  repo.git({"checkout", "-q", "--detach", two});
  repo.write("a.txt", "a\nb\nc\n");
  Diff d = must_read(repo, SourceKind::worktree);
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.files[0].added_lines, (std::vector<int>{3}));
  Diff c = must_read(repo, SourceKind::commit, "HEAD");
  ASSERT_EQ(c.files.size(), 1u);
  EXPECT_EQ(c.files[0].added_lines, (std::vector<int>{2}));
}

TEST(DiffSource, RenamesAndCopiesKeepOldPath) {
  TempRepo repo;
  std::string body = numbered(40, "some meaningful content line");
  repo.write("src/old_name.py", body);
  repo.write("src/orig.py", body + "extra\n");
  repo.commit_all("base");
  repo.git({"mv", "src/old_name.py", "src/new_name.py"});
  repo.write("src/copy.py", body + "extra\n");
  repo.write("src/orig.py", body + "extra\nmodified\n");  // copies are found from modified sources
  std::string c = repo.commit_all("rename and copy");
  Diff d = must_read(repo, SourceKind::commit, c);
  const FileDiff* renamed = find_file(d, "src/new_name.py");
  ASSERT_NE(renamed, nullptr);
  EXPECT_EQ(renamed->status, DeltaStatus::renamed);
  EXPECT_EQ(renamed->old_path, "src/old_name.py");
  EXPECT_TRUE(renamed->added_lines.empty());
  const FileDiff* copied = find_file(d, "src/copy.py");
  ASSERT_NE(copied, nullptr);
  EXPECT_EQ(copied->status, DeltaStatus::copied);
  EXPECT_EQ(copied->old_path, "src/orig.py");
}

TEST(DiffSource, UnreviewableFilesAreListedWithAReason) {
  TempRepo repo;
  repo.write("bin.dat", std::string("\x00\x01\x02binary\x00", 10));
  repo.write("gone.txt", "bye\n");
  repo.write("mode.sh", "echo hi\n");
  repo.commit_all("base");
  repo.write("bin.dat", std::string("\x00\x01\x03binary\x00\x05", 11));
  std::filesystem::remove(repo.path() / "gone.txt");
  std::filesystem::permissions(repo.path() / "mode.sh", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  std::filesystem::create_symlink("mode.sh", repo.path() / "link.sh");
  repo.write("big.txt", std::string(1100 * 1024, 'x') + "\n");
  repo.git({"add", "-A"});
  // A submodule: a gitlink entry in the index.
  repo.git({"update-index", "--add", "--cacheinfo", "160000,1234567890123456789012345678901234567890,sub"});
  Diff d = must_read(repo, SourceKind::staged);
  std::map<std::string, std::string> reasons;
  for (const auto& f : d.files) reasons[f.path] = f.skip_reason.value_or("");
  EXPECT_EQ(reasons["bin.dat"], "binary");
  EXPECT_EQ(reasons["gone.txt"], "deleted");
  EXPECT_EQ(reasons["mode.sh"], "mode change only");
  EXPECT_EQ(reasons["link.sh"], "symlink");
  EXPECT_EQ(reasons["big.txt"], "too large");
  EXPECT_EQ(reasons["sub"], "submodule");
  EXPECT_TRUE(find_file(d, "bin.dat")->binary);
}

TEST(DiffSource, AwkwardContentAndPaths) {
  TempRepo repo;
  repo.write("crlf.c", "int a;\r\nint b;\r\n");
  repo.write("dir with space/ünïcødé.py", "x = 1\n");
  repo.commit_all("base");
  repo.write("crlf.c", "int a;\r\nint b;\r\nint c;\r\n");
  repo.write("dir with space/ünïcødé.py", "x = 1\ny = '\xff\xfe invalid'\n");
  repo.write("nul.txt", std::string("text then a NUL later is binary: \0 here\n", 41));
  repo.commit_all("awkward");
  Diff d = must_read(repo, SourceKind::commit, "HEAD");
  const FileDiff* crlf = find_file(d, "crlf.c");
  ASSERT_NE(crlf, nullptr);
  EXPECT_EQ(crlf->added_lines, (std::vector<int>{3}));
  ASSERT_FALSE(crlf->hunks.empty());
  EXPECT_EQ(crlf->hunks[0].lines.back().content, "int c;");  // CR is not part of the content
  const FileDiff* uni = find_file(d, "dir with space/ünïcødé.py");
  ASSERT_NE(uni, nullptr);
  EXPECT_EQ(uni->added_lines, (std::vector<int>{2}));
  EXPECT_EQ(uni->language, "python");
  const FileDiff* nul = find_file(d, "nul.txt");
  ASSERT_NE(nul, nullptr);
  EXPECT_TRUE(nul->binary);
}

TEST(DiffSource, PatchFromFileAndStdin) {
  TempRepo repo;
  repo.write("a.go", "package a\n\nfunc A() int { return 1 }\n");
  repo.commit_all("base");
  repo.write("a.go", "package a\n\nfunc A() int { return 2 }\nfunc B() {}\n");
  std::string patch = repo.git({"diff"});
  repo.write("change.patch", patch);
  DiffRequest r;
  r.kind = SourceKind::patch;
  r.rev = (repo.path() / "change.patch").string();
  r.repo_path = repo.path().string();
  auto d = read_diff(r);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->files.size(), 1u);
  EXPECT_EQ(d->files[0].path, "a.go");
  EXPECT_EQ(d->files[0].language, "go");
  EXPECT_EQ(d->files[0].added_lines, (std::vector<int>{3, 4}));
  EXPECT_FALSE(d->files[0].has_post_image);

  RunResult out = testing::run_review({"diff", "--patch", "-", "--json"}, repo.path(), patch);
  ASSERT_EQ(out.exit_code, 0) << out.err;
  auto j = nlohmann::json::parse(out.out);
  EXPECT_EQ(j["source"]["kind"], "patch");
  EXPECT_EQ(j["files"][0]["added_lines"], nlohmann::json::parse("[3,4]"));
}

TEST(DiffSource, BadInputIsAOneLineErrorWithExitCode2) {
  TempDir not_repo;
  Error e = must_fail(not_repo.path().string(), SourceKind::worktree);
  EXPECT_NE(e.message.find("not a git repository"), std::string::npos);

  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit_all("one");
  EXPECT_NE(must_fail(repo.path().string(), SourceKind::commit, "no-such-ref").message.find("unknown revision"),
            std::string::npos);
  EXPECT_NE(must_fail(repo.path().string(), SourceKind::range, "main").message.find("bad range"), std::string::npos);
  EXPECT_NE(must_fail(repo.path().string(), SourceKind::range, "main..nope").message.find("unknown revision"),
            std::string::npos);

  TempDir bare;
  testing::run_process({"git", "clone", "-q", "--bare", repo.path().string(), (bare.path() / "b.git").string()},
                       bare.path());
  EXPECT_NE(must_fail((bare.path() / "b.git").string(), SourceKind::staged).message.find("bare"), std::string::npos);
  EXPECT_NE(must_fail((bare.path() / "b.git").string(), SourceKind::worktree).message.find("bare"), std::string::npos);
  // Commit mode works in a bare repository.
  DiffRequest ok;
  ok.kind = SourceKind::commit;
  ok.rev = "HEAD";
  ok.repo_path = (bare.path() / "b.git").string();
  EXPECT_TRUE(read_diff(ok).has_value());

  repo.write("bad.patch", "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@ broken\n-a\n");
  DiffRequest p;
  p.kind = SourceKind::patch;
  p.rev = (repo.path() / "bad.patch").string();
  p.repo_path = repo.path().string();
  auto bad = read_diff(p);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("malformed patch"), std::string::npos);

  // Through the CLI: one line on stderr, exit 2, nothing on stdout.
  RunResult r = testing::run_review({"diff", "--commit", "nope"}, repo.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  RunResult nr = testing::run_review({"diff"}, not_repo.path());
  EXPECT_EQ(nr.exit_code, 2);
  EXPECT_EQ(std::count(nr.err.begin(), nr.err.end(), '\n'), 1) << nr.err;
}

TEST(DiffSource, ShallowCloneMissingHistorySaysToFetchMore) {
  TempRepo origin;
  origin.write("a.txt", "a\n");
  origin.commit_all("one");
  origin.git({"checkout", "-q", "-b", "feature"});
  for (int i = 0; i < 3; ++i) {
    origin.write("f.txt", std::to_string(i) + "\n");
    origin.commit_all("feature " + std::to_string(i));
  }
  origin.git({"checkout", "-q", "main"});
  origin.write("b.txt", "b\n");
  origin.commit_all("main two");
  TempDir clone;
  auto dest = clone.path() / "shallow";
  testing::run_process({"git", "clone", "-q", "--depth", "1", "--no-single-branch",
                        "file://" + origin.path().string(), dest.string()},
                       clone.path());
  testing::run_process({"git", "checkout", "-q", "feature"}, dest);
  Error e = must_fail(dest.string(), SourceKind::base, "origin/main");
  EXPECT_NE(e.message.find("shallow"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("fetch-depth: 0"), std::string::npos) << e.message;
  Error p = must_fail(dest.string(), SourceKind::commit, "HEAD");
  EXPECT_NE(p.message.find("shallow"), std::string::npos) << p.message;
}

// ---- Oracle: libgit2 result == git CLI result on a generated history -------------------

struct OracleFile {
  std::string status;  // A M D R C T
  std::string old_path;
  std::vector<int> added;
  std::vector<int> removed;
};

std::string unquote_git_path(std::string p) {
  if (!p.empty() && p.back() == '\t') p.pop_back();  // git ends names with spaces by a TAB
  if (p.size() < 2 || p.front() != '"') return p;
  std::string out;
  for (size_t i = 1; i + 1 < p.size(); ++i) {
    if (p[i] == '\\' && i + 3 < p.size() && std::isdigit(static_cast<unsigned char>(p[i + 1]))) {
      out += static_cast<char>(std::stoi(p.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else if (p[i] == '\\') {
      char c = p[++i];
      out += c == 't' ? '\t' : c == 'n' ? '\n' : c;
    } else {
      out += p[i];
    }
  }
  return out;
}

std::map<std::string, OracleFile> git_oracle(const TempRepo& repo, const std::string& commit) {
  std::map<std::string, OracleFile> files;
  std::string raw = repo.git({"-c", "core.quotePath=false", "diff-tree", "-r", "--root", "-M", "-C", "--no-commit-id",
                              "--name-status", "-z", commit});
  auto fields = split(raw, '\0');
  for (size_t i = 0; i + 1 < fields.size();) {
    std::string st = fields[i];
    if (st.empty()) break;
    OracleFile f;
    f.status = st.substr(0, 1);
    if (f.status == "R" || f.status == "C") {
      f.old_path = fields[i + 1];
      files[fields[i + 2]] = f;
      i += 3;
    } else {
      f.old_path = fields[i + 1];
      files[fields[i + 1]] = f;
      i += 2;
    }
  }
  std::string patch = repo.git({"-c", "core.quotePath=false", "diff-tree", "-p", "--root", "-M", "-C", "--no-commit-id",
                                "--no-color", "--no-ext-diff", commit});
  std::istringstream in(patch);
  std::string line, current;
  int old_no = 0, new_no = 0;
  bool in_hunk = false;
  while (std::getline(in, line)) {
    if (line.starts_with("diff --git ")) {
      in_hunk = false;
      current.clear();
    } else if (!in_hunk && line.starts_with("+++ ")) {
      std::string p = line.substr(4);
      if (p != "/dev/null") current = unquote_git_path(p).substr(2);
    } else if (!in_hunk && line.starts_with("--- ") && current.empty()) {
      std::string p = line.substr(4);
      if (p != "/dev/null") current = unquote_git_path(p).substr(2);  // deletion: old path
    } else if (line.starts_with("@@ ")) {
      in_hunk = true;
      int a = 0, b = 0, c = 0, d = 0;
      if (std::sscanf(line.c_str(), "@@ -%d,%d +%d,%d", &a, &b, &c, &d) < 4) {
        // "-a +c,d" or "-a,b +c" forms
        if (std::sscanf(line.c_str(), "@@ -%d +%d", &a, &c) != 2) {
          std::sscanf(line.c_str(), "@@ -%d,%d +%d", &a, &b, &c);
        }
      }
      old_no = a;
      new_no = c;
    } else if (in_hunk && !line.empty() && line[0] == '+') {
      files[current].added.push_back(new_no++);
    } else if (in_hunk && !line.empty() && line[0] == '-') {
      files[current].removed.push_back(old_no++);
    } else if (in_hunk && !line.empty() && line[0] == ' ') {
      ++old_no;
      ++new_no;
    } else if (in_hunk && line.empty()) {  // an empty context line can lose its space in transit
      ++old_no;
      ++new_no;
    }
  }
  return files;
}

std::string status_letter(const std::string& status) {
  static const std::map<std::string, std::string> k{{"added", "A"},   {"modified", "M"}, {"deleted", "D"},
                                                    {"renamed", "R"}, {"copied", "C"},   {"type_change", "T"}};
  return k.at(status);
}

TEST(DiffSourceOracle, EveryCommitOfAGeneratedHistoryMatchesTheGitCli) {
  TempRepo repo;
  std::mt19937 rng(42);
  auto random_text = [&](int lines, bool crlf) {
    std::string s;
    for (int i = 0; i < lines; ++i) {
      int kind = static_cast<int>(rng() % 5);
      if (kind == 0) s += "";
      else if (kind == 1) s += "    if (x) {";
      else if (kind == 2) s += "    }";
      else s += "value_" + std::to_string(rng() % 50) + " = compute(" + std::to_string(rng() % 7) + ");";
      s += crlf ? "\r\n" : "\n";
    }
    return s;
  };
  std::map<std::string, std::string> content;
  for (int i = 0; i < 8; ++i) {
    std::string name = "src/file_" + std::to_string(i) + (i % 2 ? ".c" : ".py");
    content[name] = random_text(30 + static_cast<int>(rng() % 60), i == 3);
    repo.write(name, content[name]);
  }
  std::vector<std::string> commits{repo.commit_all("initial")};

  for (int step = 0; step < 14; ++step) {
    // Edit several files in many places (many hunks).
    for (auto& [name, text] : content) {
      if (rng() % 2) continue;
      auto lines = split(text, '\n');
      for (int e = 0; e < 6; ++e) {
        size_t at = rng() % lines.size();
        int op = static_cast<int>(rng() % 3);
        if (op == 0) lines.insert(lines.begin() + at, "inserted_" + std::to_string(rng() % 1000) + "();");
        else if (op == 1 && lines.size() > 5) lines.erase(lines.begin() + at);
        else lines[at] = "replaced_" + std::to_string(rng() % 1000) + "();";
      }
      text = join(lines, "\n");
      repo.write(name, text);
    }
    if (step == 2) {  // rename with a small edit
      auto it = content.begin();
      std::string from = it->first, to = "moved/" + from.substr(4);
      std::string text = it->second + "tail();\n";
      content.erase(it);
      std::filesystem::create_directories(repo.path() / "moved");
      std::filesystem::remove(repo.path() / from);
      content[to] = text;
      repo.write(to, text);
    }
    if (step == 4) {  // deletion
      auto it = std::prev(content.end());
      std::filesystem::remove(repo.path() / it->first);
      content.erase(it);
    }
    if (step == 5) repo.write("assets/logo.bin", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    if (step == 7) repo.write("assets/logo.bin", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDX\0\1", 18));
    if (step == 8) {  // type change: regular file -> symlink
      std::filesystem::remove(repo.path() / "src/file_2.py");
      std::filesystem::create_symlink("file_0.py", repo.path() / "src/file_2.py");
      content.erase("src/file_2.py");
    }
    if (step == 10) repo.write("docs/name with space.txt", random_text(12, false));
    commits.push_back(repo.commit_all("step " + std::to_string(step)));
  }

  std::set<std::string> statuses_seen;
  for (const auto& commit : commits) {
    auto expected = git_oracle(repo, commit);
    RunResult r = testing::run_review({"diff", "--commit", commit, "--json"}, repo.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    std::set<std::string> seen;
    for (const auto& f : j["files"]) {
      std::string path = f["path"];
      seen.insert(path);
      ASSERT_TRUE(expected.count(path)) << "commit " << commit << ": unexpected file " << path;
      const OracleFile& o = expected[path];
      EXPECT_EQ(status_letter(f["status"]), o.status) << path;
      statuses_seen.insert(o.status);
      if (o.status == "R" || o.status == "C") {
        EXPECT_EQ(f["old_path"], o.old_path) << path;
      }
      if (o.status == "T") continue;  // git prints a type change as delete + add; statuses agree above
      std::vector<int> added = f["added_lines"];
      std::vector<int> removed;
      for (const auto& h : f["hunks"])
        for (const auto& l : h["lines"])
          if (l["origin"] == "-") removed.push_back(l["old_lineno"]);
      EXPECT_EQ(added, o.added) << commit << " " << path;
      EXPECT_EQ(removed, o.removed) << commit << " " << path;
    }
    for (const auto& [path, o] : expected) EXPECT_TRUE(seen.count(path)) << "commit " << commit << ": missing " << path;
  }
  // The generated history really exercised every kind of delta.
  EXPECT_EQ(statuses_seen, (std::set<std::string>{"A", "D", "M", "R", "T"}));
}

}  // namespace
}  // namespace review
