// Rule pack parsing (toml++) and validation; schema in rule_pack.h and docs/rules.md.
#include "reviewers/builtin/rule_pack.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "git/grammar.h"
#include "reviewers/builtin/query_engine.h"
#include "reviewers/taxonomy.h"
#include "util/embedded.h"
#include "util/text.h"

namespace review::builtin {

const char* to_string(RuleKind kind) {
  switch (kind) {
    case RuleKind::check: return "check";
    case RuleKind::source: return "source";
    case RuleKind::propagator: return "propagator";
    case RuleKind::sanitizer: return "sanitizer";
  }
  return "check";
}

const char* to_string(LexicalScope scope) {
  switch (scope) {
    case LexicalScope::code: return "code";
    case LexicalScope::strings: return "strings";
    case LexicalScope::line: return "line";
  }
  return "code";
}

bool Rule::applies_to(std::string_view language) const {
  for (const auto& l : languages)
    if (l == "*" || l == language) return true;
  return false;
}

const Rule* RuleSet::find(std::string_view id) const {
  for (const auto& r : rules)
    if (r.id == id) return &r;
  return nullptr;
}

std::vector<const Rule*> RuleSet::select(std::string_view reviewer, std::string_view voter) const {
  std::vector<const Rule*> out;
  for (const auto& r : rules)
    if (r.reviewer == reviewer && r.voter == voter) out.push_back(&r);
  return out;
}

namespace {

std::string where(std::string_view origin, std::string_view id) {
  return id.empty() ? std::string(origin) : fmt::format("{}: {}", origin, id);
}

bool valid_id(std::string_view id) {
  return !id.empty() && std::ranges::all_of(id, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

/// Reads an optional string key; errors if present with another type.
Expected<std::string> get_string(const toml::table& t, std::string_view key, std::string_view fallback,
                                 std::string_view context) {
  const toml::node* n = t.get(key);
  if (!n) return std::string(fallback);
  if (auto s = n->value<std::string>()) return *s;
  return fail(ErrorKind::config, fmt::format("{}: '{}' must be a string", context, key));
}

Expected<std::vector<std::string>> get_strings(const toml::table& t, std::string_view key, std::string_view context) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a) return fail(ErrorKind::config, fmt::format("{}: '{}' must be an array of strings", context, key));
  for (const auto& e : *a) {
    auto s = e.value<std::string>();
    if (!s) return fail(ErrorKind::config, fmt::format("{}: '{}' must be an array of strings", context, key));
    out.push_back(*s);
  }
  return out;
}

constexpr std::string_view k_known_keys[] = {"id",      "kind",     "reviewer", "voter",   "severity",
                                             "languages", "category", "message",  "help",    "suggestion",
                                             "query",   "pattern",  "exclude",  "keywords", "scope",
                                             "min_entropy", "taint", "params"};

Expected<Rule> parse_rule(const toml::table& t, std::string_view origin, std::string_view default_reviewer,
                          std::string_view default_voter, std::size_t index) {
  Rule r;
  r.origin = std::string(origin);
  std::string ctx = fmt::format("{}: rule #{}", origin, index + 1);
  auto id = get_string(t, "id", "", ctx);
  if (!id) return std::unexpected(id.error());
  r.id = *id;
  if (!valid_id(r.id)) return fail(ErrorKind::config, fmt::format("{}: missing or invalid 'id' (use [A-Za-z0-9._-])", ctx));
  ctx = where(origin, r.id);
  for (const auto& [key, _] : t)
    if (std::ranges::find(k_known_keys, key.str()) == std::end(k_known_keys))
      return fail(ErrorKind::config, fmt::format("{}: unknown key '{}'", ctx, key.str()));

  auto str = [&](std::string_view key, std::string_view fallback, std::string& out) -> Expected<void> {
    auto v = get_string(t, key, fallback, ctx);
    if (!v) return std::unexpected(v.error());
    out = std::move(*v);
    return {};
  };
  std::string kind, severity, scope, taint;
  for (auto e : {str("kind", "check", kind), str("reviewer", default_reviewer, r.reviewer),
                 str("voter", default_voter, r.voter), str("severity", "medium", severity),
                 str("category", "", r.category), str("message", "", r.message), str("help", "", r.help),
                 str("suggestion", "", r.suggestion), str("query", "", r.query), str("pattern", "", r.pattern),
                 str("exclude", "", r.exclude), str("scope", "code", scope), str("taint", "", taint)})
    if (!e) return std::unexpected(e.error());

  if (kind == "check") r.kind = RuleKind::check;
  else if (kind == "source") r.kind = RuleKind::source;
  else if (kind == "propagator") r.kind = RuleKind::propagator;
  else if (kind == "sanitizer") r.kind = RuleKind::sanitizer;
  else return fail(ErrorKind::config, fmt::format("{}: unknown kind '{}'", ctx, kind));

  auto sev = parse_severity(severity);
  if (!sev) return fail(ErrorKind::config, fmt::format("{}: unknown severity '{}'", ctx, severity));
  r.severity = *sev;

  if (scope == "code") r.scope = LexicalScope::code;
  else if (scope == "strings") r.scope = LexicalScope::strings;
  else if (scope == "line") r.scope = LexicalScope::line;
  else return fail(ErrorKind::config, fmt::format("{}: unknown scope '{}' (code|strings|line)", ctx, scope));

  if (taint.empty()) r.remote_taint = r.kind == RuleKind::source;  // sources remote, sinks any
  else if (taint == "remote") r.remote_taint = true;
  else if (taint == "local") r.remote_taint = false;
  else return fail(ErrorKind::config, fmt::format("{}: unknown taint '{}' (remote|local)", ctx, taint));

  auto langs = get_strings(t, "languages", ctx);
  if (!langs) return std::unexpected(langs.error());
  r.languages = std::move(*langs);
  auto keywords = get_strings(t, "keywords", ctx);
  if (!keywords) return std::unexpected(keywords.error());
  for (auto& k : *keywords) r.keywords.push_back(to_lower(k));

  if (const toml::node* n = t.get("min_entropy")) {
    auto v = n->value<double>();
    if (!v || *v < 0 || *v > 8) return fail(ErrorKind::config, fmt::format("{}: 'min_entropy' must be a number in [0, 8]", ctx));
    r.min_entropy = *v;
  }
  if (const toml::node* n = t.get("params")) {
    const toml::table* params = n->as_table();
    if (!params) return fail(ErrorKind::config, fmt::format("{}: 'params' must be a table", ctx));
    for (const auto& [key, value] : *params) {
      std::string text;
      if (auto s = value.value_exact<std::string>()) text = *s;
      else if (auto i = value.value_exact<std::int64_t>()) text = std::to_string(*i);
      else if (auto d = value.value_exact<double>()) text = fmt::format("{}", *d);
      else if (auto b = value.value_exact<bool>()) text = *b ? "true" : "false";
      else return fail(ErrorKind::config, fmt::format("{}: params.{} must be a string, number or boolean", ctx, key.str()));
      r.params.emplace(std::string(key.str()), std::move(text));
    }
  }
  if (r.reviewer.empty()) return fail(ErrorKind::config, fmt::format("{}: missing 'reviewer'", ctx));
  if (r.voter.empty()) return fail(ErrorKind::config, fmt::format("{}: missing 'voter'", ctx));
  if (r.languages.empty()) return fail(ErrorKind::config, fmt::format("{}: missing 'languages'", ctx));
  if (r.kind == RuleKind::check && (r.category.empty() || r.message.empty()))
    return fail(ErrorKind::config, fmt::format("{}: a check needs 'category' and 'message'", ctx));
  if (!r.query.empty() && !r.pattern.empty())
    return fail(ErrorKind::config, fmt::format("{}: give exactly one of 'query' and 'pattern'", ctx));
  if (r.query.empty() && r.pattern.empty() && r.params.empty())
    return fail(ErrorKind::config,
                fmt::format("{}: give exactly one of 'query' and 'pattern' (or 'params' for a parameterised voter)", ctx));
  return r;
}

/// Checks one rule against facts outside the pack: taxonomy, languages, query and regex.
/// Whether validate_rule compiles queries and regexes (costly: builtin_rules() skips it at
/// run time and the test suite checks the built-ins; user packs are always checked in full).
enum class QueryCheck { compile, skip };

Expected<void> validate_rule(const Rule& r, QueryCheck check) {
  std::string ctx = where(r.origin, r.id);
  if (r.kind == RuleKind::check && !default_taxonomy(r.reviewer).empty() &&
      category_title(r.reviewer, r.category).empty())
    return fail(ErrorKind::config,
                fmt::format("{}: category '{}' is not in the {} taxonomy", ctx, r.category, r.reviewer));
  if (r.kind != RuleKind::check && r.voter != "flow")
    return fail(ErrorKind::config, fmt::format("{}: kind '{}' is only for the flow voter", ctx, to_string(r.kind)));
  for (const auto& lang : r.languages) {
    if (lang == "*") {
      if (!r.query.empty()) return fail(ErrorKind::config, fmt::format("{}: languages = [\"*\"] needs a pattern rule", ctx));
      continue;
    }
    if (!grammar_for(lang)) return fail(ErrorKind::config, fmt::format("{}: unknown language '{}'", ctx, lang));
    if (!r.query.empty() && check == QueryCheck::compile) {
      auto ok = check_query(r.query, lang);
      if (!ok) return fail(ErrorKind::config, fmt::format("{}: {}", ctx, ok.error().message));
    }
  }
  if (check == QueryCheck::skip) return {};
  RE2::Options options;
  options.set_log_errors(false);
  for (const std::string* re : {&r.pattern, &r.exclude}) {
    if (re->empty()) continue;
    RE2 compiled(*re, options);
    if (!compiled.ok()) return fail(ErrorKind::config, fmt::format("{}: bad regex: {}", ctx, compiled.error()));
  }
  if (r.min_entropy > 0 && !r.pattern.empty()) {
    RE2 compiled(r.pattern, options);
    if (!compiled.NamedCapturingGroups().contains("value"))
      return fail(ErrorKind::config, fmt::format("{}: 'min_entropy' needs a (?P<value>…) group in 'pattern'", ctx));
  }
  return {};
}

}  // namespace

Expected<std::vector<Rule>> parse_rule_pack(std::string_view toml_text, std::string_view origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return fail(ErrorKind::config, fmt::format("{}:{}:{}: {}", origin, e.source().begin.line, e.source().begin.column,
                                               e.description()));
  }
  auto reviewer = get_string(root, "reviewer", "", origin);
  if (!reviewer) return std::unexpected(reviewer.error());
  auto voter = get_string(root, "voter", "", origin);
  if (!voter) return std::unexpected(voter.error());
  for (const auto& [key, _] : root)
    if (key.str() != "reviewer" && key.str() != "voter" && key.str() != "rule")
      return fail(ErrorKind::config, fmt::format("{}: unknown top-level key '{}'", origin, key.str()));
  std::vector<Rule> rules;
  const toml::node* list = root.get("rule");
  if (!list) return rules;
  const toml::array* arr = list->as_array();
  if (!arr) return fail(ErrorKind::config, fmt::format("{}: 'rule' must be an array of tables ([[rule]])", origin));
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::table* t = (*arr)[i].as_table();
    if (!t) return fail(ErrorKind::config, fmt::format("{}: 'rule' must be an array of tables ([[rule]])", origin));
    auto rule = parse_rule(*t, origin, *reviewer, *voter, i);
    if (!rule) return std::unexpected(rule.error());
    rules.push_back(std::move(*rule));
  }
  return rules;
}

