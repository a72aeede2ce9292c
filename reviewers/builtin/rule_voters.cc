// QueryVoter and LexicalVoter: thin adapters from rule engines to the Voter interface.
#include "reviewers/builtin/rule_voters.h"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "reviewers/builtin/lexical.h"
#include "reviewers/builtin/parsed_source.h"
#include "reviewers/builtin/query_engine.h"

namespace review::builtin {

Finding finding_for(const Rule& rule, const Chunk& chunk, int start_line, int end_line, std::string_view voter_id) {
  Finding f;
  f.aspect = rule.reviewer;
  f.rule_id = rule.id;
  f.category = rule.category;
  f.severity = rule.severity;
  f.path = chunk.path;
  f.start_line = start_line;
  f.end_line = std::max(start_line, end_line);
  f.message = rule.message;
  if (!rule.suggestion.empty()) f.suggestion = rule.suggestion;
  f.voter = std::string(voter_id);
  return f;
}

namespace {

class QueryVoter final : public Voter {
 public:
  QueryVoter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer, std::string_view name)
      : m_rules(std::move(rules)),
        m_id(fmt::format("{}.{}", reviewer, name)),
        m_queries(m_rules->select(reviewer, name)) {}

  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::builtin; }

  /// Compiles the patterns the requests need in one batch (see parse_for_prepare).
  void prepare(std::span<const VoteRequest> requests) override {
    std::vector<std::shared_ptr<const ParsedSource>> parsed = parse_for_prepare(requests);
    std::vector<TsTreePtr> trees;
    std::vector<QuerySet::Work> work;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      const Chunk& chunk = *requests[i].chunk;
      if (!parsed[i] || !m_queries.covers(chunk.language)) continue;
      trees.push_back(parsed[i]->copy_tree());
      work.push_back({&m_queries, {chunk.language, ts_tree_root_node(trees.back().get()), parsed[i]->text(),
                                   parsed[i]->line_offset(), chunk.start_line, chunk.end_line}});
    }
    QuerySet::prepare(work);
  }

  void submit(const VoteRequest& request, BallotCallback done) override {
    Ballot ballot;
    const Chunk& chunk = *request.chunk;
    if (m_queries.covers(chunk.language)) {
      if (auto parsed = parse_for(request)) {
        TsTreePtr tree = parsed->copy_tree();
        std::set<std::pair<std::string_view, int>> seen;
        m_queries.for_each_match(chunk.language, ts_tree_root_node(tree.get()), parsed->text(), parsed->line_offset(),
                                 chunk.start_line, chunk.end_line, [&](const QueryMatch& m) {
                                   if (m.rule->kind != RuleKind::check) return;
                                   if (!seen.emplace(m.rule->id, m.start_line).second) return;
                                   ballot.findings.push_back(
                                       finding_for(*m.rule, chunk, m.start_line, std::min(m.end_line, chunk.end_line), m_id));
                                 });
      }
    }
    done(std::move(ballot));
  }

 private:
  std::shared_ptr<const RuleSet> m_rules;
  std::string m_id;
  QuerySet m_queries;
};

class LexicalVoter final : public Voter {
 public:
  LexicalVoter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer, std::string_view name)
      : m_rules(std::move(rules)),
        m_id(fmt::format("{}.{}", reviewer, name)),
        m_lexical(m_rules->select(reviewer, name)) {}

  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::builtin; }

  void submit(const VoteRequest& request, BallotCallback done) override {
    Ballot ballot;
    const Chunk& chunk = *request.chunk;
    m_lexical.for_each_match(chunk.language, chunk.code, chunk.start_line, chunk.start_line, chunk.end_line,
                             [&](const LexicalMatch& m) {
                               ballot.findings.push_back(finding_for(*m.rule, chunk, m.line, m.line, m_id));
                             });
    done(std::move(ballot));
  }

 private:
  std::shared_ptr<const RuleSet> m_rules;
  std::string m_id;
  LexicalSet m_lexical;
};

}  // namespace

std::unique_ptr<Voter> make_query_voter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer,
                                        std::string_view voter_name) {
  return std::make_unique<QueryVoter>(std::move(rules), reviewer, voter_name);
}

std::unique_ptr<Voter> make_lexical_voter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer,
                                          std::string_view voter_name) {
  return std::make_unique<LexicalVoter>(std::move(rules), reviewer, voter_name);
}

}  // namespace review::builtin
