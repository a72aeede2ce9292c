// Configuration: precedence of the layers and the origin of each value, error messages
// naming file and line, trusted-only keys, custom reviewers, `review init` / `review config`.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "plugin/config.h"
#include "tests/test_support.h"
#include "util/text.h"

namespace review {
namespace {

using testing::TempDir;

struct Fixture {
  TempDir home;  // XDG_CONFIG_HOME
  TempDir repo;  // stands for the repository root
  std::map<std::string, std::string> env{{"XDG_CONFIG_HOME", ""}, {"HOME", ""}};
  Options options;

  Fixture() {
    env["XDG_CONFIG_HOME"] = home.path().string();
    options.repo_path = repo.path().string();
  }
  void write(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::filesystem::path user_file() const { return home.path() / "review" / "config.toml"; }
  std::filesystem::path repo_file() const { return repo.path() / ".review.toml"; }
  void user(const std::string& text) { write(user_file(), text); }
  void repo_config(const std::string& text) { write(repo_file(), text); }
  Expected<Config> load() { return load_config(options, repo.path(), env); }
};

const ConfigEntry& entry(const Config& c, std::string_view key) {
  for (const auto& e : c.entries)
    if (e.key == key) return e;
  static ConfigEntry none{"<missing>", "", {}};
  ADD_FAILURE() << "no entry " << key;
  return none;
}

TEST(ConfigLoad, DefaultsWhenNothingIsConfigured) {
  Fixture f;
  auto c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->fail_on, Severity::high);
  EXPECT_EQ(c->min_confidence, 0.0);
  EXPECT_EQ(c->filter, "added");
  EXPECT_EQ(c->jobs, 0);
  EXPECT_EQ(c->max_file_bytes, 1u << 20);
  EXPECT_EQ(c->llm.provider, "none");
  EXPECT_FALSE(c->llm.configured());
  EXPECT_EQ(c->llm.policy, "fail-open");
  EXPECT_TRUE(c->cache.enabled);
  ASSERT_EQ(c->reviewers.size(), 3u);
  EXPECT_EQ(c->reviewers[0].name, "security");
  EXPECT_EQ(c->reviewers[1].name, "performance");
  EXPECT_EQ(c->reviewers[2].name, "style");
  for (const auto& r : c->reviewers) {
    EXPECT_TRUE(r.enabled);
    EXPECT_FALSE(r.custom);
    EXPECT_EQ(r.policy.strategy, Strategy::majority);
    EXPECT_EQ(r.policy.quorum, 2);
    EXPECT_TRUE(r.voters.empty());
  }
  for (const auto& e : c->entries) EXPECT_EQ(e.origin.describe(), "default") << e.key;
  EXPECT_EQ(entry(*c, "reviewers.style.quorum").value, "2");
}

TEST(ConfigLoad, PrecedenceFlagsOverEnvOverRepoOverUser) {
  Fixture f;
  f.user("fail_on = \"low\"\nmin_confidence = 0.25\njobs = 2\nfilter = \"file\"\n[llm]\nmodel = \"user-model\"\n");
  f.repo_config("# repo\nfail_on = \"medium\"\njobs = 3\n\n[llm]\nmodel = \"repo-model\"\n");
  f.env["REVIEW_JOBS"] = "4";
  f.env["REVIEW_LLM_MODEL"] = "env-model";
  f.options.min_confidence = 0.5;
  f.options.llm_model = "flag-model";
  auto c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->fail_on, Severity::medium);
  EXPECT_EQ(entry(*c, "fail_on").origin.describe(), "repo " + f.repo_file().string() + ":2");
  EXPECT_EQ(c->filter, "file");
  EXPECT_EQ(entry(*c, "filter").origin.describe(), "user " + f.user_file().string() + ":4");
  EXPECT_EQ(c->jobs, 4);
  EXPECT_EQ(entry(*c, "jobs").origin.describe(), "env REVIEW_JOBS");
  EXPECT_EQ(c->min_confidence, 0.5);
  EXPECT_EQ(entry(*c, "min_confidence").origin.describe(), "flag --min-confidence");
  EXPECT_EQ(c->llm.model, "flag-model");
  EXPECT_EQ(entry(*c, "llm.model").value, "\"flag-model\"");
  EXPECT_EQ(c->user_config_file, f.user_file().string());
  EXPECT_EQ(c->repo_config_file, f.repo_file().string());
}

TEST(ConfigLoad, ExplicitConfigPathReplacesTheRepositoryFile) {
  Fixture f;
  f.repo_config("fail_on = \"low\"\n");
  f.write(f.repo.path() / "ci" / "review.toml", "fail_on = \"critical\"\n");
  f.options.config_path = "ci/review.toml";
  auto c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->fail_on, Severity::critical);
  f.options.config_path = "missing.toml";
  auto missing = f.load();
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no such file"), std::string::npos);
}

