// builtin_voters_bench [--reviewer NAME] [--chunk-lines N] FILE...
// Cost of one reviewer's built-in voters on a commit-sized input: every FILE counts as
// changed, with one chunk of N lines (default 50) from its middle marked as added, and the
// whole file as post-image (what the voters parse). Prints the first, cold run — query
// compilation, parsing, regex setup included, as in a fresh `review` process — and the
// mean of 20 warm runs (parses cached). Run from a Release build; never a timed test.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "git/language.h"
#include "reviewers/builtin/builtin_voters.h"
#include "util/text.h"

using namespace review;

namespace {

struct Input {
  FileDiff file;
  Chunk chunk;
};

/// Runs every voter on every input; adds each voter's time to `per_voter` (ms).
double run_all(const std::vector<std::unique_ptr<Voter>>& voters, const std::vector<Input>& inputs, int& findings,
               std::vector<double>& per_voter) {
  auto start = std::chrono::steady_clock::now();
  ReviewerInfo info;
  per_voter.resize(voters.size());
  for (const auto& in : inputs)
    for (std::size_t v = 0; v < voters.size(); ++v) {
      auto t0 = std::chrono::steady_clock::now();
      VoteRequest request{&in.chunk, &in.file, &info, static_cast<int>(v)};
      voters[v]->submit(request, [&](Ballot b) { findings += static_cast<int>(b.findings.size()); });
      per_voter[v] += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string reviewer = "security";
  int chunk_lines = 50;
  std::vector<Input> inputs;
  int changed = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--reviewer") && i + 1 < argc) { reviewer = argv[++i]; continue; }
    if (!std::strcmp(argv[i], "--chunk-lines") && i + 1 < argc) { chunk_lines = std::atoi(argv[++i]); continue; }
    std::ifstream f(argv[i], std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    Input in;
    in.file.path = argv[i];
    in.file.post_image = ss.str();
    in.file.has_post_image = true;
    in.file.language = detect_language(in.file.path, std::string_view(in.file.post_image).substr(0, 256), {});
    auto lines = split_lines(in.file.post_image);
    int total = static_cast<int>(lines.size());
    int first = std::max(1, total / 2 - chunk_lines / 2), last = std::min(total, first + chunk_lines - 1);
    in.chunk.path = in.file.path;
    in.chunk.language = in.file.language;
    in.chunk.start_line = first;
    in.chunk.end_line = last;
    for (int l = first; l <= last; ++l) {
      in.file.added_lines.push_back(l);
      in.chunk.changed_lines.push_back(l);
      in.chunk.code += std::string(lines[static_cast<std::size_t>(l - 1)]) + "\n";
    }
    changed += last - first + 1;
    inputs.push_back(std::move(in));
  }
  std::clock_t cpu0 = std::clock();
  auto t0 = std::chrono::steady_clock::now();
  auto voters = builtin::make_builtin_voters(reviewer);
  double setup = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  int findings = 0;
  std::vector<double> cold_per_voter, warm_per_voter;
  double cold = run_all(voters, inputs, findings, cold_per_voter);
  double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  int cold_findings = findings;
  double warm = 0;
  for (int r = 0; r < 20; ++r) warm += run_all(voters, inputs, findings, warm_per_voter);
  std::printf("%s: %zu voters, %zu files, %d changed lines, %d findings\n", reviewer.c_str(), voters.size(),
              inputs.size(), changed, cold_findings);
  std::printf("setup + cold run CPU time: %.2f ms (less sensitive to a loaded machine than wall time)\n", cpu_ms);
  std::printf("setup (rules parsed, voters built): %.2f ms\ncold run (compile + parse + match): %.2f ms\n"
              "warm run (parses cached): %.2f ms\n", setup, cold, warm / 20);
  for (std::size_t v = 0; v < voters.size(); ++v)
    std::printf("  %-22s cold %8.2f ms  warm %7.2f ms\n", std::string(voters[v]->id()).c_str(), cold_per_voter[v],
                warm_per_voter[v] / 20);
}
