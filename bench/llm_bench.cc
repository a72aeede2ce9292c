// LLM benchmark (DESIGN.md "Performance targets", LLM mode): a diff of ≥ 30 chunks reviewed
// by the three default reviewers with three LLM voters each (≥ 270 calls) through the real
// engine, against the fake LLM server answering after a fixed latency.
//
// Reports the wall time beside the ideal schedule ⌈calls / max_in_flight⌉ × latency (the
// target is ≤ 1.15× of it) and the sequential time calls × latency, and the tool's own CPU
// time per call (getrusage, user + system; target < 1 ms). The server runs in a child
// process forked before any thread exists, so that its CPU time is not counted as ours.
// A second run with the cache filled by the first shows the cost of a run with zero calls.
//
//   build/release/bench/llm_bench [--latency-ms 500] [--max-in-flight 16] [--chunks 30] [--cache 0|1]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "reviewers/engine.h"
#include "reviewers/llm/llm_voter.h"
#include "reviewers/reviewer.h"
#include "tests/fake_llm_server.h"

namespace {

using namespace review;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  int latency_ms = 500;
  int max_in_flight = 16;
  int chunks = 30;
  int cache = 1;  ///< 0: --no-cache (no cache writes in the measured run)
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The fake server's answer: one finding on the first changed line, in the taxonomy of the
// reviewer named in the system prompt (so answers are parsed, validated and voted).
testing::FakeReply answer(const testing::ReceivedRequest& r) {
  std::string prompt = testing::prompt_text(r);
  auto lines = testing::changed_lines_in_prompt(prompt);
  const char* category = prompt.find("independent security reviewers") != std::string::npos      ? "CWE-78"
                         : prompt.find("independent performance reviewers") != std::string::npos ? "io-in-loop"
                                                                                                   : "readability";
  return {.content = fmt::format(R"({{"findings":[{{"line":{},"end_line":null,"category":"{}","severity":"medium",)"
                                 R"("message":"benchmark finding","suggestion":null,"quote":null}}]}})",
                                 lines.empty() ? 1 : lines.front(), category)};
}

// Child: serve until the parent closes `control`. Writes the port to `ready`.
[[noreturn]] void serve(int latency_ms, int ready, int control) {
  {
    testing::FakeLlmServer server(128);
    server.set_latency_ms(latency_ms);
    server.set_responder(answer);
    int port = server.port();
    if (write(ready, &port, sizeof port) != sizeof port) _exit(1);
    char byte;
    while (read(control, &byte, 1) > 0) {
    }
  }
  _exit(0);
}

// A diff of one Python file with `count` functions, each a chunk with three changed lines.
void make_diff(int count, Diff& diff, std::vector<Chunk>& chunks) {
  FileDiff file;
  file.path = "service/handlers.py";
  file.language = "python";
  std::string text;
  int line = 1;
  for (int i = 0; i < count; ++i) {
    Chunk c;
    c.path = file.path;
    c.language = "python";
    c.symbol = fmt::format("handler_{}", i);
    c.start_line = line;
    std::string code = fmt::format(
        "def handler_{0}(request, db):\n"
        "    user = request.args.get('user')\n"
        "    rows = []\n"
        "    for item in request.json['items']:\n"
        "        cursor = db.execute(\"SELECT * FROM t WHERE id = \" + str(item))\n"
        "        rows.append(cursor.fetchone())\n"
        "        print('fetched', item)\n"
        "    os.system('notify ' + user)\n"
        "    total = 0\n"
        "    for r in rows:\n"
        "        total += r['amount'] * 1.0825\n"
        "    return {{'user': user, 'total': total, 'count': len(rows)}}\n"
        "\n",
        i);
    for (int k : {5, 7, 8}) {
      c.changed_lines.push_back(line + k - 1);
      file.added_lines.push_back(line + k - 1);
    }
    int lines = 13;
    c.end_line = line + lines - 1;
    c.code = code;
    text += code;
    line += lines;
    chunks.push_back(std::move(c));
  }
  file.post_image = text;
  file.has_post_image = true;
  file.added_count = static_cast<int>(file.added_lines.size());
  diff.files.push_back(std::move(file));
}

struct RunFigures {
  double wall_s = 0;
  double cpu_s = 0;
  EngineResult result;
  LlmStats stats;
};

RunFigures run_once(const LlmConfig& config, const Diff& diff, const std::vector<Chunk>& chunks) {
  RunFigures figures;
  double cpu0 = cpu_seconds();
  auto t0 = Clock::now();
  {
    auto client = LlmClient::create(config);
    if (!client) {
      std::fprintf(stderr, "llm_bench: %s\n", client.error().message.c_str());
      std::exit(2);
    }
    std::vector<Reviewer> reviewers;
    for (auto name : default_reviewer_names()) {
      Reviewer r;
      r.info = default_reviewer_info(name);
      r.voters = make_llm_voters(config, name, 3, *client);
      reviewers.push_back(std::move(r));
    }
    figures.result = run_engine(diff, chunks, reviewers, EngineOptions{}, nullptr);
    figures.stats = (*client)->stats();
  }
  figures.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  figures.cpu_s = cpu_seconds() - cpu0;
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    int value = std::atoi(argv[i + 1]);
    if (flag == "--latency-ms") options.latency_ms = value;
    else if (flag == "--max-in-flight") options.max_in_flight = value;
    else if (flag == "--chunks") options.chunks = value;
    else if (flag == "--cache") options.cache = value;
    else {
      std::fprintf(stderr, "usage: llm_bench [--latency-ms N] [--max-in-flight N] [--chunks N] [--cache 0|1]\n");
      return 2;
    }
  }

