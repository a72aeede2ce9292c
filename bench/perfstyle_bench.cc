// perfstyle_bench: runs the built-in performance and style voters over real files, every
// line counted as added, and reports the findings and the time spent. Used to measure the
// voters' cost (the offline budget is 100 ms for a typical commit end to end) and to read
// their findings on real code for false positives.
//
//   build/release/bench/perfstyle_bench [--quiet] [--repeat N] [--chunks K --chunk-lines L] FILE...
//
// By default each file is one chunk with every line added (a pessimistic upper bound). With
// --chunks K --chunk-lines L each file is reviewed as K chunks of L lines spread evenly over
// it (every chunk line added), like a commit that touches K functions per file.
//
// Output: one line per finding "path:line: rule_id (voter) message" unless --quiet, then
// "files lines findings parse+vote ms" totals, and the time per voter (the first voter of a
// file includes the parse). Each file is one chunk; parsing goes through
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
#include "reviewers/builtin/parsed_source.h"
#include "reviewers/builtin/perfstyle_voters.h"
#include "util/text.h"

int main(int argc, char** argv) {
  using namespace review;
  bool quiet = false;
  int repeat = 1, chunks_per_file = 0, chunk_lines = 0;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quiet") quiet = true;
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--chunks" && i + 1 < argc) chunks_per_file = std::max(1, std::atoi(argv[++i]));
    else if (a == "--chunk-lines" && i + 1 < argc) chunk_lines = std::max(1, std::atoi(argv[++i]));
    else paths.push_back(a);
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: perfstyle_bench [--quiet] [--repeat N] FILE...\n");
    return 2;
  }
  auto perf = builtin::make_performance_voters();
  auto style = builtin::make_style_voters();
  std::map<std::string, int> per_rule;
  std::map<std::string, double> per_voter_ms;
  long lines_total = 0, findings_total = 0;
  double ms_total = 0, parse_ms = 0;
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
      auto text_lines = split_lines(file.post_image);
      int lines = static_cast<int>(text_lines.size());
      // The chunks: [start, end] ranges, 1-based inclusive.
      std::vector<std::pair<int, int>> ranges;
      if (chunks_per_file > 0 && chunk_lines > 0 && lines > chunk_lines) {
        for (int c = 0; c < chunks_per_file; ++c) {
          int start = 1 + static_cast<int>(static_cast<long>(lines - chunk_lines) * c / std::max(1, chunks_per_file - 1));
          if (chunks_per_file == 1) start = 1;
          ranges.emplace_back(start, std::min(lines, start + chunk_lines - 1));
        }
      } else {
        ranges.emplace_back(1, std::max(1, lines));
      }
      for (auto [first, last] : ranges)
        for (int l = first; l <= last; ++l) file.added_lines.push_back(l);
      auto start = std::chrono::steady_clock::now();
      std::vector<Finding> found;
      int reviewed = 0;
      for (auto [first, last] : ranges) {
        Chunk chunk;
        chunk.path = path;
        chunk.language = file.language;
        chunk.start_line = first;
        chunk.end_line = last;
        for (int l = first; l <= last; ++l) {
          chunk.changed_lines.push_back(l);
          if (l <= lines) chunk.code += std::string(text_lines[static_cast<size_t>(l - 1)]) + "\n";
        }
        reviewed += last - first + 1;
        {
          // The chunk's parse (shared by all built-in voters through the parse cache), timed apart.
          auto parse_start = std::chrono::steady_clock::now();
          VoteRequest request{&chunk, &file, nullptr, 0};
          builtin::parse_for(request);
          parse_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - parse_start).count();
        }
        for (auto* voters : {&perf, &style}) {
          ReviewerInfo info;
          info.name = voters == &perf ? "performance" : "style";
          for (size_t v = 0; v < voters->size(); ++v) {
            VoteRequest request{&chunk, &file, &info, static_cast<int>(v)};
            auto voter_start = std::chrono::steady_clock::now();
            (*voters)[v]->submit(request, [&](Ballot b) {
              for (auto& f : b.findings) found.push_back(std::move(f));
            });
            per_voter_ms[std::string((*voters)[v]->id())] +=
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - voter_start).count();
          }
        }
      }
      ms_total += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (round > 0) continue;
      lines_total += reviewed;
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
  std::printf("%9.1f ms parse (chunks, first round)\n", parse_ms);
  for (const auto& [voter, ms] : per_voter_ms) std::printf("%9.1f ms %s\n", ms / repeat, voter.c_str());
  std::printf("files %zu lines %ld findings %ld time %.1f ms (%d round%s)\n", paths.size(), lines_total,
              findings_total, ms_total / repeat, repeat, repeat == 1 ? "" : "s, per round");
  return 0;
}
