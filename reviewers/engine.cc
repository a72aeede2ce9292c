// The engine: plan slots, submit every voter from a TBB task, vote each slot when its last
// ballot arrives, then merge. See engine.h for the scheme.
//
// Example: 2 chunks × {security (3 voters), style (3 voters)} gives 4 slots and 12 cells
// (one per voter and slot), 12 submit tasks and 4 deferred vote tasks. A cell goes
// queued → running → done; exactly one delivery wins the move to done (the voter's own
// callback, the engine's abstention for an exception or missing answer, or the deadline
// watchdog), so a late or duplicate answer is ignored. The delivery that takes a slot's
// `remaining` to zero enqueues the slot's vote task into the run's arena; the task group
// waits for all of them, because deferred tasks count as pending from creation.
#include "reviewers/engine.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include "reviewers/fingerprint.h"
#include "reviewers/voting.h"

// ThreadSanitizer cannot see the synchronisation inside libtbb (not instrumented): a task
// object written by the spawning thread and read by the worker looks like a race. These
// annotations state the happens-before edges TBB provides (spawn → execute, execute → wait
// returns) on one token. No-ops in other builds.
#include "util/parallel.h"
#include "util/tsan_annotations.h"
#if defined(__SANITIZE_THREAD__)
// libtbb frees its own scheduler structures on worker threads at process exit, which the
// uninstrumented library cannot explain to TSan. `called_from_lib` ignores only the
// allocator/libc calls made directly from libtbb — never accesses made by our tasks.
extern "C" const char* __tsan_default_suppressions() { return "called_from_lib:libtbb.so\n"; }
#endif

namespace review {

namespace {

using Clock = std::chrono::steady_clock;

// The address the ThreadSanitizer annotations synchronise on. A global, so that a task
// can acquire it before it reads anything the spawning thread wrote (its own captures).
int g_tbb_handoff = 0;

enum CellState : unsigned char { k_queued, k_running, k_done };

// One voter's ballot in one slot. The Ballot itself lives in RunState::ballots (same
// index) so that a slot's ballots form one contiguous span for vote().
struct Cell {
  std::atomic<unsigned char> state{k_queued};
  bool started = false;  // submit was called (read only after the run)
  int slot = 0;
  int voter = 0;  // voter index in the reviewer
};

// One (chunk, reviewer) pair.
struct Slot {
  int chunk = 0;
  int reviewer = 0;
  size_t first_cell = 0;
  std::atomic<int> remaining{0};  // ballots still to come
  tbb::task_handle vote_task;     // deferred; enqueued by the last delivery
  VoteOutcome outcome;
  int dropped = 0;  // findings rejected by the engine's checks
};

Ballot abstention(std::string reason) {
  Ballot ballot;
  ballot.abstained = true;
  ballot.abstain_reason = std::move(reason);
  return ballot;
}

// Everything a run shares between threads. Owned by a shared_ptr that every voter callback
// holds, so that an answer arriving after the deadline (and after run_engine returned)
// finds a live cell to be rejected by; such late callbacks touch nothing but `cells`.
struct RunState {
  const Diff* diff = nullptr;
  std::span<const Chunk> chunks;
  std::span<Reviewer> reviewers;
  std::optional<Clock::time_point> deadline;
  ProgressSink* progress = nullptr;
  tbb::task_arena* arena = nullptr;

  std::vector<const FileDiff*> chunk_files;           // per chunk
  std::vector<std::vector<std::string>> voter_ids;    // per reviewer, per voter
  std::unique_ptr<Slot[]> slots;
  size_t slot_count = 0;
  std::unique_ptr<Cell[]> cells;
  std::vector<Ballot> ballots;  // per cell
  size_t cell_count = 0;
  std::unique_ptr<std::atomic<int>[]> chunk_remaining;  // reviewers still to vote per chunk

  std::atomic<int> chunks_done{0};
  std::atomic<int> voters_done{0};
  std::atomic<int> voters_running{0};
  std::atomic<int> cache_hits{0};

