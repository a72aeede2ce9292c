// Compiled rule parameters, the finding sink and the voter base (see perfstyle_rules.h),
// and the performance/style factories of perfstyle_voters.h.
#include "reviewers/builtin/perfstyle_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <exception>

#include "reviewers/builtin/perfstyle_voters.h"
#include "reviewers/builtin/rule_voters.h"

namespace review::perfstyle {

namespace {

// Parameters that hold RE2 patterns.
constexpr std::string_view k_regex_params[] = {
    "callee", "name",      "receiver",      "first_arg", "pattern", "exempt", "skip_paths", "skip_file",
    "args",   "skip_args", "skip_function", "text",      "marker",  "reference", "allow",  "broad", "file_names", "ignored"};

bool is_regex_param(std::string_view key) {
  if (key.ends_with("_text")) return true;  // node-pattern field constraints (idiom voter)
  return std::find(std::begin(k_regex_params), std::end(k_regex_params), key) != std::end(k_regex_params);
}

}  // namespace

CompiledRule::CompiledRule(const builtin::Rule& rule) : m_rule(&rule) {
  RE2::Options options;
  options.set_log_errors(false);
  for (const auto& [key, value] : rule.params) {
    if (!is_regex_param(key) || value.find("${") != std::string::npos) continue;  // placeholders: at match time
    auto re = std::make_unique<RE2>(value, options);
    if (!re->ok()) {
      m_error = fmt::format("{}: params.{}: {}", rule.id, key, re->error());
      return;
    }
    m_regexes.emplace(key, std::move(re));
  }
}

std::string_view CompiledRule::param(std::string_view key, std::string_view fallback) const {
  auto it = m_rule->params.find(key);
  return it == m_rule->params.end() ? fallback : std::string_view(it->second);
}

int CompiledRule::int_param(std::string_view key, int fallback) const {
  std::string_view text = param(key);
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() && !text.empty() ? value : fallback;
}

bool CompiledRule::flag(std::string_view key, bool fallback) const {
  std::string_view text = param(key);
  if (text == "true") return true;
  if (text == "false") return false;
  return fallback;
}

const RE2* CompiledRule::regex(std::string_view key) const {
  auto it = m_regexes.find(key);
  return it == m_regexes.end() ? nullptr : it->second.get();
}

bool CompiledRule::full_match_or_absent(std::string_view key, std::string_view text) const {
  const RE2* re = regex(key);
  return !re || RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re);
}

bool CompiledRule::search(std::string_view key, std::string_view text) const {
  const RE2* re = regex(key);
  return re && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re);
}

std::vector<std::shared_ptr<const CompiledRule>> compile_rules(const builtin::RuleSet& set, std::string_view reviewer,
                                                               std::string_view voter,
                                                               std::vector<std::string>* errors) {
  std::vector<std::shared_ptr<const CompiledRule>> out;
  for (const builtin::Rule* r : set.select(reviewer, voter)) {
    if (r->kind != builtin::RuleKind::check) continue;
    auto compiled = std::make_shared<const CompiledRule>(*r);
    if (!compiled->ok()) {
      if (errors) errors->push_back(compiled->error());
      continue;
    }
    out.push_back(std::move(compiled));
  }
  return out;
}

std::vector<std::string> rule_errors() {
  std::vector<std::string> errors;
  const auto& set = *builtin::builtin_rules();
  for (auto [reviewer, voter] : {std::pair{"performance", "loop-cost"}, {"performance", "complexity-shape"},
                                 {"performance", "idiom"}, {"style", "metrics"}, {"style", "naming"},
                                 {"style", "hygiene"}}) {
    auto rules = compile_rules(set, reviewer, voter, &errors);
    if (rules.empty()) errors.push_back(fmt::format("no rules for {}.{}", reviewer, voter));
  }
  for (const auto& r : set.rules) {
    if (r.reviewer != "performance" && r.reviewer != "style") continue;
    static constexpr std::array k_voters{"loop-cost", "complexity-shape", "idiom", "metrics", "naming", "hygiene"};
    if (std::find(k_voters.begin(), k_voters.end(), r.voter) == k_voters.end())
      errors.push_back(fmt::format("{}: unknown voter '{}'", r.id, r.voter));
  }
  return errors;
}

