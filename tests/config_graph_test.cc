// `review graph`: the configured workflow as Mermaid, from a real repository's .review.toml.
#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace review {
namespace {

TEST(ConfigGraph, ShowsEnabledReviewersVotersVotingAndOutputs) {
  testing::TempRepo repo;
  testing::TempDir home;
  repo.write("tools/lic.toml", "# pack\n");
  repo.write(".review.toml", R"(fail_on = "medium"
[paths]
exclude = ["vendor/"]
[reviewers.style]
enabled = false
[reviewers.security]
strategy = "threshold"
threshold = 0.6
voters = [{ kind = "builtin", id = "security.query" }, { kind = "llm", weight = 2 }, { kind = "command", command = "say \"hi\"" }]
[reviewers.licensing]
taxonomy = ["missing-header"]
rule_packs = ["tools/lic.toml"]
voters = [{ kind = "builtin" }]
)");
  auto r = testing::run_review({"graph", "--staged", "--output", "sarif=out.sarif"}, repo.path(), "",
                               {{"XDG_CONFIG_HOME", home.path().string()}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& g = r.out;
  EXPECT_EQ(g.rfind("flowchart LR\n", 0), 0u);
  EXPECT_NE(g.find("change[\"staged: HEAD → index\"]"), std::string::npos) << g;
  EXPECT_NE(g.find("paths[\"paths: include  / exclude vendor/\"]"), std::string::npos) << g;
  EXPECT_NE(g.find("subgraph r_security[\"security reviewer\"]"), std::string::npos);
  EXPECT_NE(g.find("r_security_v0[\"security.query<br/>builtin\"]"), std::string::npos) << g;
  EXPECT_NE(g.find("r_security_v1[\"security.llm-2<br/>llm, weight 2\"]"), std::string::npos) << g;
  EXPECT_NE(g.find("r_security_v2[\"security.command-3<br/>command: say #quot;hi#quot;\"]"), std::string::npos) << g;
  EXPECT_NE(g.find("r_security_vote{\"vote: threshold ≥ 0.6<br/>quorum 2\"}"), std::string::npos) << g;
  EXPECT_NE(g.find("r_security_v1 -.-> llm"), std::string::npos);
  EXPECT_NE(g.find("llm[(\"LLM: none default model"), std::string::npos) << g;
  EXPECT_NE(g.find("subgraph r_licensing[\"licensing reviewer\"]"), std::string::npos);
  EXPECT_NE(g.find("subgraph r_performance"), std::string::npos);
  EXPECT_EQ(g.find("r_style"), std::string::npos) << "disabled reviewers are not drawn";
  EXPECT_NE(g.find("fail-on medium"), std::string::npos);
  EXPECT_NE(g.find("output[/\"text → stdout<br/>sarif=out.sarif\"/]"), std::string::npos) << g;
  EXPECT_NE(g.find("r_licensing_vote --> merged"), std::string::npos);

  repo.write(".review.toml", "[reviewers.security]\nstrategy = 3\n");
  auto bad = testing::run_review({"graph"}, repo.path(), "", {{"XDG_CONFIG_HOME", home.path().string()}});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("config error:"), std::string::npos);
}

}  // namespace
}  // namespace review