  void report_progress() noexcept {
    if (!progress) return;
    ProgressEvent event;
    event.chunks_done = chunks_done.load(std::memory_order_relaxed);
    event.chunks_total = static_cast<int>(chunks.size());
    event.voters_done = voters_done.load(std::memory_order_relaxed);
    event.voters_total = static_cast<int>(cell_count);
    event.voters_running = voters_running.load(std::memory_order_relaxed);
    event.cache_hits = cache_hits.load(std::memory_order_relaxed);
    progress->on_progress(event);
  }

  // Records `ballot` for `cell` unless the cell already has one. Any thread; never throws
  // (enqueue can only fail on allocation, which we cannot recover from anyway).
  bool deliver(size_t cell_index, Ballot&& ballot) noexcept {
    Cell& cell = cells[cell_index];
    unsigned char previous = cell.state.exchange(k_done, std::memory_order_acq_rel);
    if (previous == k_done) return false;
    ballots[cell_index] = std::move(ballot);
    if (previous == k_running) voters_running.fetch_sub(1, std::memory_order_relaxed);
    voters_done.fetch_add(1, std::memory_order_relaxed);
    if (ballots[cell_index].cache_hit) cache_hits.fetch_add(1, std::memory_order_relaxed);
    Slot& slot = slots[static_cast<size_t>(cell.slot)];
    if (slot.remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) arena->enqueue(std::move(slot.vote_task));
    report_progress();
    return true;
  }

  // What voter `voter_index` of the slot's reviewer is asked about the slot's chunk.
  VoteRequest request_for(const Slot& slot, int voter_index) const {
    VoteRequest request;
    request.chunk = &chunks[static_cast<size_t>(slot.chunk)];
    request.file = chunk_files[static_cast<size_t>(slot.chunk)];
    request.reviewer = &reviewers[static_cast<size_t>(slot.reviewer)].info;
    request.voter_index = voter_index;
    request.deadline = deadline;
    return request;
  }

  // A TBB task, before any submit of voter `voter` of reviewer `reviewer`: lets the voter
  // see all its requests at once (Voter::prepare). Best effort: a failure only costs time.
  void prepare_voter(size_t reviewer_index, size_t voter_index) noexcept {
    if (deadline && Clock::now() >= *deadline) return;
    Reviewer& reviewer = reviewers[reviewer_index];
    std::vector<VoteRequest> requests;
    for (size_t s = 0; s < slot_count; ++s)
      if (static_cast<size_t>(slots[s].reviewer) == reviewer_index)
        requests.push_back(request_for(slots[s], static_cast<int>(voter_index)));
    try {
      reviewer.voters[voter_index]->prepare(requests);
    } catch (...) {  // NOLINT(bugprone-empty-catch): submit does the work unprepared
    }
  }

  // A TBB task: runs voter `cell.voter` of the slot's reviewer on the slot's chunk.
  void run_voter(size_t cell_index, const std::shared_ptr<RunState>& self) noexcept {
    Cell& cell = cells[cell_index];
    const Slot& slot = slots[static_cast<size_t>(cell.slot)];
    Reviewer& reviewer = reviewers[static_cast<size_t>(slot.reviewer)];
    Voter& voter = *reviewer.voters[static_cast<size_t>(cell.voter)];
    if (deadline && Clock::now() >= *deadline) {
      deliver(cell_index, abstention("deadline"));
      return;
    }
    voters_running.fetch_add(1, std::memory_order_relaxed);
    unsigned char expected = k_queued;
    if (!cell.state.compare_exchange_strong(expected, k_running, std::memory_order_acq_rel)) {
      voters_running.fetch_sub(1, std::memory_order_relaxed);  // the watchdog was first
      return;
    }
    cell.started = true;
    report_progress();
    VoteRequest request = request_for(slot, cell.voter);
    try {
      voter.submit(request, [self, cell_index](Ballot ballot) { self->deliver(cell_index, std::move(ballot)); });
    } catch (const std::exception& e) {
      deliver(cell_index, abstention(fmt::format("voter failed: {}", e.what())));
    } catch (...) {
      deliver(cell_index, abstention("voter failed: unknown exception"));
    }
    // CPU-bound voters answer before returning; one that did not never will.
    if (voter.kind() != VoterKind::llm && cell.state.load(std::memory_order_acquire) != k_done)
      deliver(cell_index, abstention("voter returned without an answer"));
  }