bool skips_file(const SyntaxView& view, const CompiledRule& rule) {
  if (!rule.regex("skip_file")) return false;
  auto skip = view.file_memo<bool>("skip_file." + rule.id(), [&rule](const SyntaxView& v) {
    return std::make_shared<bool>(rule.search("skip_file", v.file_text()));
  });
  return *skip;
}

void FindingSink::add(const CompiledRule& rule, int start_line, int end_line, std::string message) {
  const Chunk& chunk = *m_view.request().chunk;
  if (start_line < chunk.start_line || start_line > chunk.end_line) return;
  end_line = std::clamp(end_line, start_line, std::max(start_line, chunk.end_line));
  for (const auto& f : m_findings)
    if (f.rule_id == rule.id() && f.start_line == start_line) return;
  Finding f = builtin::finding_for(rule.rule(), chunk, start_line, end_line, m_voter);
  if (!message.empty()) f.message = std::move(message);
  m_findings.push_back(std::move(f));
}

void FindingSink::add(const CompiledRule& rule, TSNode node, std::string message, bool whole) {
  int start = m_view.start_line(node);
  add(rule, start, whole ? m_view.end_line(node) : start, std::move(message));
}

std::vector<Finding> FindingSink::take() {
  std::stable_sort(m_findings.begin(), m_findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.start_line, a.rule_id) < std::tie(b.start_line, b.rule_id);
  });
  return std::move(m_findings);
}

namespace {

std::string_view plain_identifier(std::string_view text) {
  if (text.empty()) return {};
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$')) return {};
  return text;
}

bool kind_matches(std::string_view wanted, VarKind k) {
  if (wanted == "list") return k == VarKind::list;
  if (wanted == "string") return k == VarKind::string;
  if (wanted == "lookup") return k == VarKind::lookup;
  if (wanted == "not-lookup") return k != VarKind::lookup;
  return true;
}

}  // namespace

const std::vector<LoopRef>& LoopCallMatcher::loops(TSNode node) {
  if (m_loops_for != node.id) {
    m_loops = enclosing_loops(m_view, node);
    m_loops_for = node.id;
  }
  return m_loops;
}

const std::set<std::string, std::less<>>& LoopCallMatcher::variables(const LoopRef& loop) {
  auto it = m_variables.find(loop.node.id);
  if (it == m_variables.end()) it = m_variables.emplace(loop.node.id, loop_variables(m_view, loop)).first;
  return it->second;
}

bool LoopCallMatcher::matches(const CompiledRule& r, const CallInfo& call) {
  if (!r.regex("callee") && !r.regex("name")) return false;
  if (!r.full_match_or_absent("callee", call.callee)) return false;
  if (!r.full_match_or_absent("name", call.name)) return false;
  if (r.regex("receiver") && !r.full_match_or_absent("receiver", call.receiver)) return false;
  if (r.regex("first_arg")) {
    TSNode first = first_argument(call.arguments);
    if (!present(first) || !r.search("first_arg", m_view.text(first))) return false;
  }
  const auto& in_loops = loops(call.node);
  if (in_loops.empty()) return false;
  // params.loops = "statements": callbacks (xs.map(x => …)) do not count — their calls run
  // concurrently when the results are awaited together (Promise.all).
  if (r.param("loops") == "statements" &&
      std::none_of(in_loops.begin(), in_loops.end(), [](const LoopRef& l) { return !l.callback; }))
    return false;
  std::string_view wanted_kind = r.param("receiver_kind");
  if (!wanted_kind.empty()) {
    std::string_view id = plain_identifier(call.receiver);
    if (id.empty() || !kind_matches(wanted_kind, infer_kind(m_view, call.node, id))) return false;
  }
  std::string_view invariant = r.param("invariant");
  if (!invariant.empty()) {
    const auto& vars = variables(in_loops.front());
    if ((invariant == "args" || invariant == "call") && present(call.arguments) &&
        !is_invariant(m_view, call.arguments, vars))
      return false;
    if (invariant == "first-arg" || invariant.starts_with("arg:")) {
      // "first-arg" or "arg:N" (0-based): that argument must be loop-invariant.
      int index = 0;
      if (invariant.starts_with("arg:")) index = std::atoi(std::string(invariant.substr(4)).c_str());
      TSNode arg = first_argument(call.arguments);
      for (int i = 0; i < index && present(arg); ++i) {
        arg = ts_node_next_named_sibling(arg);
        while (present(arg) && m_view.syntax().comments.contains(arg)) arg = ts_node_next_named_sibling(arg);
      }
      if (!present(arg) || !is_invariant(m_view, arg, vars)) return false;
    }
    if ((invariant == "receiver" || invariant == "call") && !call.receiver.empty()) {
      TSNode callee = field(call.node, "function");
      if (!present(callee)) callee = field(call.node, "object");
      if (present(callee) && !is_invariant(m_view, callee, vars)) return false;
    }
  }
  return true;
}

