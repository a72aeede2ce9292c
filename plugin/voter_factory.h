// Builds each reviewer's voters from configuration: built-in detectors (reviewers/builtin),
// LLM voters (reviewers/llm) and external commands (reviewers/command_voter.h). One factory
// per run; it owns what the voters of the run share (the rule set with user packs, the LLM
// client with its I/O thread), so it must outlive the engine run.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "plugin/config.h"
#include "plugin/options.h"
#include "reviewers/builtin/rule_pack.h"
#include "reviewers/llm/adaptive_voters.h"
#include "reviewers/llm/llm_client.h"
#include "reviewers/reviewer.h"
#include "util/error.h"

namespace review {

/// The LLM client's configuration for a run: the [llm] settings (provider, endpoint, model
/// or the provider's default model, limits, policy), the run's flags (deadline, budgets,
/// --no-cache) and the cache folder (cache.dir, else <git dir>/review-cache). Errors: kind
/// config (unknown provider).
Expected<LlmConfig> llm_config_from(const Options& options, const Config& config);

class VoterFactory {
 public:
  /// Borrows `options` and `config` for its lifetime.
  VoterFactory(const Options& options, const Config& config);

  /// The reviewer described by `rc`: info (default taxonomy or the configured one), policy
  /// (configured, --strategy, else the measured built-in default), voters (configured, else
  /// three built-in voters), limited to --voters N. Errors: kind config, naming the reviewer.
  Expected<Reviewer> make_reviewer(const ReviewerConfig& rc);

  /// The run's LLM client, or nullptr when no LLM voter was made. Its stats() tell the
  /// pipeline about failed calls (fail-closed) and tokens.
  const std::shared_ptr<LlmClient>& llm_client() const { return m_llm; }
  /// Calls saved by adaptive voting so far (0 without it).
  long calls_saved() const { return m_adaptive ? m_adaptive->calls_saved.load() : 0; }

 private:
  /// The LLM client, created on first use from the [llm] settings and flags.
  Expected<std::shared_ptr<LlmClient>> ensure_llm();
  /// The rule set of a reviewer: the embedded rules, plus its configured packs (parsed once).
  Expected<std::shared_ptr<const builtin::RuleSet>> rules_for(const ReviewerConfig& rc);
  Expected<std::vector<std::unique_ptr<Voter>>> default_voters(const ReviewerConfig& rc, const ReviewerInfo& info);
  Expected<std::unique_ptr<Voter>> configured_voter(const ReviewerConfig& rc, const ReviewerInfo& info,
                                                    const VoterConfig& vc, int position);

  const Options& m_options;
  const Config& m_config;
  std::shared_ptr<LlmClient> m_llm;
  std::shared_ptr<AdaptiveStats> m_adaptive;
  std::map<std::string, std::shared_ptr<const builtin::RuleSet>> m_rules;  ///< reviewer -> rules with its packs
};

}  // namespace review