  // Drops findings that do not belong to the slot: another path, outside the chunk's
  // lines, outside the reviewer's taxonomy. Stamps aspect and voter id.
  int check_findings(Ballot& ballot, const Chunk& chunk, const Reviewer& reviewer, const std::string& voter_id) {
    const std::vector<std::string>& taxonomy = reviewer.info.taxonomy;
    size_t before = ballot.findings.size();
    std::erase_if(ballot.findings, [&](Finding& f) {
      if (f.path.empty()) f.path = chunk.path;
      f.aspect = reviewer.info.name;
      f.voter = voter_id;
      if (f.end_line < f.start_line) f.end_line = f.start_line;
      bool in_taxonomy = taxonomy.empty() || std::find(taxonomy.begin(), taxonomy.end(), f.category) != taxonomy.end();
      return f.path != chunk.path || f.start_line < chunk.start_line || f.start_line > chunk.end_line || !in_taxonomy;
    });
    return static_cast<int>(before - ballot.findings.size());
  }

  // The deferred task of a slot: runs on a TBB worker once all its ballots are in.
  void vote_slot(size_t slot_index) noexcept {
    Slot& slot = slots[slot_index];
    (void)slot.remaining.load(std::memory_order_acquire);  // every delivery happens-before the vote
    const Chunk& chunk = chunks[static_cast<size_t>(slot.chunk)];
    const Reviewer& reviewer = reviewers[static_cast<size_t>(slot.reviewer)];
    const std::vector<std::string>& ids = voter_ids[static_cast<size_t>(slot.reviewer)];
    std::span<Ballot> slot_ballots(ballots.data() + slot.first_cell, reviewer.voters.size());
    try {
      for (size_t v = 0; v < slot_ballots.size(); ++v)
        if (!slot_ballots[v].abstained) slot.dropped += check_findings(slot_ballots[v], chunk, reviewer, ids[v]);
      slot.outcome = vote(slot_ballots, ids, reviewer.policy);
    } catch (const std::exception& e) {
      slot.outcome = VoteOutcome{};
      slot.outcome.degraded = true;
      slot.outcome.degraded_reason = fmt::format("voting failed: {}", e.what());
    }
    if (chunk_remaining[static_cast<size_t>(slot.chunk)].fetch_sub(1, std::memory_order_acq_rel) == 1)
      chunks_done.fetch_add(1, std::memory_order_relaxed);
    report_progress();
  }
};

// Abstains every cell still pending at the deadline, on its own thread, unless the run
// finishes first.
class DeadlineWatchdog {
 public:
  DeadlineWatchdog(std::shared_ptr<RunState> state, Clock::time_point deadline)
      : m_thread([this, state = std::move(state), deadline] {
          {
            std::unique_lock lock(m_mutex);
            if (m_cv.wait_until(lock, deadline, [this] { return m_finished; })) return;
          }
          for (size_t i = 0; i < state->cell_count; ++i) state->deliver(i, abstention("deadline"));
        }) {}
  ~DeadlineWatchdog() {
    {
      std::lock_guard lock(m_mutex);
      m_finished = true;
    }
    m_cv.notify_all();
    m_thread.join();
  }
  DeadlineWatchdog(const DeadlineWatchdog&) = delete;
  DeadlineWatchdog& operator=(const DeadlineWatchdog&) = delete;

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_finished = false;
  std::thread m_thread;  // last: starts after the members it uses exist
};

// Sort key of the merged list (report/report.h sort_report uses the same order).
bool finding_less(const VotedFinding& a, const VotedFinding& b) {
  const Finding& x = a.finding;
  const Finding& y = b.finding;
  return std::tie(x.path, x.start_line, x.aspect, x.rule_id, x.end_line, a.fingerprint) <
         std::tie(y.path, y.start_line, y.aspect, y.rule_id, y.end_line, b.fingerprint);
}

// Sorts `findings` (in slot order) into report order and fingerprints them. Sorts indexes
// rather than the (large) findings, fingerprints in line order, then settles the rare ties
// of the first five keys by fingerprint.
void sort_findings(std::vector<VotedFinding>& findings, std::span<const FileDiff> files) {
  std::vector<size_t> order(findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return finding_less(findings[a], findings[b]); });  // fingerprints empty
  std::vector<VotedFinding> sorted;
  sorted.reserve(findings.size());
  for (size_t i : order) sorted.push_back(std::move(findings[i]));
  assign_fingerprints(sorted, files);
  auto same_place = [](const VotedFinding& a, const VotedFinding& b) {
    const Finding& x = a.finding;
    const Finding& y = b.finding;
    return std::tie(x.path, x.start_line, x.aspect, x.rule_id, x.end_line) ==
           std::tie(y.path, y.start_line, y.aspect, y.rule_id, y.end_line);
  };
  for (size_t begin = 0; begin < sorted.size();) {
    size_t end = begin + 1;
    while (end < sorted.size() && same_place(sorted[begin], sorted[end])) ++end;
    if (end - begin > 1) std::stable_sort(sorted.begin() + static_cast<long>(begin), sorted.begin() + static_cast<long>(end), finding_less);
    begin = end;
  }
  findings = std::move(sorted);
}

}  // namespace