PerfStyleVoter::PerfStyleVoter(const std::shared_ptr<const builtin::RuleSet>& rules, std::string_view reviewer,
                               std::string_view voter_name)
    : m_set(rules), m_id(fmt::format("{}.{}", reviewer, voter_name)) {
  if (!m_set) return;
  for (const builtin::Rule* r : m_set->select(reviewer, voter_name)) {
    if (r->kind != builtin::RuleKind::check) continue;
    m_selected.push_back(r);
    for (const auto& lang : r->languages)
      if (!m_by_language.contains(lang)) m_by_language.emplace(lang, std::make_unique<LanguageRules>());
  }
}

const PerfStyleVoter::RuleList& PerfStyleVoter::rules_for(std::string_view language) {
  static const RuleList none;
  auto it = m_by_language.find(language);
  if (it == m_by_language.end()) return none;
  LanguageRules& slot = *it->second;
  std::call_once(slot.once, [&] {
    for (const builtin::Rule* r : m_selected) {
      if (!r->applies_to(language)) continue;
      auto compiled = std::make_unique<const CompiledRule>(*r);
      if (!compiled->ok()) continue;  // reported by rule_errors() (tested)
      slot.rules.push_back(compiled.get());
      slot.compiled.push_back(std::move(compiled));
    }
  });
  return slot.rules;
}

void PerfStyleVoter::submit(const VoteRequest& request, BallotCallback done) {
  Ballot ballot;
  try {
    const RuleList& rules = request.chunk ? rules_for(request.chunk->language) : rules_for("");
    if (!rules.empty()) {
      if (auto view = SyntaxView::open(request)) {
        FindingSink sink(*view, m_id);
        analyze(*view, rules, sink);
        ballot.findings = sink.take();
      }
    }
  } catch (const std::exception& e) {
    ballot = Ballot{};
    ballot.abstained = true;
    ballot.abstain_reason = fmt::format("{} failed: {}", m_id, e.what());
  }
  done(std::move(ballot));
}

}  // namespace review::perfstyle

namespace review::builtin {

std::vector<std::unique_ptr<Voter>> make_performance_voters(const std::shared_ptr<const RuleSet>& rules) {
  std::vector<std::unique_ptr<Voter>> out;
  out.push_back(perfstyle::make_loop_cost_voter(rules));
  out.push_back(perfstyle::make_complexity_shape_voter(rules));
  out.push_back(perfstyle::make_idiom_voter(rules));
  return out;
}

std::vector<std::unique_ptr<Voter>> make_style_voters(const std::shared_ptr<const RuleSet>& rules) {
  std::vector<std::unique_ptr<Voter>> out;
  out.push_back(perfstyle::make_metrics_voter(rules));
  out.push_back(perfstyle::make_naming_voter(rules));
  out.push_back(perfstyle::make_hygiene_voter(rules));
  return out;
}

std::vector<std::unique_ptr<Voter>> make_performance_voters() { return make_performance_voters(builtin_rules()); }
std::vector<std::unique_ptr<Voter>> make_style_voters() { return make_style_voters(builtin_rules()); }

std::optional<VotingPolicy> perfstyle_voting_policy(std::string_view reviewer) {
  // Chosen from the fixture measurements in docs/rules.md ("Measured quality").
  if (reviewer != "performance" && reviewer != "style") return std::nullopt;
  VotingPolicy policy;
  policy.strategy = Strategy::union_;
  return policy;
}

}  // namespace review::builtin
