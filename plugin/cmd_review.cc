// `review [SOURCE] [OPTIONS]` and `review baseline [SOURCE] -o FILE`: configuration, the
// pipeline (plugin/pipeline.h), then visibility, baseline, outputs and the exit code.
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "plugin/commands.h"
#include "plugin/config.h"
#include "plugin/parallelism.h"
#include "plugin/pipeline.h"
#include "plugin/progress.h"
#include "report/baseline.h"
#include "report/output.h"
#include "report/policy.h"
#include "report/writer.h"
#include "reviewers/builtin/rule_pack.h"

namespace review {

namespace {

/// Everything a review-like command needs before the pipeline runs.
struct ReviewSetup {
  Config config;
  ReportPolicy policy;
  ReportFormat format = ReportFormat::text;
  std::vector<OutputSpec> outputs;
};

Expected<ReviewSetup> prepare(const Options& options) {
  ReviewSetup s;
  auto config = load_config(options, find_repo_root(options.repo_path));
  if (!config) return std::unexpected(config.error());
  s.config = std::move(*config);
  s.policy.fail_on = s.config.fail_on;
  s.policy.min_confidence = s.config.min_confidence;
  auto format = parse_format_option(s.config.format);
  if (!format) return std::unexpected(format.error());
  s.format = *format;
  auto outputs = parse_output_specs(options.outputs);
  if (!outputs) return std::unexpected(outputs.error());
  s.outputs = std::move(*outputs);
  return s;
}

/// Rule metadata for SARIF and Markdown, from the rule packs.
void add_rule_metadata(WriterContext& context) {
  for (const auto& rule : builtin::builtin_rules()->rules)
    context.rules[rule.id] = RuleInfo{rule.id, rule.message, rule.help, ""};
}

Expected<ReviewRun> run_with_progress(const Options& options, const Config& config) {
  auto parallelism = limit_parallelism(config.jobs > 0 ? std::optional<int>(config.jobs) : std::nullopt);
  std::unique_ptr<ProgressDisplay> display;
  if (progress_wanted(options.progress)) display = std::make_unique<ProgressDisplay>(stderr);
  auto run = run_review_pipeline(options, config, display.get());
  if (display) display->finish();
  return run;
}

}  // namespace

Expected<ExitCode> run_review_command(const Options& options) {
  auto setup = prepare(options);
  if (!setup) return std::unexpected(setup.error());
  auto run = run_with_progress(options, setup->config);
  if (!run) return std::unexpected(run.error());
  Report& report = run->report;

  apply_visibility(report, setup->policy);
  if (options.baseline) {
    auto baseline = load_baseline(*options.baseline);
    if (!baseline) return std::unexpected(baseline.error());
    apply_baseline(report, *baseline);
  }

  WriterContext context;
  add_post_images(context, run->diff);
  context.tool_version = REVIEW_VERSION;
  add_rule_metadata(context);
  context.color = resolve_stdout_color(options.color);
  std::string out = render(setup->format, report, context);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  context.color = Color::off;
  if (auto written = write_outputs(setup->outputs, report, context); !written) return std::unexpected(written.error());
  if (!run->outcome_reason.empty()) std::fprintf(stderr, "review: %s\n", run->outcome_reason.c_str());
  return exit_code_for(report, setup->policy, run->outcome);
}

Expected<ExitCode> run_baseline_command(const Options& options) {
  if (options.output_file.empty()) return fail(ErrorKind::usage, "baseline: -o FILE is required");
  auto setup = prepare(options);
  if (!setup) return std::unexpected(setup.error());
  auto run = run_with_progress(options, setup->config);
  if (!run) return std::unexpected(run.error());
  apply_visibility(run->report, setup->policy);
  Baseline baseline = make_baseline(run->report);
  if (auto saved = save_baseline(options.output_file, baseline); !saved) return std::unexpected(saved.error());
  std::fprintf(stderr, "review: baseline of %zu findings written to %s\n", run->report.findings.size(),
               options.output_file.c_str());
  return ExitCode::clean;
}

}  // namespace review
