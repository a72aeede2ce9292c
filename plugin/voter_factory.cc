// Voter construction per reviewer. Built-in voters come in a fixed order per reviewer (the
// voter index decides weights and ties), so "by position" means that order.
#include "plugin/voter_factory.h"

#include "reviewers/builtin/builtin_voters.h"
#include "reviewers/builtin/rule_voters.h"
#include "reviewers/command_voter.h"
#include "reviewers/taxonomy.h"

namespace review {

namespace {

/// The rule set for a reviewer: the embedded rules, plus the reviewer's configured packs.
Expected<std::shared_ptr<const builtin::RuleSet>> rules_for(const ReviewerConfig& rc) {
  if (rc.rule_packs.empty()) return builtin::builtin_rules();
  std::vector<std::string> paths;
  for (const auto& p : rc.rule_packs) paths.push_back(p.string());
  auto rules = builtin::rules_with_packs(paths);
  if (!rules) return fail(ErrorKind::config, "reviewer '" + rc.name + "': " + rules.error().message);
  return *rules;
}

}  // namespace

VoterFactory::VoterFactory(const Options& options, const Config& config) : m_options(options), m_config(config) {}

Expected<std::vector<std::unique_ptr<Voter>>> VoterFactory::default_voters(const ReviewerConfig& rc,
                                                                           const ReviewerInfo& info) {
  auto rules = rules_for(rc);
  if (!rules) return std::unexpected(rules.error());
  auto voters = builtin::make_builtin_voters(rc.name, *rules);
  if (voters.empty()) {
    // A custom reviewer with rule packs: its query and lexical rules vote.
    voters.push_back(builtin::make_query_voter(*rules, info.name));
    voters.push_back(builtin::make_lexical_voter(*rules, info.name));
  }
  return voters;
}

Expected<std::unique_ptr<Voter>> VoterFactory::configured_voter(const ReviewerConfig& rc, const ReviewerInfo& info,
                                                                 const VoterConfig& vc, int position) {
  std::string id = vc.id.empty() ? rc.name + "." + to_string(vc.kind) + "-" + std::to_string(position + 1) : vc.id;
  switch (vc.kind) {
    case VoterKind::builtin: {
      auto all = default_voters(rc, info);
      if (!all) return std::unexpected(all.error());
      for (auto& v : *all)
        if (!vc.variant.empty() && (v->id() == vc.variant || v->id() == rc.name + "." + vc.variant)) return std::move(v);
      if (vc.variant.empty() && position < static_cast<int>(all->size())) return std::move((*all)[position]);
      return fail(ErrorKind::config, "reviewer '" + rc.name + "': no built-in voter '" + vc.variant + "'");
    }
    case VoterKind::command: {
      if (vc.command.empty()) return fail(ErrorKind::config, "reviewer '" + rc.name + "': command voter without a command");
      CommandVoterConfig cc;
      cc.id = id;
      cc.argv = {"/bin/sh", "-c", vc.command};
      cc.working_directory = m_options.repo_path;
      if (info.taxonomy.size() == 1) cc.default_category = info.taxonomy.front();
      return std::unique_ptr<Voter>(std::make_unique<CommandVoter>(std::move(cc)));
    }
    case VoterKind::llm:
      return fail(ErrorKind::config, "reviewer '" + rc.name + "': LLM voters need an LLM ([llm] provider or --llm)");
  }
  return fail(ErrorKind::config, "reviewer '" + rc.name + "': unknown voter kind");
}

Expected<Reviewer> VoterFactory::make_reviewer(const ReviewerConfig& rc) {
  Reviewer r;
  r.info = default_reviewer_info(rc.name);
  if (!rc.taxonomy.empty()) r.info.taxonomy = rc.taxonomy;
  // Policy: the configured one when the user chose a strategy (file, env or flag), else the
  // strategy measured best for the built-in voters (docs/rules.md).
  r.policy = rc.policy;
  if (!m_config.is_set("reviewers." + rc.name + ".strategy") && !m_options.strategy)
    r.policy.strategy = builtin::builtin_voting_policy(rc.name).strategy;
  if (rc.voters.empty()) {
    auto voters = default_voters(rc, r.info);
    if (!voters) return std::unexpected(voters.error());
    r.voters = std::move(*voters);
  } else {
    r.policy.weights.clear();
    for (size_t i = 0; i < rc.voters.size(); ++i) {
      auto v = configured_voter(rc, r.info, rc.voters[i], static_cast<int>(i));
      if (!v) return std::unexpected(v.error());
      r.voters.push_back(std::move(*v));
      r.policy.weights.push_back(rc.voters[i].weight);
    }
  }
  if (m_options.voters && *m_options.voters < static_cast<int>(r.voters.size())) {
    r.voters.resize(static_cast<size_t>(*m_options.voters));
    if (r.policy.weights.size() > r.voters.size()) r.policy.weights.resize(r.voters.size());
  }
  r.policy.quorum = std::min(r.policy.quorum, static_cast<int>(r.voters.size()));
  return r;
}

}  // namespace review
