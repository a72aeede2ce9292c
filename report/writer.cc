// Format names, the colour decision and post-image collection for the report writers.
#include "report/writer.h"

#include <unistd.h>

#include <cstdlib>

namespace review {

const char* to_string(ReportFormat format) {
  switch (format) {
    case ReportFormat::text: return "text";
    case ReportFormat::json: return "json";
    case ReportFormat::sarif: return "sarif";
    case ReportFormat::markdown: return "markdown";
    case ReportFormat::github: return "github";
  }
  return "text";
}

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  for (ReportFormat f : {ReportFormat::text, ReportFormat::json, ReportFormat::sarif, ReportFormat::markdown,
                         ReportFormat::github}) {
    if (name == to_string(f)) return f;
  }
  return std::nullopt;
}

void add_post_images(WriterContext& context, const Diff& diff) {
  for (const FileDiff& file : diff.files) {
    if (file.has_post_image) context.post_images[file.path] = file.post_image;
  }
}

Color resolve_color(std::string_view color_flag, bool stdout_is_tty, bool no_color_set) {
  if (color_flag == "always") return Color::on;
  if (color_flag == "never") return Color::off;
  return stdout_is_tty && !no_color_set ? Color::on : Color::off;
}

Color resolve_stdout_color(std::string_view color_flag) {
  const char* no_color = std::getenv("NO_COLOR");
  return resolve_color(color_flag, isatty(STDOUT_FILENO) != 0, no_color != nullptr && *no_color != '\0');
}

}  // namespace review
