// The review engine: runs every voter of every reviewer on every chunk in parallel with
// oneTBB and votes per (chunk, reviewer) — sectioning plus voting (DESIGN.md).
//
// Plan: the run has one slot per (chunk, reviewer), pre-sized to hold one ballot per voter.
// First every voter's Voter::prepare runs, in parallel, with all its requests (one-time
// work in one batch); then one TBB task per (chunk, reviewer, voter) calls Voter::submit. CPU-bound voters answer
// on that worker; network-bound voters return at once and answer later from their own I/O
// thread. Whoever delivers a slot's last ballot hands the slot's vote to the TBB arena
// (a deferred task), so voting never runs on an I/O thread and the run waits for every slot
// without occupying a worker per pending request. After all slots have voted, the results
// are concatenated in slot order, fingerprinted and sorted: the output depends only on the
// ballots, never on timing or the number of threads (--jobs).
//
// Failure: a voter that throws, answers nothing, or is still pending at the deadline
// abstains; it never cancels the others. A (chunk, reviewer) with fewer answers than its
// quorum is reported as degraded (reviewers/voting.h).
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <vector>

#include "git/chunk.h"
#include "git/diff_model.h"
#include "reviewers/finding.h"
#include "reviewers/progress.h"
#include "reviewers/reviewer.h"

namespace review {

struct EngineOptions {
  /// When set: voters not answered by then abstain with reason "deadline", and the run
  /// returns without waiting for them (CPU voters already running are waited for). Voters
  /// are told through VoteRequest::deadline. Steady clock.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// What the run cost. Summed over all ballots after the run (deterministic for
/// deterministic voters).
struct EngineCounters {
  int voter_calls = 0;    ///< submissions that ran (not counting abstentions at the deadline before start)
  int backend_calls = 0;  ///< Σ Ballot::calls: LLM requests (with retries), command runs, …
  int cache_hits = 0;     ///< ballots answered from the cache
  int abstentions = 0;    ///< ballots that abstained, for any reason
  long tokens_in = 0;
  long tokens_out = 0;
  int dropped = 0;        ///< findings rejected by voters' or the engine's validation
  int rejected_clusters = 0;  ///< clusters dropped by majority/weighted voting
};

struct EngineResult {
  /// Voted findings of every reviewer, fingerprinted, sorted by (path, start_line, aspect,
  /// rule_id, end_line, fingerprint). Two reviewers flagging the same lines stay two findings.
  std::vector<VotedFinding> findings;
  /// (chunk, reviewer) pairs below quorum, in (path, start_line, aspect) order.
  std::vector<DegradedEntry> degraded;
  EngineCounters counters;
};

/// Reviews `chunks` (from chunk_diff over `diff`) with every reviewer. Runs on the calling
/// thread plus TBB workers (parallelism as set by tbb::global_control from --jobs); blocks
/// until every (chunk, reviewer) has voted or the deadline has passed.
///
/// Borrowing: `diff`, `chunks` and `reviewers` must outlive the call; voters that may
/// answer after the deadline must outlive their last callback (the callback itself keeps
/// the engine's state alive). Reviewers are not modified; they are non-const because
/// Voter::submit is. Findings a voter reports are checked first: the aspect and voter id
/// are set from the reviewer and voter; findings on another path, outside the chunk's
/// lines or outside a non-empty taxonomy are dropped and counted. `progress` may be null.
/// Never throws for voter failures; reviewers should have passed validate_reviewer.
EngineResult run_engine(const Diff& diff, std::span<const Chunk> chunks, std::span<Reviewer> reviewers,
                        const EngineOptions& options, ProgressSink* progress);

}  // namespace review
