// Progress events of a review run, for the progress display (plugin/). The engine reports;
// how (and whether) to draw it is the sink's business.
#pragma once

namespace review {

/// A snapshot of the run's progress. Counts, not percentages. Taken from atomic counters
/// without a lock, so fields may be a moment apart from each other; every field is
/// monotone except `voters_running`.
struct ProgressEvent {
  int chunks_done = 0;     ///< chunks whose every reviewer has voted
  int chunks_total = 0;
  int voters_done = 0;     ///< voter submissions answered or abstained
  int voters_total = 0;    ///< chunks × voters of every reviewer
  int voters_running = 0;  ///< submitted and not yet answered (LLM requests in flight, …)
  int cache_hits = 0;      ///< answers served from the cache so far
};

/// Receives progress events. Called from any thread, possibly concurrently (TBB workers,
/// an LLM I/O thread): implementations must be thread-safe, cheap (microseconds; throttle
/// drawing yourself) and must not throw. Events can arrive slightly out of order; keep the
/// maximum of the monotone fields. The last event of a run, sent by the thread that called
/// run_engine after everything finished, has chunks_done == chunks_total.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void on_progress(const ProgressEvent& event) noexcept = 0;
};

}  // namespace review