EngineResult run_engine(const Diff& diff, std::span<const Chunk> chunks, std::span<Reviewer> reviewers,
                        const EngineOptions& options, ProgressSink* progress) {
  auto state = std::make_shared<RunState>();
  state->diff = &diff;
  state->chunks = chunks;
  state->reviewers = reviewers;
  state->deadline = options.deadline;
  state->progress = progress;

  // Plan: files per chunk, voter ids, slots and cells.
  std::unordered_map<std::string_view, const FileDiff*> files;
  for (const FileDiff& file : diff.files) files.emplace(file.path, &file);
  for (const Chunk& chunk : chunks) {
    auto it = files.find(chunk.path);
    state->chunk_files.push_back(it == files.end() ? nullptr : it->second);
  }
  size_t voters_per_chunk = 0;
  int active_reviewers = 0;
  for (const Reviewer& reviewer : reviewers) {
    std::vector<std::string>& ids = state->voter_ids.emplace_back();
    for (const auto& voter : reviewer.voters) ids.emplace_back(voter->id());
    voters_per_chunk += reviewer.voters.size();
    if (!reviewer.voters.empty()) ++active_reviewers;
  }
  state->slot_count = chunks.size() * static_cast<size_t>(active_reviewers);
  state->cell_count = chunks.size() * voters_per_chunk;
  state->slots = std::make_unique<Slot[]>(state->slot_count);
  state->cells = std::make_unique<Cell[]>(state->cell_count);
  state->ballots.resize(state->cell_count);
  state->chunk_remaining = std::make_unique<std::atomic<int>[]>(chunks.size());
  size_t slot_index = 0, cell_index = 0;
  for (size_t c = 0; c < chunks.size(); ++c) {
    state->chunk_remaining[c].store(active_reviewers, std::memory_order_relaxed);
    if (active_reviewers == 0) state->chunks_done.fetch_add(1, std::memory_order_relaxed);
    for (size_t r = 0; r < reviewers.size(); ++r) {
      size_t voter_count = reviewers[r].voters.size();
      if (voter_count == 0) continue;
      Slot& slot = state->slots[slot_index];
      slot.chunk = static_cast<int>(c);
      slot.reviewer = static_cast<int>(r);
      slot.first_cell = cell_index;
      slot.remaining.store(static_cast<int>(voter_count), std::memory_order_relaxed);
      for (size_t v = 0; v < voter_count; ++v, ++cell_index) {
        state->cells[cell_index].slot = static_cast<int>(slot_index);
        state->cells[cell_index].voter = static_cast<int>(v);
      }
      ++slot_index;
    }
  }
  state->report_progress();

  // Run: submit tasks for every cell; vote tasks are deferred until their slot is full.
  tbb::task_arena arena;
  state->arena = &arena;
  arena.execute([&] {
    tbb::task_group group;
    RunState* run = state.get();
    auto task = [](auto body) {
      return [body] {
        REVIEW_TSAN_ACQUIRE(&g_tbb_handoff);
        body();
        REVIEW_TSAN_RELEASE(&g_tbb_handoff);
      };
    };
    for (size_t s = 0; s < run->slot_count; ++s)
      run->slots[s].vote_task = group.defer(task([run, s] { run->vote_slot(s); }));
    std::vector<tbb::task_handle> submits;
    submits.reserve(run->cell_count);
    for (size_t i = 0; i < run->cell_count; ++i)
      submits.push_back(group.defer(task([run, &state, i] { run->run_voter(i, state); })));
    REVIEW_TSAN_RELEASE(&g_tbb_handoff);
    // Only now may deliveries happen: a slot completed by the watchdog needs its vote task.
    std::optional<DeadlineWatchdog> watchdog;
    if (options.deadline) watchdog.emplace(state, *options.deadline);
    // Every voter's prepare first, side by side, then all submits in plan order. The costly
    // prepares (the query voters compile tree-sitter patterns, ~15 ms) are the run's long
    // pole and get both workers: the caller runs the newest prepare tasks first, a worker
    // steals the oldest, and those without work return at once. The submits then go chunk
    // by chunk, all voters of a chunk together, so the chunk's parse is still in the parse
    // cache (64 entries) for each of them: voter by voter, a large diff would parse every
    // chunk once per voter (measured: 5.0 s → 11.4 s on the CPython diff).
    std::vector<std::pair<size_t, size_t>> voters;  // (reviewer, voter)
    for (size_t r = 0; r < reviewers.size(); ++r)
      for (size_t v = 0; v < reviewers[r].voters.size(); ++v) voters.emplace_back(r, v);
    run_parallel(voters.size(), [&](size_t i) { run->prepare_voter(voters[i].first, voters[i].second); });
    REVIEW_TSAN_RELEASE(&g_tbb_handoff);  // what the prepares wrote, to the submits
    for (tbb::task_handle& submit : submits) group.run(std::move(submit));
    group.wait();
    REVIEW_TSAN_ACQUIRE(&g_tbb_handoff);
  });  // the watchdog has stopped; every slot has voted

  // Merge: slot order is (chunk, reviewer), so everything below is independent of timing.
  EngineResult result;
  EngineCounters& counters = result.counters;
  for (size_t i = 0; i < state->cell_count; ++i) {
    const Ballot& ballot = state->ballots[i];
    if (state->cells[i].started) ++counters.voter_calls;
    counters.backend_calls += ballot.calls;
    if (ballot.cache_hit) ++counters.cache_hits;
    if (ballot.abstained) ++counters.abstentions;
    counters.tokens_in += ballot.tokens.in;
    counters.tokens_out += ballot.tokens.out;
    counters.dropped += ballot.dropped;
  }
  for (size_t s = 0; s < state->slot_count; ++s) {
    Slot& slot = state->slots[s];
    counters.dropped += slot.dropped;
    counters.rejected_clusters += slot.outcome.rejected;
    for (VotedFinding& voted : slot.outcome.findings) result.findings.push_back(std::move(voted));
    if (slot.outcome.degraded) {
      const Chunk& chunk = chunks[static_cast<size_t>(slot.chunk)];
      result.degraded.push_back(DegradedEntry{chunk.path, chunk.start_line, chunk.end_line,
                                              reviewers[static_cast<size_t>(slot.reviewer)].info.name,
                                              std::move(slot.outcome.degraded_reason)});
    }
  }
  sort_findings(result.findings, diff.files);
  std::stable_sort(result.degraded.begin(), result.degraded.end(), [](const DegradedEntry& a, const DegradedEntry& b) {
    return std::tie(a.path, a.start_line, a.aspect) < std::tie(b.path, b.start_line, b.aspect);
  });
  state->report_progress();
  return result;
}

}  // namespace review
