// `review rules [--json]`: the built-in rules (embedded packs), one line each grouped by
// reviewer and voter; with --json every field of every rule, sources/sinks of the flow
// voter included.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "plugin/commands.h"
#include "reviewers/builtin/rule_pack.h"
#include "util/text.h"

namespace review {

Expected<ExitCode> run_rules_command(const Options& options) {
  const auto& set = *builtin::builtin_rules();
  if (!set.errors.empty()) return fail(ErrorKind::internal, "invalid built-in rule pack: " + set.errors.front());
  if (options.json) {
    auto rules = nlohmann::ordered_json::array();
    for (const auto& r : set.rules) {
      nlohmann::ordered_json j;
      j["id"] = r.id;
      j["kind"] = to_string(r.kind);
      j["reviewer"] = r.reviewer;
      j["voter"] = r.voter;
      j["severity"] = to_string(r.severity);
      j["languages"] = r.languages;
      j["category"] = r.category;
      j["message"] = r.message;
      j["help"] = r.help;
      if (!r.suggestion.empty()) j["suggestion"] = r.suggestion;
      if (!r.query.empty()) j["query"] = r.query;
      if (!r.pattern.empty()) {
        j["pattern"] = r.pattern;
        j["keywords"] = r.keywords;
        j["scope"] = to_string(r.scope);
      }
      if (!r.exclude.empty()) j["exclude"] = r.exclude;
      if (r.min_entropy > 0) j["min_entropy"] = r.min_entropy;
      j["origin"] = r.origin;
      rules.push_back(std::move(j));
    }
    std::string out = nlohmann::ordered_json{{"rules", std::move(rules)}}.dump(2);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fputc('\n', stdout);
    return ExitCode::clean;
  }
  std::string last_group;
  int count = 0;
  for (const auto& r : set.rules) {
    if (r.kind != builtin::RuleKind::check) continue;
    std::string group = r.reviewer + "." + r.voter;
    if (group != last_group) {
      fmt::print("{}{}\n", last_group.empty() ? "" : "\n", group);
      last_group = group;
    }
    fmt::print("  {:<34} {:<8} {:<9} {:<28} {}\n", r.id, to_string(r.severity), r.category, join(r.languages, ","),
               r.message);
    ++count;
  }
  fmt::print("\n{} rules\n", count);
  return ExitCode::clean;
}

}  // namespace review
