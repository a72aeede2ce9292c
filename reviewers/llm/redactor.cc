// Pattern redaction with RE2. All patterns are joined into one alternation of capture groups
// so the text is scanned once; the first group that matched names the rule.
#include "reviewers/llm/redactor.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>

namespace review {

std::vector<SecretPattern> default_secret_patterns() {
  return {
      {"private-key", R"(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)"},
      {"anthropic-key", R"(\bsk-ant-[A-Za-z0-9_\-]{20,})"},
      {"openai-key", R"(\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,})"},
      {"aws-access-key-id", R"(\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)"},
      {"github-token", R"(\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}))"},
      {"slack-token", R"(\bxox[abprs]-[A-Za-z0-9\-]{10,})"},
      {"google-api-key", R"(\bAIza[0-9A-Za-z_\-]{35})"},
  };
}

namespace {

struct CompiledRedactor {
  std::vector<std::string> rules;
  std::vector<int> rule_group;  // capture group of each rule's outer parentheses
  int groups = 0;               // capture groups of the joined regex
  std::unique_ptr<RE2> regex;   // (p1)|(p2)|… ; RE2 is thread-safe for matching

  std::string operator()(std::string_view text) const {
    if (!regex) return std::string(text);
    std::vector<re2::StringPiece> match(groups + 1);
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    re2::StringPiece input(text.data(), text.size());
    while (pos <= text.size() &&
           regex->Match(input, pos, text.size(), RE2::UNANCHORED, match.data(), groups + 1)) {
      size_t begin = static_cast<size_t>(match[0].data() - text.data());
      size_t end = begin + match[0].size();
      out.append(text.substr(pos, begin - pos));
      if (end == begin) {  // empty match (a pathological pattern): copy one byte and go on
        if (begin < text.size()) out.push_back(text[begin]);
        pos = begin + 1;
        continue;
      }
      size_t rule = 0;
      while (rule < rules.size() && match[rule_group[rule]].data() == nullptr) ++rule;
      out += "<redacted:" + (rule < rules.size() ? rules[rule] : std::string("secret")) + ">";
      // Keep the line count so line numbers stay true.
      out.append(static_cast<size_t>(std::count(text.begin() + begin, text.begin() + end, '\n')), '\n');
      pos = end;
    }
    if (pos < text.size()) out.append(text.substr(pos));
    return out;
  }
};

}  // namespace

Redactor make_pattern_redactor(std::vector<SecretPattern> patterns) {
  auto compiled = std::make_shared<CompiledRedactor>();
  std::string joined;
  RE2::Options options;
  options.set_log_errors(false);
  int next_group = 1;
  for (auto& p : patterns) {
    RE2 check(p.pattern, options);
    if (!check.ok()) continue;
    if (!joined.empty()) joined += "|";
    joined += "(" + p.pattern + ")";
    compiled->rules.push_back(p.rule);
    compiled->rule_group.push_back(next_group);
    next_group += 1 + check.NumberOfCapturingGroups();  // a pattern's own groups follow its outer one
  }
  if (!joined.empty()) {
    auto regex = std::make_unique<RE2>(joined, options);
    if (regex->ok()) {
      compiled->groups = regex->NumberOfCapturingGroups();
      compiled->regex = std::move(regex);
    }
  }
  return [compiled](std::string_view text) { return (*compiled)(text); };
}

Redactor default_redactor() {
  static const Redactor k_default = make_pattern_redactor(default_secret_patterns());
  return k_default;
}

Redactor chain_redactors(Redactor first, Redactor second) {
  if (!first) return second;
  if (!second) return first;
  return [first = std::move(first), second = std::move(second)](std::string_view text) {
    std::string once = first(text);
    return second(once);
  };
}

}  // namespace review
