// --output FORMAT=PATH parsing, format dispatch, atomic writes of every output file.
#include "report/output.h"

#include <fmt/format.h>

#include <set>

#include "report/github_writer.h"
#include "report/json_writer.h"
#include "report/markdown_writer.h"
#include "report/sarif_writer.h"
#include "report/text_writer.h"
#include "util/fs.h"

namespace review {

namespace {
constexpr std::string_view k_format_names = "text, json, sarif, markdown, github";
}

Expected<OutputSpec> parse_output_spec(std::string_view spec) {
  const auto eq = spec.find('=');
  const auto bad = [&] {
    return fail(ErrorKind::usage,
                fmt::format("--output \"{}\": expected FORMAT=PATH with FORMAT one of {}", spec, k_format_names));
  };
  if (eq == std::string_view::npos || eq + 1 == spec.size()) return bad();
  auto format = parse_report_format(spec.substr(0, eq));
  if (!format) return bad();
  return OutputSpec{*format, std::filesystem::path(std::string(spec.substr(eq + 1)))};
}

Expected<std::vector<OutputSpec>> parse_output_specs(const std::vector<std::string>& specs) {
  std::vector<OutputSpec> out;
  std::set<std::filesystem::path> paths;
  for (const std::string& spec : specs) {
    auto parsed = parse_output_spec(spec);
    if (!parsed) return std::unexpected(parsed.error());
    if (!paths.insert(parsed->path.lexically_normal()).second) {
      return fail(ErrorKind::usage, fmt::format("--output \"{}\": {} is already an output", spec, parsed->path.string()));
    }
    out.push_back(std::move(*parsed));
  }
  return out;
}

Expected<ReportFormat> parse_format_option(std::string_view name) {
  if (auto format = parse_report_format(name)) return *format;
  return fail(ErrorKind::usage, fmt::format("--format \"{}\": expected one of {}", name, k_format_names));
}

std::string render(ReportFormat format, const Report& report, const WriterContext& context) {
  switch (format) {
    case ReportFormat::text: return write_text(report, context);
    case ReportFormat::json: return write_json(report, context);
    case ReportFormat::sarif: return write_sarif(report, context);
    case ReportFormat::markdown: return write_markdown(report, context);
    case ReportFormat::github: return write_github(report, context);
  }
  return write_text(report, context);
}

Expected<void> write_outputs(const std::vector<OutputSpec>& specs, const Report& report,
                             const WriterContext& context) {
  WriterContext file_context = context;
  file_context.color = Color::off;
  std::vector<std::string> rendered;
  rendered.reserve(specs.size());
  for (const OutputSpec& spec : specs) rendered.push_back(render(spec.format, report, file_context));
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto written = write_file_atomic(specs[i].path, rendered[i]);
    if (!written) return std::unexpected(written.error());  // names the path
  }
  return {};
}

}  // namespace review
