// perfstyle_bench: runs the built-in performance and style voters over real files, every
// line counted as added, and reports the findings and the time spent. Used to measure the
// voters' cost (the offline budget is 100 ms for a typical commit end to end) and to read
// their findings on real code for false positives.
//
//   build/release/bench/perfstyle_bench [--quiet] [--repeat N] FILE...
//
// Output: one line per finding "path:line: rule_id (voter) message" unless --quiet, then
// "files lines findings parse+vote ms" totals. Each file is one chunk; parsing goes through
// the shared parse cache like in the product, so the first voter of a file pays the parse.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "git/language.h"
#include "reviewers/builtin/perfstyle_voters.h"
#include "util/text.h"

int main(int argc, char** argv) {
  using namespace review;
  bool quiet = false;
  int repeat = 1;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quiet") quiet = true;
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else paths.push_back(a);
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: perfstyle_bench [--quiet] [--repeat N] FILE...\n");
    return 2;
  }
  auto perf = builtin::make_performance_voters();
  auto style = builtin::make_style_voters();
  std::map<std::string, int> per_rule;
  long lines_total = 0, findings_total = 0;
  double ms_total = 0;
  for (int round = 0; round < repeat; ++round) {
    for (const auto& path : paths) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "perfstyle_bench: cannot read %s\n", path.c_str());
        continue;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      FileDiff file;
      file.path = path;
      file.post_image = ss.str();
      file.has_post_image = true;
      file.language = detect_language(path, std::string_view(file.post_image).substr(0, 256), PathAttributes{});
      int lines = static_cast<int>(split_lines(file.post_image).size());
      for (int l = 1; l <= lines; ++l) file.added_lines.push_back(l);
      Chunk chunk;
      chunk.path = path;
      chunk.language = file.language;
      chunk.start_line = 1;
      chunk.end_line = std::max(1, lines);
      chunk.changed_lines = file.added_lines;
      chunk.code = file.post_image;
      auto start = std::chrono::steady_clock::now();
      std::vector<Finding> found;
      for (auto* voters : {&perf, &style}) {
        ReviewerInfo info;
        info.name = voters == &perf ? "performance" : "style";
        for (size_t v = 0; v < voters->size(); ++v) {
          VoteRequest request{&chunk, &file, &info, static_cast<int>(v)};
          (*voters)[v]->submit(request, [&](Ballot b) {
            for (auto& f : b.findings) found.push_back(std::move(f));
          });
        }
      }
      ms_total += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (round > 0) continue;
      lines_total += lines;
      findings_total += static_cast<long>(found.size());
      for (const auto& f : found) {
        ++per_rule[f.rule_id];
        if (!quiet)
          std::printf("%s:%d: %s (%s) %s\n", f.path.c_str(), f.start_line, f.rule_id.c_str(), f.voter.c_str(),
                      f.message.c_str());
      }
    }
  }
  for (const auto& [rule, n] : per_rule) std::printf("%6d %s\n", n, rule.c_str());
  std::printf("files %zu lines %ld findings %ld time %.1f ms (%d round%s)\n", paths.size(), lines_total,
              findings_total, ms_total / repeat, repeat, repeat == 1 ? "" : "s, per round");
  return 0;
}
