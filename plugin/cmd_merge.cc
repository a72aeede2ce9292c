// `review merge REPORT.json...`: joins the JSON reports of `--shard I/N` runs (e.g. GitHub
// Actions matrix jobs) into the report of the whole change (plugin/shard.h says what is
// equal), then applies --min-confidence/--fail-on like a review run. Stdout gets JSON unless
// --format is given; --output FORMAT=PATH writes more formats.
#include <fmt/format.h>

#include <cstdio>

#include "plugin/commands.h"
#include "plugin/config.h"
#include "plugin/shard.h"
#include "report/json_writer.h"
#include "report/output.h"
#include "report/policy.h"
#include "util/fs.h"

namespace review {

Expected<ExitCode> run_merge_command(const Options& options) {
  auto config = load_config(options, find_repo_root(options.repo_path));
  if (!config) return std::unexpected(config.error());
  auto specs = parse_output_specs(options.outputs);
  if (!specs) return std::unexpected(specs.error());
  auto format = parse_format_option(options.format_set ? options.format : "json");
  if (!format) return std::unexpected(format.error());

  std::vector<Report> shards;
  for (const auto& input : options.inputs) {
    auto text = read_file(input);
    if (!text) return std::unexpected(text.error());
    auto report = read_json_report(*text, input);
    if (!report) return std::unexpected(report.error());
    shards.push_back(std::move(*report));
  }
  auto merged = merge_shard_reports(std::move(shards));
  if (!merged) return std::unexpected(merged.error());

  ReportPolicy policy{config->fail_on, config->min_confidence};
  apply_visibility(*merged, policy);
  WriterContext context;
  context.color = resolve_stdout_color(options.color);
  context.tool_version = REVIEW_VERSION;
  std::string out = render(*format, *merged, context);
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (auto w = write_outputs(*specs, *merged, context); !w) return std::unexpected(w.error());
  return exit_code_for(*merged, policy, RunOutcome::completed);
}

}  // namespace review
