// Builds each reviewer's voters from configuration: built-in detectors (reviewers/builtin),
// LLM voters (reviewers/llm) and external commands (reviewers/command_voter.h). One factory
// per run; it owns what the voters of the run share (the rule set with user packs, the LLM
// client with its I/O thread), so it must outlive the engine run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "plugin/config.h"
#include "plugin/options.h"
#include "reviewers/reviewer.h"
#include "util/error.h"

namespace review {

class VoterFactory {
 public:
  /// Borrows `options` and `config` for its lifetime.
  VoterFactory(const Options& options, const Config& config);

  /// The reviewer described by `rc`: info (default taxonomy or the configured one), policy
  /// (configured, --strategy, else the measured built-in default), voters (configured, else
  /// three built-in voters), limited to --voters N. Errors: kind config, naming the reviewer.
  Expected<Reviewer> make_reviewer(const ReviewerConfig& rc);

 private:
  Expected<std::vector<std::unique_ptr<Voter>>> default_voters(const ReviewerConfig& rc, const ReviewerInfo& info);
  Expected<std::unique_ptr<Voter>> configured_voter(const ReviewerConfig& rc, const ReviewerInfo& info,
                                                    const VoterConfig& vc, int position);

  const Options& m_options;
  const Config& m_config;
};

}  // namespace review
