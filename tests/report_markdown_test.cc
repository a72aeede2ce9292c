// Markdown report: untrusted text cannot break the Markdown, code fences hold any code,
// and output is truncated with a note before GitHub's 1 MiB step-summary limit.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "report/markdown_writer.h"
#include "tests/report_fixture.h"

namespace review {
namespace {

using testing::fixture_context;
using testing::make_finding;

std::size_t count(const std::string& s, std::string_view part) {
  std::size_t n = 0;
  for (std::size_t pos = 0; (pos = s.find(part, pos)) != std::string::npos; pos += part.size()) ++n;
  return n;
}

TEST(ReportMarkdown, EscapeNeutralizesMarkup) {
  const std::string hostile =
      "  </details><script>alert(1)</script>\n\n# Heading\n| a | b |\n[x](javascript:y) **bold** `code` @org/team "
      "~~gone~~ $x$ <!-- c --> & \\";
  const std::string out = markdown_escape(hostile);
  // Drop what the escaping produced (character references and the "<br>" that replaced
  // newlines); what is left must contain no markup character at all.
  std::string rest;
  for (std::size_t i = 0; i < out.size();) {
    if (out.compare(i, 4, "<br>") == 0) {
      i += 4;
    } else if (out[i] == '&' && out.find(';', i) != std::string::npos && out.find(';', i) - i <= 6) {
      i = out.find(';', i) + 1;
    } else {
      rest += out[i++];
    }
  }
  for (char c : std::string_view("<>*_[]|`~#$&\\\n")) EXPECT_EQ(rest.find(c), std::string::npos) << "raw '" << c << "' in " << out;
  EXPECT_EQ(markdown_escape("1. item"), "1&#46; item");
  EXPECT_EQ(markdown_escape("- item"), "&#45; item");
  EXPECT_EQ(markdown_escape("eval() of x.y - z"), "eval() of x.y - z");  // readable when harmless
}

TEST(ReportMarkdown, HostileFindingKeepsTheStructure) {
  Report report;
  report.findings.push_back(make_finding("security", "r</summary>", "CWE-1", Severity::high, "a</code>.py", 1, 2,
                                         "</details>\n\n<img src=x onerror=alert(1)>", "```\n</details>", 3, 3,
                                         {"a"}, "f"));
  WriterContext context = fixture_context();
  const std::string code = "x = '````'\ny = '</details>'\n";
  context.post_images["a</code>.py"] = code;
  const std::string out = write_markdown(report, context);
  EXPECT_EQ(count(out, "<details>"), 1u);
  EXPECT_EQ(count(out, "</details>"), 2u);  // ours, and the one inside the code block
  EXPECT_EQ(count(out, "<summary>"), 1u);
  EXPECT_EQ(count(out, "</summary>"), 1u);
  EXPECT_EQ(out.find("<img"), std::string::npos);
  EXPECT_EQ(out.find("</code>.py"), std::string::npos);
  // The code fence is longer than the 4-backtick run in the code.
  EXPECT_NE(out.find("\n`````text\n"), std::string::npos) << out;
  EXPECT_NE(out.find("> 1 | x = '````'\n> 2 | y = '</details>'\n`````\n"), std::string::npos) << out;
}

TEST(ReportMarkdown, TruncatesBelowTheStepSummaryLimit) {
  Report report;
  const std::string long_message(400, 'm');
  for (int i = 0; i < 4000; ++i) {
    report.findings.push_back(make_finding("style", "s.long", "c", i % 2 ? Severity::low : Severity::medium, "big.py",
                                           i + 1, i + 1, long_message, std::nullopt, 2, 3, {"a", "b"}, "f"));
  }
  const std::string out = write_markdown(report, fixture_context());
  EXPECT_LE(out.size(), k_markdown_limit_bytes);
  EXPECT_GT(out.size(), k_markdown_limit_bytes - 4096);
  const std::size_t shown = count(out, "<details>");
  ASSERT_LT(shown, 4000u);
  EXPECT_NE(out.find(fmt::format("> **Truncated:** {} of 4000 findings are not shown here", 4000 - shown)),
            std::string::npos);
  // Truncated between blocks: every opened block is closed.
  EXPECT_EQ(count(out, "</details>"), shown);
}

TEST(ReportMarkdown, SmallLimitAndNoFindings) {
  WriterContext context = fixture_context();
  context.markdown_limit_bytes = 2048;
  const std::string out = write_markdown(testing::fixture_report(), context);
  EXPECT_LE(out.size(), 2048u);
  EXPECT_NE(out.find("> **Truncated:**"), std::string::npos);
  EXPECT_EQ(count(out, "<details>"), count(out, "</details>"));
  EXPECT_TRUE(write_markdown(Report{}, fixture_context()).starts_with("## review: no findings\n"));
}

}  // namespace
}  // namespace review
