// Where reports go: `--format FORMAT` renders to stdout, `--output FORMAT=PATH` (repeatable)
// to files. Every file is written atomically (util/fs.h: temporary sibling + rename), so a
// reader never sees a partial report, and all files are rendered before any is written.
//
// Typical use in a command (plugin/):
//   auto specs = parse_output_specs(options.outputs);            // usage error on bad spec
//   auto format = parse_format_option(options.format);           // usage error on bad name
//   WriterContext context{.color = resolve_stdout_color(options.color),
//                         .tool_version = REVIEW_VERSION};
//   add_post_images(context, diff);
//   fputs(render(*format, report, context).c_str(), stdout);
//   write_outputs(*specs, report, context);                      // files never get colour
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"
#include "report/writer.h"
#include "util/error.h"

namespace review {

/// One `--output FORMAT=PATH`.
struct OutputSpec {
  ReportFormat format = ReportFormat::json;
  std::filesystem::path path;
};

/// Parses "FORMAT=PATH" (the first '=' splits; PATH may contain more). Error (kind usage)
/// naming the spec: "--output \"x\": expected FORMAT=PATH with FORMAT one of text, json,
/// sarif, markdown, github".
Expected<OutputSpec> parse_output_spec(std::string_view spec);

/// Parses every spec; the first bad one is the error. Two specs naming the same path are a
/// usage error too (one would silently overwrite the other).
Expected<std::vector<OutputSpec>> parse_output_specs(const std::vector<std::string>& specs);

/// Parses a `--format` value (usage error naming it when unknown).
Expected<ReportFormat> parse_format_option(std::string_view name);

/// The report in `format` (dispatches to write_text/json/sarif/markdown/github).
std::string render(ReportFormat format, const Report& report, const WriterContext& context);

/// Renders every spec (colour off, whatever `context.color` says) and writes each file
/// atomically. Error (kind input) naming the path of the first file that cannot be written;
/// files written before it are kept, no file is ever partial.
Expected<void> write_outputs(const std::vector<OutputSpec>& specs, const Report& report,
                             const WriterContext& context);

}  // namespace review
