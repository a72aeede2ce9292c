// The progress display: one status line on stderr for long runs —
//   review: chunks 12/40 · in flight 6 · cache hits 3 · 2.4s
// redrawn in place with '\r' at most every 100 ms and cleared when the run ends, so it
// never mixes with the report on stdout. It implements the engine's ProgressSink
// (reviewers/progress.h). Shown when stderr is a terminal, or with --progress; never with
// --no-progress.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "reviewers/progress.h"

namespace review {

/// Whether to show progress: `flag` is --progress (true) / --no-progress (false) / neither
/// (nullopt: only when stderr is a terminal).
bool progress_wanted(std::optional<bool> flag, bool stderr_is_tty);

/// `progress_wanted` for this process (isatty(STDERR_FILENO)).
bool progress_wanted(std::optional<bool> flag);

/// The status line for `event` after `elapsed` (no '\r', no newline).
std::string progress_line(const ProgressEvent& event, std::chrono::milliseconds elapsed);

class ProgressDisplay final : public ProgressSink {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::milliseconds k_redraw_interval{100};

  /// Draws on `out` (borrowed; stderr in the product). `clock` is the time source (a seam for
  /// tests); elapsed time counts from construction.
  explicit ProgressDisplay(std::FILE* out, Clock clock = [] { return std::chrono::steady_clock::now(); });
  ~ProgressDisplay() override;  ///< finish()
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  /// Thread-safe and cheap: records the maximum of each monotone count (events may arrive
  /// out of order) and redraws if 100 ms have passed since the last drawing; when another
  /// thread is drawing it returns at once.
  void on_progress(const ProgressEvent& event) noexcept override;

  /// Erases the status line (spaces over it, then '\r') so the report starts on a clean
  /// line. Idempotent; later events are ignored.
  void finish() noexcept;

 private:
  void draw(std::chrono::steady_clock::time_point now);

  std::FILE* m_out;
  Clock m_clock;
  std::chrono::steady_clock::time_point m_start;
  std::atomic<int> m_chunks_done{0}, m_chunks_total{0}, m_voters_running{0}, m_cache_hits{0};
  std::atomic<long long> m_last_draw_ns{-1};  ///< since m_start; -1 = never drawn
  std::atomic<bool> m_finished{false};
  std::mutex m_draw_mutex;  ///< one drawer at a time; others skip (try_lock)
  std::size_t m_drawn_width = 0;  ///< length of the line on screen; guarded by m_draw_mutex
};

}  // namespace review
