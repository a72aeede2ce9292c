// Progress display: throttled redraws, maximum of out-of-order counts, a clean line at the
// end, and concurrent events. Time comes from a fake clock (the display's seam).
#include "plugin/progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <thread>
#include <vector>

namespace review {
namespace {

using namespace std::chrono_literals;

struct Capture {
  std::FILE* file = std::tmpfile();
  ~Capture() { std::fclose(file); }
  std::string text() {
    std::fflush(file);
    std::rewind(file);
    std::string s;
    for (int c; (c = std::fgetc(file)) != EOF;) s += static_cast<char>(c);
    return s;
  }
};

ProgressEvent event(int done, int total, int running, int hits) {
  ProgressEvent e;
  e.chunks_done = done;
  e.chunks_total = total;
  e.voters_running = running;
  e.cache_hits = hits;
  return e;
}

TEST(Progress, WantedOnATerminalOrWhenAsked) {
  EXPECT_TRUE(progress_wanted(std::nullopt, true));
  EXPECT_FALSE(progress_wanted(std::nullopt, false));
  EXPECT_TRUE(progress_wanted(true, false));
  EXPECT_FALSE(progress_wanted(false, true));
}

TEST(Progress, LineShowsChunksCallsInFlightCacheHitsAndElapsed) {
  EXPECT_EQ(progress_line(event(12, 40, 6, 3), 2450ms), "review: chunks 12/40 · in flight 6 · cache hits 3 · 2.5s");
}

TEST(Progress, RedrawsAtMostEvery100msAndClearsAtTheEnd) {
  Capture out;
  auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  auto now = t0;
  {
    ProgressDisplay display(out.file, [&] { return now; });
    display.on_progress(event(1, 10, 3, 0));  // first event: drawn
    now += 50ms;
    display.on_progress(event(2, 10, 3, 0));  // too soon: recorded, not drawn
    now += 49ms;
    display.on_progress(event(3, 10, 2, 1));  // still too soon
    now += 1ms;
    display.on_progress(event(4, 10, 1, 1));  // 100 ms after the first drawing
    now += 200ms;
    display.on_progress(event(2, 10, 0, 0));  // late, out-of-order event: counts keep their maximum
    std::string text = out.text();
    EXPECT_EQ(text,
              "\rreview: chunks 1/10 · in flight 3 · cache hits 0 · 0.0s"
              "\rreview: chunks 4/10 · in flight 1 · cache hits 1 · 0.1s"
              "\rreview: chunks 4/10 · in flight 0 · cache hits 1 · 0.3s");
    display.finish();
    std::string cleared = out.text().substr(text.size());
    EXPECT_EQ(cleared, "\r" + std::string(progress_line(event(4, 10, 0, 1), 300ms).size(), ' ') + "\r");
    now += 1s;
    display.on_progress(event(10, 10, 0, 1));  // after finish: ignored
  }
  EXPECT_EQ(out.text().find("10/10"), std::string::npos);
}

TEST(Progress, NothingDrawnNothingCleared) {
  Capture out;
  { ProgressDisplay display(out.file); }
  EXPECT_EQ(out.text(), "");
}

TEST(Progress, ConcurrentEventsFromManyThreads) {
  Capture out;
  std::atomic<long long> ticks{0};
  auto base = std::chrono::steady_clock::time_point{};
  ProgressDisplay display(out.file, [&] { return base + std::chrono::milliseconds(ticks.fetch_add(7)); });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 1; i <= 500; ++i) display.on_progress(event(i, 500, t, i / 2));
    });
  for (auto& th : threads) th.join();
  display.on_progress(event(500, 500, 0, 250));
  std::string text = out.text();
  EXPECT_NE(text.find("chunks 500/500"), std::string::npos);
  // Every drawing starts with '\r'. The clock advances 7 ms per reading (one per event), so
  // 2001 events span 14 s: at most one drawing per 100 ms, plus the first.
  std::size_t draws = std::count(text.begin(), text.end(), '\r');
  EXPECT_GT(draws, 1u);
  EXPECT_LE(draws, 2001u * 7 / 100 + 1);
}

}  // namespace
}  // namespace review