TEST(ConfigLoad, UnknownKeyNamesKeyFileAndLine) {
  Fixture f;
  f.repo_config("fail_on = \"high\"\n\nfial_on = \"low\"\n");
  auto c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::config);
  EXPECT_EQ(c.error().message, "config error: " + f.repo_file().string() + ":3: unknown key 'fial_on'");

  f.repo_config("[reviewers.security]\nstrategy = \"majority\"\nqourum = 3\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            "config error: " + f.repo_file().string() + ":3: unknown key 'reviewers.security.qourum'");

  f.repo_config("[llm]\nmodle = \"x\"\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "config error: " + f.repo_file().string() + ":2: unknown key 'llm.modle'");

  f.repo_config("[colour]\nauto = true\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "config error: " + f.repo_file().string() + ":1: unknown key 'colour'");
}

TEST(ConfigLoad, WrongTypeNamesKeyFileAndLine) {
  Fixture f;
  f.user("jobs = \"many\"\n");
  auto c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            "config error: " + f.user_file().string() + ":1: 'jobs' must be an integer, not a string");

  f.user("\nfail_on = \"severe\"\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "config error: " + f.user_file().string() +
                                   ":2: 'fail_on' must be one of none, info, low, medium, high, critical, not \"severe\"");

  f.user("min_confidence = 1.5\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(":1: 'min_confidence' must be between 0 and 1"), std::string::npos)
      << c.error().message;

  f.user("[paths]\nexclude = [\"a\", 3]\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(":2: 'paths.exclude' must be an array of strings"), std::string::npos)
      << c.error().message;

  f.user("[reviewers.style]\nseverity_overrides = { \"style.long-line\" = \"huge\" }\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(":2: 'reviewers.style.severity_overrides.style.long-line' must be one of"),
            std::string::npos)
      << c.error().message;
}

TEST(ConfigLoad, SyntaxErrorNamesFileAndLine) {
  Fixture f;
  f.repo_config("fail_on = \"high\"\njobs = = 3\n");
  auto c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message.rfind("config error: " + f.repo_file().string() + ":2: ", 0), 0u) << c.error().message;
}

TEST(ConfigLoad, EnvironmentErrorsNameTheVariable) {
  Fixture f;
  f.env["REVIEW_JOBS"] = "lots";
  auto c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "config error: environment REVIEW_JOBS: 'jobs' must be an integer, not \"lots\"");
  f.env.erase("REVIEW_JOBS");
  f.env["REVIEW_PATHS_EXCLUDE"] = "vendor/, *.min.js";
  f.env["REVIEW_LLM_ADAPTIVE"] = "yes";
  c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->exclude, (std::vector<std::string>{"vendor/", "*.min.js"}));
  EXPECT_TRUE(c->llm.adaptive);
  EXPECT_FALSE(c->paths.accepts("vendor/lib.c"));
  EXPECT_TRUE(c->paths.accepts("src/lib.c"));
}

