// Windowed parsing (git/chunker.cc, step 1) must not change a single chunk: on real files
// in each windowed language, chunks from the windowed parse equal chunks from the
// whole-file parse, for several change sets per file (one row, a small hunk, two hunks
// far apart). Corpus: the Python standard library on this machine, the JavaScript and C of
// the npm packages in node_modules, and the C headers of /usr/include.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "git/chunker.h"
#include "git/grammar.h"
#include "git/ts_handle.h"
#include "util/text.h"

#include "tests/test_support.h"

namespace review {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Files under `root` (recursively if `deep`) ending in `ext`, 4 KiB..400 KiB, sorted,
/// then every k-th so that at most `limit` remain.
std::vector<fs::path> corpus(const fs::path& root, const std::string& ext, bool deep, size_t limit) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  auto take = [&](const fs::directory_entry& e) {
    if (!e.is_regular_file(ec) || e.path().extension() != ext) return;
    auto size = e.file_size(ec);
    if (!ec && size >= 4 * 1024 && size <= 400 * 1024) out.push_back(e.path());
  };
  if (deep) {
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      take(*it);
    }
  } else {
    for (const auto& e : fs::directory_iterator(root, ec)) take(e);
  }
  std::sort(out.begin(), out.end());
  if (out.size() > limit) {
    std::vector<fs::path> every;
    for (size_t i = 0; i < out.size(); i += (out.size() + limit - 1) / limit) every.push_back(out[i]);
    out = std::move(every);
  }
  return out;
}

using testing::file_with;

std::string describe(const std::vector<Chunk>& chunks) {
  std::string s;
  for (const Chunk& c : chunks)
    s += c.symbol + " " + std::to_string(c.start_line) + "-" + std::to_string(c.end_line) + " ctx " +
         std::to_string(c.context_lines.size()) + (c.origin == ChunkOrigin::fallback ? " fallback" : "") + "\n";
  return s;
}

struct Outcome {
  int cases = 0;
  int windowed = 0;
  int skipped = 0;  ///< files whose whole-file parse has errors
};

/// True if the whole text parses without ERROR or MISSING nodes. Only such files must chunk
/// identically: on a file with syntax errors a window may parse better than the whole.
bool parses_cleanly(const std::string& text, const std::string& language) {
  TsParser parser = make_parser();
  if (!ts_parser_set_language(parser.get(), grammar_for(language))) return false;
  TsTree tree(ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
  return tree && !ts_node_has_error(ts_tree_root_node(tree.get()));
}

/// Chunks each file of `files` with and without windows for three change sets; every
/// difference is a failure. Returns how many cases used windows.
Outcome compare(const std::vector<fs::path>& files, const std::string& language) {
  Outcome outcome;
  ChunkerOptions whole;
  whole.window_min_bytes = 0;
  ChunkerOptions windows;
  windows.window_min_bytes = 1;  // try windows on every file of the corpus
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  auto next = [&](int bound) {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return static_cast<int>(seed % static_cast<std::uint64_t>(std::max(bound, 1)));
  };
  for (const auto& path : files) {
    std::string text = read_all(path);
    int rows = static_cast<int>(split_lines(text).size());
    if (rows < 10) continue;
    std::vector<std::vector<int>> sets;
    sets.push_back({1 + next(rows)});
    int start = 1 + next(rows - 5);
    sets.push_back({start, start + 1, start + 2, start + 3});
    sets.push_back({1 + next(rows / 2), rows / 2 + 1 + next(rows / 2)});
    for (const auto& added : sets) {
      Diff a, b;
      a.files.push_back(file_with(path.string(), language, text, added));
      b.files.push_back(a.files.front());
      if (!parses_cleanly(text, language)) {
        ++outcome.skipped;
        break;
      }
      ChunkResult expected = chunk_diff(a, whole);
      ChunkResult actual = chunk_diff(b, windows);
      ++outcome.cases;
      outcome.windowed += actual.windowed_files;
      EXPECT_EQ(expected.windowed_files, 0);
      std::string where = path.string() + " rows";
      for (int r : added) where += " " + std::to_string(r);
      EXPECT_EQ(describe(expected.chunks), describe(actual.chunks)) << where;
      if (expected.chunks.size() != actual.chunks.size()) continue;
      for (size_t i = 0; i < expected.chunks.size(); ++i) {
        EXPECT_EQ(expected.chunks[i].code, actual.chunks[i].code) << where;
        EXPECT_EQ(expected.chunks[i].context, actual.chunks[i].context) << where;
        EXPECT_EQ(expected.chunks[i].changed_lines, actual.chunks[i].changed_lines) << where;
      }
    }
  }
  return outcome;
}

fs::path python_stdlib() {
  for (const char* p : {"/usr/lib/python3.11", "/usr/lib/python3.12", "/usr/lib/python3.13", "/usr/lib/python3"})
    if (fs::is_directory(p)) return p;
  return {};
}

TEST(ChunkerWindows, PythonStandardLibraryChunksEqualWholeFileParse) {
  // REVIEW_WINDOWS_CORPUS=N: the whole library tree, N files (a longer run by hand).
  const char* wide = std::getenv("REVIEW_WINDOWS_CORPUS");
  auto files = corpus(python_stdlib(), ".py", wide != nullptr, wide ? std::strtoul(wide, nullptr, 10) : 80);
  ASSERT_GE(files.size(), 20u) << "the Python standard library (python3) is installed by scripts/setup";
  Outcome o = compare(files, "python");
  EXPECT_GE(o.windowed * 3, o.cases) << "windows should be used in most cases on large files";
}

TEST(ChunkerWindows, JavaScriptPackagesChunksEqualWholeFileParse) {
  // The grammars' own JavaScript (node_modules, from npm ci in scripts/setup) and npm's.
  std::vector<fs::path> files;
  for (fs::path root : {fs::path(REVIEW_SOURCE_DIR) / "node_modules", fs::path("/usr/lib/node_modules/npm"),
                        fs::path("/usr/share/nodejs/npm"), fs::path("/usr/local/lib/node_modules/npm")}) {
    auto more = corpus(root, ".js", true, 40);
    files.insert(files.end(), more.begin(), more.end());
  }
  ASSERT_GE(files.size(), 10u) << "node_modules comes from npm ci (scripts/setup)";
  Outcome o = compare(files, "javascript");
  EXPECT_GT(o.windowed, 0);
}

TEST(ChunkerWindows, CHeadersChunksEqualWholeFileParse) {
  auto files = corpus("/usr/include", ".h", false, 60);
  ASSERT_GE(files.size(), 10u);
  Outcome o = compare(files, "c");
  EXPECT_GT(o.windowed, 0);
}

}  // namespace
}  // namespace review
