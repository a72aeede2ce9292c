// SARIF 2.1.0 writer. The mapping is documented in sarif_writer.h and docs/report.md.
#include "report/sarif_writer.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "report/writer_util.h"
#include "util/text.h"

namespace review {

namespace {

using Json = nlohmann::ordered_json;

/// What the rules table needs to know about each rule_id, gathered from its findings.
struct RuleSummary {
  std::string aspect;
  std::string category;
  Severity max_severity = Severity::info;
  int index = 0;
};

/// "py.subprocess-shell" → "PySubprocessShell" (SARIF rule `name`: an identifier).
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out.empty() ? "Rule" : out;
}

/// "CWE-78" → "external/cwe/cwe-78" (GitHub's tag convention), or "" if not a CWE id.
std::string cwe_tag(std::string_view category) {
  if (!starts_with(category, "CWE-") || category.size() == 4) return "";
  for (char c : category.substr(4)) {
    if (c < '0' || c > '9') return "";
  }
  return fmt::format("external/cwe/cwe-{}", category.substr(4));
}

Json text_message(std::string_view text) { return Json{{"text", sanitize_utf8(text)}}; }

Json rule_json(const std::string& id, const RuleSummary& rule, const WriterContext& context) {
  const auto info = context.rules.find(id);
  const RuleInfo* given = info == context.rules.end() ? nullptr : &info->second;
  const std::string category = rule.category.empty() ? "" : fmt::format(" ({})", rule.category);
  Json j;
  j["id"] = id;
  j["name"] = pascal_case(id);
  j["shortDescription"] = text_message(given && !given->name.empty()
                                           ? given->name
                                           : fmt::format("{} finding {}{}", rule.aspect, id, category));
  j["fullDescription"] =
      text_message(given && !given->description.empty()
                       ? given->description
                       : fmt::format("Reported by the {} reviewer of review: rule {}{}, confirmed by a vote of "
                                     "independent voters.",
                                     rule.aspect, id, category));
  if (given && !given->help_uri.empty()) j["helpUri"] = given->help_uri;
  const std::string help =
      given && !given->help.empty()
          ? given->help
          : fmt::format("Read the finding's message and suggestion, and change the flagged lines. If the finding is "
                        "wrong, add a comment `review-ignore: {}` on the line or the line before.",
                        id);
  j["help"] = {{"text", sanitize_utf8(help)}};
  j["defaultConfiguration"] = {{"level", sarif_level(rule.max_severity, FindingStatus::confirmed)}};
  Json tags = Json::array();
  tags.push_back(rule.aspect);
  if (rule.aspect == "security") {
    if (auto tag = cwe_tag(rule.category); !tag.empty()) tags.push_back(tag);
  } else if (!rule.category.empty()) {
    tags.push_back(rule.category);
  }
  Json properties;
  properties["tags"] = std::move(tags);
  if (rule.aspect == "security") properties["security-severity"] = security_severity_score(rule.max_severity);
  j["properties"] = std::move(properties);
  return j;
}

Json location_json(std::string_view path, int start_line, int end_line) {
  Json region;
  region["startLine"] = std::max(1, start_line);
  region["endLine"] = std::max(std::max(1, start_line), end_line);
  return Json{{"physicalLocation",
               {{"artifactLocation", {{"uri", path_to_uri(path)}, {"uriBaseId", "%SRCROOT%"}}}, {"region", region}}}};
}

Json result_json(const VotedFinding& voted, const RuleSummary& rule) {
  const Finding& f = voted.finding;
  Json j;
  j["ruleId"] = f.rule_id;
  j["ruleIndex"] = rule.index;
  j["level"] = sarif_level(f.severity, voted.status);
  std::string text = f.message.empty() ? fmt::format("{} finding {}", f.aspect, f.rule_id) : f.message;
  if (f.suggestion && !f.suggestion->empty()) text += "\n\nSuggestion: " + *f.suggestion;
  j["message"] = text_message(text);
  j["locations"] = Json::array({location_json(f.path, f.start_line, f.end_line)});
  if (!voted.fingerprint.empty()) j["partialFingerprints"] = {{"reviewFingerprint/v1", voted.fingerprint}};
  if (voted.suppressed) j["suppressions"] = Json::array({{{"kind", "inSource"}}});
  Json properties;
  properties["votes"] = voted.votes;
  properties["voters"] = voted.voters;
  properties["confidence"] = detail::round_confidence(voted.confidence);
  properties["status"] = to_string(voted.status);
  properties["aspect"] = f.aspect;
  properties["category"] = f.category;
  properties["severity"] = to_string(f.severity);
  properties["voter_ids"] = voted.voter_ids;
  if (f.suggestion) properties["suggestion"] = *f.suggestion;
  j["properties"] = std::move(properties);
  return j;
}

Json notification(std::string_view level, std::string_view text, const Json& location) {
  Json j;
  j["level"] = level;
  j["message"] = text_message(text);
  if (!location.is_null()) j["locations"] = Json::array({location});
  return j;
}

}  // namespace