TEST(ConfigLoad, RepositoryConfigCannotRedirectTheLlmWithoutTrust) {
  Fixture f;
  f.repo_config("[llm]\nprovider = \"openai\"\nbase_url = \"https://evil.example/v1\"\napi_key_env = \"AWS_SECRET\"\nmodel = \"m\"\n");
  auto c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->llm.provider, "none");
  EXPECT_EQ(c->llm.base_url, "");
  EXPECT_EQ(c->llm.api_key_env, "");
  EXPECT_EQ(c->llm.model, "m");  // not trusted-only
  ASSERT_EQ(c->warnings.size(), 3u);
  EXPECT_NE(c->warnings[1].find(f.repo_file().string() + ":3: ignoring 'llm.base_url'"), std::string::npos)
      << c->warnings[1];
  EXPECT_NE(c->warnings[1].find("--trust-repo-config"), std::string::npos);

  f.options.trust_repo_config = true;
  c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->llm.provider, "openai");
  EXPECT_EQ(c->llm.base_url, "https://evil.example/v1");
  EXPECT_TRUE(c->warnings.empty());

  // The user's own config is trusted.
  Fixture g;
  g.user("[llm]\nprovider = \"anthropic\"\nbase_url = \"http://127.0.0.1:9/\"\n");
  c = g.load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->llm.provider, "anthropic");
  EXPECT_EQ(c->llm.base_url, "http://127.0.0.1:9/");
  EXPECT_EQ(entry(*c, "llm.base_url").origin.describe(), "user " + g.user_file().string() + ":3");
}

TEST(ConfigLoad, ReviewerSettingsVotersAndOverrides) {
  Fixture f;
  f.repo_config(R"([reviewers.security]
strategy = "weighted"
quorum = 1
voters = [
  { kind = "builtin", variant = "rules", weight = 2 },
  { kind = "llm", id = "sec-llm", temperature = 0.2 },
  { kind = "command", command = "semgrep --json" },
]
severity_overrides = { "py.eval" = "low" }
disabled_rules = ["js.innerhtml"]

[reviewers.style]
enabled = false
)");
  auto c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  const ReviewerConfig* sec = c->reviewer("security");
  ASSERT_NE(sec, nullptr);
  EXPECT_EQ(sec->policy.strategy, Strategy::weighted);
  EXPECT_EQ(sec->policy.quorum, 1);
  ASSERT_EQ(sec->voters.size(), 3u);
  EXPECT_EQ(sec->voters[0].kind, VoterKind::builtin);
  EXPECT_EQ(sec->voters[0].variant, "rules");
  EXPECT_EQ(sec->voters[0].weight, 2.0);
  EXPECT_EQ(sec->voters[1].kind, VoterKind::llm);
  EXPECT_EQ(sec->voters[1].id, "sec-llm");
  EXPECT_EQ(sec->voters[1].temperature, 0.2);
  EXPECT_EQ(sec->voters[2].command, "semgrep --json");
  EXPECT_EQ(sec->policy.weights, (std::vector<double>{2.0, 1.0, 1.0}));
  EXPECT_EQ(sec->severity_overrides.at("py.eval"), Severity::low);
  EXPECT_EQ(sec->disabled_rules, std::vector<std::string>{"js.innerhtml"});
  EXPECT_FALSE(c->reviewer("style")->enabled);
  EXPECT_EQ(entry(*c, "reviewers.security.voters").value,
            "[{ kind = \"builtin\", weight = 2.0, variant = \"rules\" }, { kind = \"llm\", id = \"sec-llm\", "
            "temperature = 0.2 }, { kind = \"command\", command = \"semgrep --json\" }]");

  f.repo_config("[reviewers.security]\nvoters = [{ kind = \"command\" }]\n");
  auto bad = f.load();
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find(":2: 'reviewers.security.voters[0]' has kind = \"command\" but no command"),
            std::string::npos)
      << bad.error().message;

  f.repo_config("[reviewers.security]\nvoters = [{ kind = \"llm\", wieght = 2 }]\n");
  bad = f.load();
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find(":2: unknown key 'reviewers.security.voters[0].wieght'"), std::string::npos)
      << bad.error().message;
}

