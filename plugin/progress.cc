// Progress display: lock-free recording of counts, throttled drawing by whichever thread
// finds the interval elapsed and the drawing lock free.
#include "plugin/progress.h"

#include <fmt/format.h>
#include <unistd.h>

namespace review {

namespace {

void store_max(std::atomic<int>& slot, int value) {
  int seen = slot.load(std::memory_order_relaxed);
  while (value > seen && !slot.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

bool progress_wanted(std::optional<bool> flag, bool stderr_is_tty) { return flag ? *flag : stderr_is_tty; }

bool progress_wanted(std::optional<bool> flag) { return progress_wanted(flag, isatty(STDERR_FILENO) == 1); }

std::string progress_line(const ProgressEvent& event, std::chrono::milliseconds elapsed) {
  return fmt::format("review: chunks {}/{} · in flight {} · cache hits {} · {:.1f}s", event.chunks_done,
                     event.chunks_total, event.voters_running, event.cache_hits, elapsed.count() / 1000.0);
}

ProgressDisplay::ProgressDisplay(std::FILE* out, Clock clock)
    : m_out(out), m_clock(std::move(clock)), m_start(m_clock()) {}

ProgressDisplay::~ProgressDisplay() { finish(); }

void ProgressDisplay::on_progress(const ProgressEvent& event) noexcept {
  if (m_finished.load(std::memory_order_relaxed)) return;
  store_max(m_chunks_done, event.chunks_done);
  store_max(m_chunks_total, event.chunks_total);
  store_max(m_cache_hits, event.cache_hits);
  m_voters_running.store(event.voters_running, std::memory_order_relaxed);  // not monotone: latest wins
  auto now = m_clock();
  long long since_start = std::chrono::duration_cast<std::chrono::nanoseconds>(now - m_start).count();
  long long last = m_last_draw_ns.load(std::memory_order_relaxed);
  if (last >= 0 && since_start - last < std::chrono::nanoseconds(k_redraw_interval).count()) return;
  if (!m_draw_mutex.try_lock()) return;
  std::lock_guard lock(m_draw_mutex, std::adopt_lock);
  // Re-check under the lock: another thread may have drawn meanwhile.
  last = m_last_draw_ns.load(std::memory_order_relaxed);
  if (m_finished.load() || (last >= 0 && since_start - last < std::chrono::nanoseconds(k_redraw_interval).count()))
    return;
  m_last_draw_ns.store(since_start, std::memory_order_relaxed);
  try {
    draw(now);
  } catch (...) {  // formatting cannot fail in practice; a progress line must never stop a run
  }
}

void ProgressDisplay::draw(std::chrono::steady_clock::time_point now) {
  ProgressEvent e;
  e.chunks_done = m_chunks_done.load();
  e.chunks_total = m_chunks_total.load();
  e.voters_running = m_voters_running.load();
  e.cache_hits = m_cache_hits.load();
  std::string line = progress_line(e, std::chrono::duration_cast<std::chrono::milliseconds>(now - m_start));
  std::size_t width = line.size();
  if (width < m_drawn_width) line.append(m_drawn_width - width, ' ');  // cover a longer previous line
  m_drawn_width = width;
  std::fputc('\r', m_out);
  std::fwrite(line.data(), 1, line.size(), m_out);
  std::fflush(m_out);
}

void ProgressDisplay::finish() noexcept {
  std::lock_guard lock(m_draw_mutex);
  if (m_finished.exchange(true)) return;
  if (m_drawn_width == 0) return;
  std::fputc('\r', m_out);
  for (std::size_t i = 0; i < m_drawn_width; ++i) std::fputc(' ', m_out);
  std::fputc('\r', m_out);
  std::fflush(m_out);
}

}  // namespace review