  int ready[2], control[2];
  if (pipe(ready) != 0 || pipe(control) != 0) return 2;
  pid_t child = fork();
  if (child == 0) {
    close(ready[0]);
    close(control[1]);
    serve(options.latency_ms, ready[1], control[0]);
  }
  close(ready[1]);
  close(control[0]);
  int port = 0;
  if (read(ready[0], &port, sizeof port) != sizeof port) return 2;

  Diff diff;
  std::vector<Chunk> chunks;
  make_diff(options.chunks, diff, chunks);
  auto cache = std::filesystem::temp_directory_path() / fmt::format("llm_bench_cache_{}", getpid());
  std::filesystem::remove_all(cache);

  LlmConfig config;
  config.base_url = fmt::format("http://127.0.0.1:{}/v1", port);
  config.model = "bench-model";
  config.api_key_env = "LLM_BENCH_KEY";
  config.max_in_flight = options.max_in_flight;
  config.cache_dir = cache.string();
  config.no_cache = options.cache == 0;

  RunFigures cold = run_once(config, diff, chunks);
  RunFigures warm = run_once(config, diff, chunks);
  std::filesystem::remove_all(cache);
  close(control[1]);
  waitpid(child, nullptr, 0);

  long calls = cold.stats.http_requests;
  double latency = options.latency_ms / 1000.0;
  double ideal = std::ceil(static_cast<double>(calls) / options.max_in_flight) * latency;
  double sequential = static_cast<double>(calls) * latency;
  std::printf("LLM benchmark: %d chunks x 3 reviewers x 3 LLM voters, latency %d ms, --max-in-flight %d, cache %s\n",
              options.chunks, options.latency_ms, options.max_in_flight, options.cache ? "on" : "off");
  std::printf("  calls                  %ld (peak in flight %d, findings %zu, degraded %zu)\n", calls,
              cold.stats.peak_in_flight, cold.result.findings.size(), cold.result.degraded.size());
  std::printf("  wall                   %.3f s\n", cold.wall_s);
  std::printf("  ideal schedule         %.3f s  (ceil(calls/%d) x %.3f s)  -> %.3fx (target <= 1.15x)\n", ideal,
              options.max_in_flight, latency, cold.wall_s / ideal);
  std::printf("  sequential             %.3f s  (calls x latency)\n", sequential);
  std::printf("  tool CPU               %.3f s  = %.3f ms per call (target < 1 ms)\n", cold.cpu_s,
              calls ? cold.cpu_s * 1000.0 / static_cast<double>(calls) : 0.0);
  if (options.cache)
    std::printf("  second run (cached)    %.3f s wall, %.3f s CPU, %ld calls, %ld cache hits\n", warm.wall_s,
                warm.cpu_s, warm.stats.http_requests, warm.stats.cache_hits);
  return 0;
}
