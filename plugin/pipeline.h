// The review pipeline: the stages of one run, in order (DESIGN.md "Data flow").
//
//   read_diff        libgit2, one thread           -> Diff (files, hunks, post-images)
//   paths + shard    config include/exclude, --shard -> the files this run reviews
//   chunk_diff       tree-sitter, TBB over files   -> Chunk[]
//   build_reviewers  config + flags                -> Reviewer[] with their voters
//   run_engine       TBB chunks x reviewers x voters, vote -> VotedFinding[], degraded
//   post-vote        disabled rules, severity overrides, --filter lines, review-ignore
//   Report           sorted, with skipped files, notes and stats
//
// Visibility (--min-confidence), the baseline, rendering and the exit code are the
// caller's (plugin/cmd_review.cc), so `review baseline` and `review` share everything above.
#pragma once

#include <vector>

#include "git/diff_model.h"
#include "plugin/config.h"
#include "plugin/options.h"
#include "plugin/voter_factory.h"
#include "report/policy.h"
#include "report/report.h"
#include "reviewers/progress.h"
#include "reviewers/reviewer.h"
#include "util/error.h"

namespace review {

/// Everything one run produced. `diff` owns the post-images that report writers borrow
/// (report/writer.h add_post_images), so keep the ReviewRun alive while rendering.
struct ReviewRun {
  Diff diff;
  Report report;
  RunOutcome outcome = RunOutcome::completed;
  /// Why the outcome is not `completed`, one line for stderr; "" otherwise.
  std::string outcome_reason;
};

/// The reviewers of a run: the enabled ones of `config` (restricted by --aspects), each with
/// its voters (configured, or the defaults: three built-in voters, or three LLM voters when
/// an LLM is configured) and its voting policy (configured, --strategy, or the strategy
/// measured best for the built-in voters). Errors: kind config (unknown aspect, bad voter).
/// `factory` owns what the voters share (rule sets, the LLM client) and must outlive the run.
Expected<std::vector<Reviewer>> build_reviewers(const Options& options, const Config& config, VoterFactory& factory);

/// Runs the pipeline up to the report (see the file comment). `progress` may be null.
/// Errors: the diff's input errors, configuration errors; voter failures are never errors
/// (they abstain and show up as degraded entries).
Expected<ReviewRun> run_review_pipeline(const Options& options, const Config& config, ProgressSink* progress);

}  // namespace review