Expected<std::vector<Rule>> load_rule_pack(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorKind::config, fmt::format("cannot read rule pack '{}'", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_rule_pack(ss.str(), path);
}

Expected<RuleSet> make_rule_set(std::vector<Rule> rules) {
  std::set<std::string, std::less<>> ids;
  for (const auto& r : rules) {
    if (!ids.insert(r.id).second)
      return fail(ErrorKind::config, fmt::format("{}: duplicate rule id", where(r.origin, r.id)));
    auto ok = validate_rule(r, QueryCheck::compile);
    if (!ok) return std::unexpected(ok.error());
  }
  RuleSet set;
  set.rules = std::move(rules);
  return set;
}

const std::shared_ptr<const RuleSet>& builtin_rules() {
  static const std::shared_ptr<const RuleSet> set = [] {
    auto out = std::make_shared<RuleSet>();
    std::set<std::string, std::less<>> ids;
    for (const auto& file : embedded_rules()) {
      auto rules = parse_rule_pack(file.bytes, file.path);
      if (!rules) {
        out->errors.push_back(rules.error().message);
        continue;
      }
      for (auto& r : *rules) {
        if (!ids.insert(r.id).second) {
          out->errors.push_back(fmt::format("{}: duplicate rule id", where(r.origin, r.id)));
          continue;
        }
        auto ok = validate_rule(r, QueryCheck::skip);
        if (!ok) {
          out->errors.push_back(ok.error().message);
          continue;
        }
        out->rules.push_back(std::move(r));
      }
    }
    return std::shared_ptr<const RuleSet>(std::move(out));
  }();
  return set;
}

std::vector<std::string> check_rule_queries(const RuleSet& set) {
  std::vector<std::string> errors;
  for (const auto& r : set.rules) {
    auto ok = validate_rule(r, QueryCheck::compile);
    if (!ok) errors.push_back(ok.error().message);
  }
  if (!errors.empty()) return errors;
  for (const auto& r : set.rules)
    for (const auto& lang : r.languages) {
      if (r.query.empty() || lang == "*") continue;
      auto ok = check_query(r.query, lang);
      if (!ok) errors.push_back(fmt::format("{}: {}", where(r.origin, r.id), ok.error().message));
    }
  return errors;
}

Expected<std::shared_ptr<const RuleSet>> rules_with_packs(const std::vector<std::string>& paths) {
  // The built-ins are validated already (and by the test suite); only the user packs pay
  // for compiling their queries.
  auto set = std::make_shared<RuleSet>();
  set->rules = builtin_rules()->rules;
  std::set<std::string, std::less<>> ids;
  for (const auto& r : set->rules) ids.insert(r.id);
  for (const auto& path : paths) {
    auto rules = load_rule_pack(path);
    if (!rules) return std::unexpected(rules.error());
    for (auto& r : *rules) {
      if (!ids.insert(r.id).second)
        return fail(ErrorKind::config, fmt::format("{}: duplicate rule id", where(r.origin, r.id)));
      auto ok = validate_rule(r, QueryCheck::compile);
      if (!ok) return std::unexpected(ok.error());
      set->rules.push_back(std::move(r));
    }
  }
  return std::shared_ptr<const RuleSet>(std::move(set));
}

}  // namespace review::builtin
