// CLI11 option table. Source modes are mutually exclusive; the first one given wins is
// not allowed — two modes are a usage error.
#include "plugin/cli.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace review {

namespace {

struct SubcommandInfo {
  const char* name;
  const char* help;
};

constexpr SubcommandInfo k_subcommands[] = {
    {"diff", "Print the parsed diff and its chunks"},
    {"plan", "Chunks x reviewers x voters that would run, with estimated tokens; makes no calls"},
    {"rules", "List the built-in rules"},
    {"install-hook", "Install the git pre-commit hook (chains an existing one)"},
    {"uninstall-hook", "Remove the pre-commit hook and restore what was there"},
    {"baseline", "Record the fingerprints of current findings to FILE (-o FILE)"},
    {"merge", "Merge shard reports (JSON) into one"},
    {"init", "Write a commented .review.toml"},
    {"graph", "Print the configured workflow as a Mermaid diagram"},
    {"config", "Show each effective configuration value and where it came from"},
};

}  // namespace

Expected<Options> parse_command_line(int argc, char** argv, int* early_exit) {
  Options o;
  CLI::App app{"review: a code reviewer for git changes (security, performance, style; voted findings)", "review"};
  app.set_version_flag("--version", std::string("review ") + REVIEW_VERSION);
  app.require_subcommand(0, 1);

  bool staged = false, worktree = false;
  std::string commit, range, base, patch;
  auto* g = app.add_option_group("source", "What to review (default: HEAD -> working tree, like `git diff HEAD`)");
  g->add_flag("--staged", staged, "HEAD -> index (what `git commit` would record); for pre-commit hooks");
  g->add_flag("--worktree", worktree, "HEAD -> working tree including staged changes (default)");
  g->add_option("--commit", commit, "REV against its first parent");
  g->add_option("--range", range, "A..B, or A...B from the merge-base");
  g->add_option("--base", base, "merge-base(REF, HEAD) -> HEAD: the pull-request mode");
  g->add_option("--patch", patch, "a unified diff from FILE, or - for stdin");
  g->require_option(0, 1);
  app.add_flag("--untracked", o.source.include_untracked, "With --worktree: include untracked files");

  app.add_option("--format", o.format, "What goes to stdout")
      ->check(CLI::IsMember({"text", "json", "sarif", "markdown", "github"}));
  app.add_option("--output", o.outputs, "Extra output FORMAT=PATH (repeatable)");
  app.add_option("--fail-on", o.fail_on, "Exit 1 if a confirmed finding is at/above this severity (default high)")
      ->check(CLI::IsMember({"none", "info", "low", "medium", "high", "critical"}));
  app.add_option("--min-confidence", o.min_confidence, "Hide findings below this confidence (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--aspects", o.aspects, "Reviewers to run, comma-separated (security,performance,style)");
  app.add_option("--strategy", o.strategy, "Voting strategy for every reviewer")
      ->check(CLI::IsMember({"majority", "unanimous", "weighted", "threshold", "union"}));
  app.add_option("--voters", o.voters, "Voters per reviewer")->check(CLI::Range(1, 16));
  app.add_option("--filter", o.filter, "Which lines findings may touch (default added)")
      ->check(CLI::IsMember({"added", "diff_context", "file", "nofilter"}));
  app.add_option("--jobs,-j", o.jobs, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  app.add_option("--config", o.config_path, "Configuration file (default: .review.toml at the repository root)");
  app.add_flag("--no-cache", o.no_cache, "Do not read or write the LLM answer cache");
  app.add_flag("--progress,!--no-progress", o.progress, "Progress display on stderr (default: on a terminal)");
  app.add_option("--color", o.color, "Colour in text output")->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--shard", o.shard, "Review shard I of N (I/N, 1-based) of the changed files");
  app.add_option("--baseline", o.baseline, "Report only findings not recorded in this baseline file");
  app.add_flag("--json", o.json, "JSON output (diff, rules, plan, config)");
  app.add_option("-o,--out", o.output_file, "Output file (baseline)");
  app.add_option("-C", o.repo_path, "Run as if started in this directory");
  app.add_option("--llm", o.llm, "LLM provider for the voters")->check(CLI::IsMember({"openai", "anthropic", "none"}));
  app.add_option("--llm-url", o.llm_url, "LLM API base URL");
  app.add_option("--llm-model", o.llm_model, "LLM model name");
  app.add_option("--max-in-flight", o.max_in_flight, "Concurrent LLM requests (default 8)")->check(CLI::Range(1, 256));
  app.add_option("--deadline", o.deadline_s, "Deadline for the whole run, seconds")->check(CLI::PositiveNumber);
  app.add_option("--max-calls", o.max_calls, "Cap on LLM calls in this run")->check(CLI::NonNegativeNumber);
  app.add_option("--max-tokens", o.max_tokens, "Cap on estimated LLM tokens in this run")->check(CLI::NonNegativeNumber);
  app.add_option("--policy", o.policy, "On reviewer backend failure: fail-open (report what exists) or fail-closed (exit 3)")
      ->check(CLI::IsMember({"fail-open", "fail-closed"}));
  app.add_flag("--trust-repo-config", o.trust_repo_config,
               "Let the reviewed repository's .review.toml set the LLM endpoint, key variable and provider");
  app.add_flag("--print-config", o.print_config, "Show the effective configuration and exit");

  for (const auto& sc : k_subcommands) {
    auto* sub = app.add_subcommand(sc.name, sc.help);
    sub->fallthrough();
    if (std::string(sc.name) == "merge") sub->add_option("reports", o.inputs, "Shard reports (JSON)")->required();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    *early_exit = app.exit(e);
    return fail(ErrorKind::interrupted, "");
  } catch (const CLI::CallForVersion& e) {
    *early_exit = app.exit(e);
    return fail(ErrorKind::interrupted, "");
  } catch (const CLI::ParseError& e) {
    return fail(ErrorKind::usage, e.what());
  }
  for (auto* sub : app.get_subcommands()) o.command = sub->get_name();
  o.format_set = app.get_option("--format")->count() > 0;

  if (staged) o.source.kind = SourceKind::staged;
  else if (!commit.empty()) { o.source.kind = SourceKind::commit; o.source.rev = commit; }
  else if (!range.empty()) { o.source.kind = SourceKind::range; o.source.rev = range; }
  else if (!base.empty()) { o.source.kind = SourceKind::base; o.source.rev = base; }
  else if (!patch.empty()) { o.source.kind = SourceKind::patch; o.source.rev = patch; }
  else o.source.kind = SourceKind::worktree;
  (void)worktree;
  return o;
}

}  // namespace review
