// The voter interface. A voter is one independent judge of a chunk for one reviewer:
// built-in detectors (rules, queries, metrics), an LLM call, or an external command.
// The interface is asynchronous — submit, then completion — so that network-bound voters
// keep many requests in flight without occupying TBB workers (see reviewers/engine.h).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "git/chunk.h"
#include "git/diff_model.h"
#include "reviewers/finding.h"

namespace review {

/// One reviewer's identity as voters need it: its name (the Finding::aspect) and its
/// category taxonomy (findings outside it are dropped).
struct ReviewerInfo {
  std::string name;                    ///< "security", "performance", "style", or custom
  std::vector<std::string> taxonomy;   ///< allowed Finding::category values
};

/// What a voter is asked to review. All pointers are borrowed from the engine's run
/// context and stay valid until the completion callback has returned — except after the
/// run's deadline: the engine then stops waiting, so a voter that may answer after
/// `deadline` must copy what it needs during submit.
struct VoteRequest {
  const Chunk* chunk = nullptr;
  const FileDiff* file = nullptr;       ///< the file the chunk comes from (post-image, hunks)
  const ReviewerInfo* reviewer = nullptr;
  int voter_index = 0;                  ///< 0-based position of this voter in its reviewer
  /// The run's deadline (steady clock), if any: answers after it are ignored (the engine
  /// records an abstention "deadline"), so voters should give up by then.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// Tokens sent and received by LLM voters (0 for others).
struct TokenUsage {
  long in = 0;
  long out = 0;
};

/// A voter's answer on one request: findings, or an abstention with a reason.
struct Ballot {
  bool abstained = false;
  std::string abstain_reason;    ///< e.g. "timeout", "HTTP 500", "unparseable answer"
  std::vector<Finding> findings; ///< in the reviewer's taxonomy, on the chunk's lines
  int dropped = 0;               ///< findings rejected by validation (outside chunk/taxonomy)
  int calls = 0;                 ///< backend calls made (LLM requests, command runs)
  bool cache_hit = false;        ///< answered from the cache
  TokenUsage tokens;
};

/// Completion callback: called exactly once per submit, from any thread. Must not throw.
using BallotCallback = std::function<void(Ballot)>;

/// How a voter does its work; the engine schedules CPU voters on TBB workers and lets
/// I/O voters complete from their own thread.
enum class VoterKind { builtin, llm, command };
const char* to_string(VoterKind kind);

class Voter {
 public:
  virtual ~Voter() = default;
  /// Stable id used in reports and for tie-breaking, e.g. "security.query", "style.llm-2".
  virtual std::string_view id() const = 0;
  virtual VoterKind kind() const = 0;
  /// Reviews request.chunk. CPU-bound voters (builtin, command) do the work on the calling
  /// TBB worker and call `done` before returning; I/O-bound voters (llm) queue the work,
  /// return at once and call `done` later from their I/O thread. Thread-safe: called
  /// concurrently for different requests. Must not throw (exceptions are the engine's to
  /// catch only as a last resort and turn into an abstention).
  virtual void submit(const VoteRequest& request, BallotCallback done) = 0;

  /// Called by the engine once per run, before this voter's first submit, with every
  /// request it is about to submit (plan order; pointers as in submit). A voter may do here
  /// the one-time work its requests share, in one batch — the built-in query voters compile
  /// the tree-sitter patterns the whole run needs, which costs far less than compiling them
  /// chunk by chunk. Purely an optimisation: submit must give the same ballot whether or not
  /// prepare ran. Runs on a TBB worker, concurrently with other voters' prepare; the run's
  /// submits start when every prepare has returned. Must not throw. Default: nothing.
  virtual void prepare(std::span<const VoteRequest> requests) { (void)requests; }
};

}  // namespace review
