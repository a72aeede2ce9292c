// Answer parsing: fences and prose, taxonomy and severity checks, line validation and
// re-anchoring by quote, counting of dropped findings.
#include "reviewers/llm/answer_parser.h"

#include <gtest/gtest.h>

namespace review {
namespace {

Chunk sample_chunk() {
  Chunk c;
  c.path = "app/run.py";
  c.language = "python";
  c.start_line = 10;
  c.end_line = 14;
  c.changed_lines = {11, 12};
  c.code =
      "def run(cmd):\n"                        // 10
      "    import subprocess\n"                // 11 +
      "    subprocess.call(cmd, shell=True)\n" // 12 +
      "    log('ran')\n"                       // 13
      "    return 0\n";                        // 14
  return c;
}

ReviewerInfo security() { return {"security", {"CWE-78", "CWE-89"}}; }

TEST(AnswerParser, ReadsFindingsWithAllFields) {
  auto parsed = parse_answer(R"j({"findings":[{"line":12,"end_line":12,"category":"CWE-78","severity":"high",
      "message":"shell=True with a variable","suggestion":"pass a list","quote":"subprocess.call(cmd, shell=True)"}]})j",
                             sample_chunk(), security(), "security.llm-1");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->findings.size(), 1u);
  const Finding& f = parsed->findings[0];
  EXPECT_EQ(f.aspect, "security");
  EXPECT_EQ(f.rule_id, "llm.CWE-78");
  EXPECT_EQ(f.category, "CWE-78");
  EXPECT_EQ(f.severity, Severity::high);
  EXPECT_EQ(f.path, "app/run.py");
  EXPECT_EQ(f.start_line, 12);
  EXPECT_EQ(f.end_line, 12);
  EXPECT_EQ(f.suggestion.value_or(""), "pass a list");
  EXPECT_EQ(f.voter, "security.llm-1");
  EXPECT_EQ(parsed->dropped, 0);
}

TEST(AnswerParser, AcceptsCodeFencesAndProse) {
  std::string body = R"j({"findings":[{"line":11,"category":"cwe-78","severity":"LOW","message":"m"}]})j";
  for (std::string text : {"```json\n" + body + "\n```", "```\n" + body + "\n```\n", "Here you go:\n" + body + "\nBye."}) {
    auto parsed = parse_answer(text, sample_chunk(), security(), "v");
    ASSERT_TRUE(parsed) << text;
    ASSERT_EQ(parsed->findings.size(), 1u) << text;
    EXPECT_EQ(parsed->findings[0].category, "CWE-78");  // normalised to the taxonomy spelling
    EXPECT_EQ(parsed->findings[0].severity, Severity::low);
    EXPECT_EQ(parsed->findings[0].end_line, 11);  // end_line defaults to line
  }
}

TEST(AnswerParser, UnparseableAnswersAreErrors) {
  for (std::string text : {"Looks fine to me.", "{\"issues\": []}", "[1,2]", "{\"findings\": 3}", ""}) {
    auto parsed = parse_answer(text, sample_chunk(), security(), "v");
    ASSERT_FALSE(parsed) << text;
    EXPECT_TRUE(parsed.error().message.starts_with("unparseable answer")) << parsed.error().message;
  }
}

TEST(AnswerParser, DropsAndCountsInvalidFindings) {
  auto parsed = parse_answer(R"j({"findings":[
      {"line":12,"category":"CWE-999","severity":"high","message":"not in taxonomy"},
      {"line":12,"category":"CWE-78","severity":"urgent","message":"bad severity"},
      {"line":12,"category":"CWE-78","severity":"high","message":""},
      {"category":"CWE-78","severity":"high","message":"no line"},
      "not an object",
      {"line":40,"category":"CWE-78","severity":"high","message":"outside the chunk"},
      {"line":14,"category":"CWE-78","severity":"high","message":"unchanged line"},
      {"line":"11","category":"CWE-78: OS command injection","severity":"medium","message":"kept"}
  ]})j",
                             sample_chunk(), security(), "v");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->findings.size(), 1u);
  EXPECT_EQ(parsed->findings[0].message, "kept");
  EXPECT_EQ(parsed->findings[0].start_line, 11);
  EXPECT_EQ(parsed->dropped, 7);
}

TEST(AnswerParser, ReanchorsByQuoteWhenTheLineIsOff) {
  auto parsed = parse_answer(R"j({"findings":[
      {"line":3,"end_line":3,"category":"CWE-78","severity":"high","message":"m","quote":"subprocess.call(cmd, shell=True)"},
      {"line":14,"category":"CWE-78","severity":"high","message":"m","quote":"  import subprocess  "},
      {"line":13,"category":"CWE-78","severity":"high","message":"m","quote":"log('ran')"}
  ]})j",
                             sample_chunk(), security(), "v");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->findings.size(), 2u);
  EXPECT_EQ(parsed->findings[0].start_line, 12);
  EXPECT_EQ(parsed->findings[1].start_line, 11);
  EXPECT_EQ(parsed->reanchored, 2);
  EXPECT_EQ(parsed->dropped, 1);  // the quote names an unchanged line
}

TEST(AnswerParser, ClampsRangesRunningPastTheChunk) {
  auto parsed = parse_answer(R"j({"findings":[{"line":12,"end_line":99,"category":"CWE-78","severity":"high","message":"m"}]})j",
                             sample_chunk(), security(), "v");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->findings.size(), 1u);
  EXPECT_EQ(parsed->findings[0].end_line, 14);
}

TEST(AnswerParser, SchemaIsStrictModeShaped) {
  const auto& schema = answer_json_schema();
  const auto& item = schema["properties"]["findings"]["items"];
  EXPECT_EQ(item["additionalProperties"], false);
  EXPECT_EQ(item["required"].size(), item["properties"].size());
}

}  // namespace
}  // namespace review