const char* security_severity_score(Severity severity) {
  switch (severity) {
    case Severity::critical: return "9.5";
    case Severity::high: return "8.0";
    case Severity::medium: return "5.5";
    case Severity::low: return "3.0";
    case Severity::info: return "1.0";
  }
  return "1.0";
}

const char* sarif_level(Severity severity, FindingStatus status) {
  if (status == FindingStatus::needs_review) return "note";
  switch (severity) {
    case Severity::critical:
    case Severity::high: return "error";
    case Severity::medium: return "warning";
    case Severity::low:
    case Severity::info: return "note";
  }
  return "note";
}

std::string path_to_uri(std::string_view path) {
  while (starts_with(path, "/")) path.remove_prefix(1);  // always relative to %SRCROOT%
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string write_sarif(const Report& report, const WriterContext& context) {
  std::map<std::string, RuleSummary> rules;
  for (const VotedFinding& voted : report.findings) {
    const Finding& f = voted.finding;
    auto [it, inserted] = rules.try_emplace(f.rule_id);
    if (inserted) {
      it->second.aspect = f.aspect;
      it->second.category = f.category;
      it->second.max_severity = f.severity;
    } else if (f.severity > it->second.max_severity) {
      it->second.max_severity = f.severity;
    }
  }
  Json rules_json = Json::array();
  int index = 0;
  for (auto& [id, rule] : rules) {
    rule.index = index++;
    rules_json.push_back(rule_json(id, rule, context));
  }

  Json results = Json::array();
  for (const VotedFinding& voted : report.findings) results.push_back(result_json(voted, rules.at(voted.finding.rule_id)));

  Json notifications = Json::array();
  for (const DegradedEntry& d : report.degraded) {
    notifications.push_back(notification(
        "warning", fmt::format("Degraded: the {} reviewer had too few answers here: {}", d.aspect, d.reason),
        location_json(d.path, d.start_line, d.end_line)));
  }
  for (const SkippedEntry& s : report.skipped) {
    notifications.push_back(notification("note", fmt::format("Skipped {}: {}", s.path, s.reason), Json()));
  }
  for (const ReportNote& n : report.notes) {
    notifications.push_back(
        notification("note", fmt::format("{}: {}", n.kind, n.message), location_json(n.path, n.line, n.line)));
  }
  Json invocation;
  invocation["executionSuccessful"] = true;
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  Json driver;
  driver["name"] = "review";
  driver["version"] = context.tool_version;
  if (!context.tool_information_uri.empty()) driver["informationUri"] = context.tool_information_uri;
  driver["rules"] = std::move(rules_json);

  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = Json::array({std::move(invocation)});
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  run["properties"] = {{"stats", detail::stats_json(report.stats)}};

  Json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = Json::array({std::move(run)});
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace review