TEST(ConfigLoad, CustomReviewerWithTaxonomyRulePacksAndPrompts) {
  Fixture f;
  f.write(f.repo.path() / "tools" / "lic.toml", "# rule pack\n");
  f.write(f.repo.path() / "tools" / "lic.md", "Check licences.\n");
  f.repo_config(R"([reviewers.licensing]
taxonomy = ["missing-header", "incompatible-license"]
rule_packs = ["tools/lic.toml"]
voters = [{ kind = "builtin" }, { kind = "llm", prompt = "tools/lic.md" }, { kind = "command", command = "true" }]
strategy = "union"
)");
  auto c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->reviewers.size(), 4u);
  const ReviewerConfig& r = c->reviewers[3];
  EXPECT_EQ(r.name, "licensing");
  EXPECT_TRUE(r.custom);
  EXPECT_EQ(r.policy.strategy, Strategy::union_);
  EXPECT_EQ(r.taxonomy, (std::vector<std::string>{"missing-header", "incompatible-license"}));
  ASSERT_EQ(r.rule_packs.size(), 1u);
  EXPECT_EQ(r.rule_packs[0], (f.repo.path() / "tools" / "lic.toml").lexically_normal());
  EXPECT_EQ(r.voters[1].prompt, (f.repo.path() / "tools" / "lic.md").lexically_normal().string());

  // --strategy and --aspects reach custom reviewers too.
  f.options.strategy = "unanimous";
  f.options.aspects = "security,licensing";
  c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->reviewer("licensing")->policy.strategy, Strategy::unanimous);
  EXPECT_EQ(entry(*c, "reviewers.licensing.strategy").origin.describe(), "flag --strategy");
  EXPECT_TRUE(c->reviewer("security")->enabled);
  EXPECT_TRUE(c->reviewer("licensing")->enabled);
  EXPECT_FALSE(c->reviewer("performance")->enabled);
  EXPECT_EQ(entry(*c, "reviewers.performance.enabled").origin.describe(), "flag --aspects");
  f.options.aspects = "security,secrets";
  auto bad = f.load();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::usage);
  EXPECT_NE(bad.error().message.find("unknown reviewer 'secrets'"), std::string::npos);
}

