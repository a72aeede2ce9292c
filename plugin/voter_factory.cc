// Voter construction per reviewer. Built-in voters come in a fixed order per reviewer (the
// voter index decides weights and ties), so "by position" means that order.
#include "plugin/voter_factory.h"

#include "reviewers/builtin/builtin_voters.h"
#include "reviewers/builtin/rule_voters.h"
#include "git/diff_source.h"
#include "reviewers/command_voter.h"
#include "reviewers/llm/llm_voter.h"
#include "reviewers/taxonomy.h"

namespace review {

namespace {


}  // namespace

Expected<LlmConfig> llm_config_from(const Options& options, const Config& config) {
  const LlmSettings& s = config.llm;
  LlmConfig c;
  auto provider = parse_llm_provider(s.provider);
  if (!provider) return fail(ErrorKind::config, "llm.provider: unknown provider '" + s.provider + "'");
  c.provider = *provider;
  c.base_url = s.base_url;
  // Defaults when no model is named: a small, inexpensive model of each provider.
  c.model = !s.model.empty() ? s.model : c.provider == LlmProvider::anthropic ? "claude-3-5-haiku-latest" : "gpt-4o-mini";
  c.fallback_model = s.fallback_model;
  c.api_key_env = s.api_key_env;
  c.max_in_flight = s.max_in_flight;
  c.requests_per_minute = s.rpm;
  c.tokens_per_minute = s.tpm;
  c.timeout_ms = s.timeout_ms;
  c.deadline_s = options.deadline_s;
  c.max_calls = options.max_calls;
  c.max_tokens = options.max_tokens;
  auto policy = parse_llm_failure_policy(s.policy);
  if (policy) c.policy = *policy;
  c.no_cache = !config.cache.enabled || options.no_cache;
  if (!config.cache.dir.empty()) {
    c.cache_dir = config.cache.dir.string();
  } else if (auto git_dir = repository_git_dir(options.repo_path)) {
    c.cache_dir = (*git_dir / "review-cache").string();  // under the repository's git directory
  } else {
    c.no_cache = true;  // --patch outside a repository: nowhere sensible to cache
  }
  return c;
}

Expected<std::shared_ptr<LlmClient>> VoterFactory::ensure_llm() {
  if (m_llm) return m_llm;
  auto config = llm_config_from(m_options, m_config);
  if (!config) return std::unexpected(config.error());
  auto client = LlmClient::create(std::move(*config));
  if (!client) return std::unexpected(client.error());
  m_llm = *client;
  return m_llm;
}

VoterFactory::VoterFactory(const Options& options, const Config& config) : m_options(options), m_config(config) {}

Expected<std::shared_ptr<const builtin::RuleSet>> VoterFactory::rules_for(const ReviewerConfig& rc) {
  if (rc.rule_packs.empty()) return builtin::builtin_rules();
  // Parsed once per reviewer: each configured built-in voter asks again.
  if (auto it = m_rules.find(rc.name); it != m_rules.end()) return it->second;
  std::vector<std::string> paths;
  for (const auto& p : rc.rule_packs) paths.push_back(p.string());
  auto rules = builtin::rules_with_packs(paths);
  if (!rules) return fail(ErrorKind::config, "reviewer '" + rc.name + "': " + rules.error().message);
  m_rules.emplace(rc.name, *rules);
  return *rules;
}

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
    case VoterKind::llm: {
      if (!m_config.llm.configured())
        return fail(ErrorKind::config, "reviewer '" + rc.name + "': LLM voters need an LLM ([llm] provider or --llm)");
      if (!vc.id.empty()) return fail(ErrorKind::config, "reviewer '" + rc.name + "': LLM voters take no id");
      auto client = ensure_llm();
      if (!client) return std::unexpected(client.error());
      LlmVoterSpec spec;
      spec.variant = position;
      if (!vc.variant.empty()) {
        try {
          spec.variant = std::stoi(vc.variant);
        } catch (const std::exception&) {
          return fail(ErrorKind::config, "reviewer '" + rc.name + "': LLM voter variant must be a number, got '" +
                                             vc.variant + "'");
        }
      }
      spec.temperature = vc.temperature;
      return make_llm_voter(spec, info.name, position + 1, *client);
    }
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
  if (rc.voters.empty() && m_config.llm.configured()) {
    // With an LLM configured, the default voters are LLM calls with three prompt variants.
    auto client = ensure_llm();
    if (!client) return std::unexpected(client.error());
    r.voters = make_llm_voters(client->get()->config(), r.info.name, m_options.voters.value_or(3), *client);
    if (!m_config.is_set("reviewers." + rc.name + ".strategy") && !m_options.strategy)
      r.policy.strategy = Strategy::majority;  // agreement of varied prompts filters LLM noise
  } else if (rc.voters.empty()) {
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
  // Adaptive voting: ask two voters first, the rest only when those two disagree.
  if (m_config.llm.adaptive && r.voters.size() >= 3) {
    if (!m_adaptive) m_adaptive = std::make_shared<AdaptiveStats>();
    r.voters = make_adaptive_voters(std::move(r.voters), r.policy.line_tolerance, m_adaptive);
  }
  r.policy.quorum = std::min(r.policy.quorum, static_cast<int>(r.voters.size()));
  return r;
}

}  // namespace review
