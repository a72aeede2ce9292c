// GitHub workflow-command annotations: escaping proven against injection, and the
// 10-per-level cap with a closing notice.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "report/github_writer.h"
#include "tests/report_fixture.h"

namespace review {
namespace {

using testing::fixture_context;
using testing::make_finding;

/// A workflow command as the Actions runner parses it (ActionCommand.TryParseV2): the line
/// starts with "::", the command section ends at the next "::", properties are split on
/// ',' and '=', and values are unescaped (%0D, %0A, %3A, %2C, then %25 last).
struct ParsedCommand {
  std::string command;
  std::map<std::string, std::string> properties;
  std::string data;
  int property_count = 0;
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

std::string unescape_data(std::string s) {
  s = replace_all(s, "%0D", "\r");
  s = replace_all(s, "%0A", "\n");
  return replace_all(s, "%25", "%");
}

std::string unescape_property(std::string s) {
  s = replace_all(s, "%0D", "\r");
  s = replace_all(s, "%0A", "\n");
  s = replace_all(s, "%3A", ":");
  s = replace_all(s, "%2C", ",");
  return replace_all(s, "%25", "%");
}

std::optional<ParsedCommand> parse_command(const std::string& line) {
  if (!line.starts_with("::")) return std::nullopt;
  const auto end = line.find("::", 2);
  if (end == std::string::npos) return std::nullopt;
  const std::string info = line.substr(2, end - 2);
  ParsedCommand parsed;
  const auto space = info.find(' ');
  parsed.command = info.substr(0, space);
  if (space != std::string::npos) {
    std::stringstream props(info.substr(space + 1));
    for (std::string prop; std::getline(props, prop, ',');) {
      const auto eq = prop.find('=');
      if (eq == std::string::npos) continue;
      parsed.properties[prop.substr(0, eq)] = unescape_property(prop.substr(eq + 1));
      ++parsed.property_count;
    }
  }
  parsed.data = unescape_data(line.substr(end + 2));
  return parsed;
}

std::vector<std::string> lines_of(const std::string& out) {
  std::vector<std::string> lines;
  std::stringstream ss(out);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  return lines;
}

TEST(ReportGithub, EscapingFollowsTheRunnerRules) {
  EXPECT_EQ(escape_command_message("100% done\r\nnext"), "100%25 done%0D%0Anext");
  EXPECT_EQ(escape_command_message("%0A"), "%250A");  // '%' first: no double decoding
  EXPECT_EQ(escape_command_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
}

TEST(ReportGithub, HostileTextCannotInjectCommands) {
  const std::string path = "src/evil::error file=x::pwned,line=1:2%0A\n::add-mask::x.py";
  const std::string message =
      "first line\n::set-output name=token::stolen\r\n::stop-commands::abc\n%0A%25 end, with: colons";
  const std::string rule = "py.x::warning ::,title=fake";
  Report report;
  report.findings.push_back(make_finding("security", rule, "CWE-78", Severity::high, path, 3, 4, message,
                                         "fix:\n::error::also this", 3, 3, {"a", "b", "c"}, "f1"));
  report.findings.push_back(make_finding("style", "s.r", "naming", Severity::medium, "ok.py", 1, 1,
                                         "::notice::hi\r::debug::x", std::nullopt, 2, 3, {"a", "b"}, "f2"));
  const std::string out = write_github(report, fixture_context());
  const auto lines = lines_of(out);
  ASSERT_EQ(lines.size(), 2u) << out;  // exactly one line per finding: nothing broke a line
  EXPECT_EQ(out.find('\r'), std::string::npos);

  const auto first = parse_command(lines[0]);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->command, "error");
  EXPECT_EQ(first->property_count, 4) << lines[0];  // file, line, endLine, title — nothing added
  EXPECT_EQ(first->properties.at("file"), path);
  EXPECT_EQ(first->properties.at("line"), "3");
  EXPECT_EQ(first->properties.at("endLine"), "4");
  EXPECT_EQ(first->properties.at("title"), "high security/" + rule + " (CWE-78) 3/3 voters");
  EXPECT_EQ(first->data, message + "\nSuggestion: fix:\n::error::also this");

  const auto second = parse_command(lines[1]);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->command, "warning");
  EXPECT_EQ(second->property_count, 4);
  EXPECT_EQ(second->data, "::notice::hi\r::debug::x");
}

TEST(ReportGithub, AtMostTenPerLevelMostSevereFirstThenOneNotice) {
  Report report;
  auto add = [&](Severity severity, int count, FindingStatus status = FindingStatus::confirmed) {
    for (int i = 0; i < count; ++i) {
      auto f = make_finding("security", "r", "CWE-1", severity, "a.py", static_cast<int>(report.findings.size()) + 1,
                            0, "m", std::nullopt, 3, 3, {"a"}, "fp");
      f.status = status;
      report.findings.push_back(f);
    }
  };
  add(Severity::high, 8);
  add(Severity::critical, 7);  // 15 errors: the 7 critical come first
  add(Severity::medium, 3);
  add(Severity::low, 12);
  add(Severity::critical, 1, FindingStatus::needs_review);  // a notice, after confirmed ones
  const auto lines = lines_of(write_github(report, fixture_context()));
  std::map<std::string, int> per_level;
  for (const auto& line : lines) per_level[parse_command(line)->command]++;
  EXPECT_EQ(per_level["error"], 10);
  EXPECT_EQ(per_level["warning"], 3);
  EXPECT_EQ(per_level["notice"], 10);  // 9 findings + the closing notice
  for (int i = 0; i < 7; ++i) EXPECT_TRUE(lines[i].find("title=critical") != std::string::npos) << lines[i];
  EXPECT_NE(lines[7].find("title=high"), std::string::npos);
  // Left out: 5 errors + 3 low + 1 needs_review notice = 9.
  EXPECT_EQ(lines.back(),
            "::notice title=review::review: 9 more findings not shown as annotations (GitHub shows at most 10 per "
            "level). See the full report.");
}

TEST(ReportGithub, NoClosingNoticeWhenNothingIsLeftOut) {
  Report report;
  for (int i = 0; i < 10; ++i) {
    report.findings.push_back(make_finding("style", "r", "c", Severity::low, "a.py", i + 1, i + 1, "m", std::nullopt,
                                           2, 3, {"a"}, "fp"));
  }
  report.findings.push_back(report.findings.back());
  report.findings.back().suppressed = true;  // suppressed: never annotated
  const auto lines = lines_of(write_github(report, fixture_context()));
  EXPECT_EQ(lines.size(), 10u);
  for (const auto& line : lines) EXPECT_TRUE(line.starts_with("::notice file=a.py,")) << line;
  EXPECT_EQ(write_github(Report{}, fixture_context()), "");
}

}  // namespace
}  // namespace review