TEST(ConfigLoad, CustomReviewerNeedsTaxonomyVotersAndExistingFiles) {
  Fixture f;
  f.repo_config("\n[reviewers.mycheck]\nvoters = [{ kind = \"llm\" }]\n");
  auto c = f.load();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "config error: " + f.repo_file().string() +
                                   ":2: custom reviewer 'mycheck' needs a taxonomy (the categories its findings may use)");
  f.repo_config("[reviewers.mycheck]\ntaxonomy = [\"x\"]\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("custom reviewer 'mycheck' needs voters"), std::string::npos);
  f.repo_config("[reviewers.mycheck]\ntaxonomy = [\"x\"]\nvoters = [{ kind = \"builtin\" }]\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("has a builtin voter but no rule_packs"), std::string::npos);
  f.repo_config("[reviewers.mycheck]\ntaxonomy = [\"x\"]\nrule_packs = [\"nope.toml\"]\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(":3: 'reviewers.mycheck.rule_packs': no such file: "), std::string::npos)
      << c.error().message;
  f.repo_config("[reviewers.\"bad name\"]\ntaxonomy = [\"x\"]\n");
  c = f.load();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("reviewer name 'bad name' may only use"), std::string::npos);
}

TEST(ConfigLoad, InitFileListsEveryKeyAndChangesNothing) {
  Fixture f;
  std::string text = commented_default_config();
  for (const auto& info : config_keys()) {
    std::string_view key = info.key;
    std::string leaf(key.substr(key.rfind('.') == std::string_view::npos ? 0 : key.rfind('.') + 1));
    if (leaf == "taxonomy") continue;  // only in the custom-reviewer example
    EXPECT_NE(text.find("# " + leaf + " = " + std::string(info.default_toml)), std::string::npos) << key;
  }
  f.repo_config(text);
  auto c = f.load();
  ASSERT_TRUE(c) << c.error().message;
  for (const auto& e : c->entries) EXPECT_EQ(e.origin.describe(), "default") << e.key;

  // Uncommenting every default line gives a valid file with the same values.
  std::string uncommented;
  const std::regex setting("^# [a-z_]+ = .*");
  bool in_example = false;
  for (const auto& line : split(text, '\n')) {
    in_example = in_example || line.find("A custom reviewer") != std::string::npos;
    bool trusted_only = line.find("provider =") != std::string::npos || line.find("base_url =") != std::string::npos ||
                        line.find("api_key_env =") != std::string::npos;
    bool uncomment = !in_example && !trusted_only && std::regex_match(line, setting);
    uncommented += (uncomment ? line.substr(2) : line) + "\n";
  }
  f.repo_config(uncommented);
  auto u = f.load();
  ASSERT_TRUE(u) << u.error().message;
  ASSERT_EQ(u->entries.size(), c->entries.size());
  for (std::size_t i = 0; i < c->entries.size(); ++i) EXPECT_EQ(u->entries[i].value, c->entries[i].value);
  EXPECT_EQ(entry(*u, "reviewers.style.quorum").origin.kind, OriginKind::repo_file);
  EXPECT_TRUE(u->warnings.empty());
}

TEST(ConfigLoad, EveryKeyIsDocumented) {
  std::ifstream in(std::filesystem::path(REVIEW_SOURCE_DIR) / "docs" / "configuration.md");
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(doc.empty());
  for (const auto& info : config_keys())
    EXPECT_NE(doc.find("| `" + std::string(info.key) + "` | "), std::string::npos) << info.key << " is not in docs/configuration.md";
}

TEST(ConfigCommand, InitThenConfigShowOrigins) {
  testing::TempRepo repo;
  TempDir home;
  std::map<std::string, std::string> env{{"XDG_CONFIG_HOME", home.path().string()}};
  auto init = testing::run_review({"init"}, repo.path(), "", env);
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(std::filesystem::exists(repo.path() / ".review.toml"));
  auto again = testing::run_review({"init"}, repo.path(), "", env);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);

  repo.write(".review.toml", "fail_on = \"medium\"\n[llm]\nbase_url = \"http://x\"\n");
  env["REVIEW_JOBS"] = "3";
  auto shown = testing::run_review({"config", "--filter", "file"}, repo.path(), "", env);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  std::string repo_file = (std::filesystem::canonical(repo.path()) / ".review.toml").string();
  EXPECT_NE(shown.out.find("fail_on = \"medium\""), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("# repo " + repo_file + ":1"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("# env REVIEW_JOBS"), std::string::npos);
  EXPECT_NE(shown.out.find("# flag --filter"), std::string::npos);
  EXPECT_NE(shown.err.find("ignoring 'llm.base_url'"), std::string::npos) << shown.err;

  auto printed = testing::run_review({"--print-config", "--json"}, repo.path(), "", env);
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_NE(printed.out.find("\"origin\": \"env REVIEW_JOBS\""), std::string::npos) << printed.out;

  repo.write(".review.toml", "jobs = true\n");
  auto broken = testing::run_review({"config"}, repo.path(), "", env);
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("config error: " + repo_file + ":1: 'jobs' must be an integer"), std::string::npos)
      << broken.err;
}

}  // namespace
}  // namespace review
