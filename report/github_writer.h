// GitHub Actions workflow-command annotations, one per line:
//   ::error file=src/a.py,line=12,endLine=13,title=high security/py.eval (CWE-95) 3%2F3 …::message
// (GitHub docs "Workflow commands for GitHub Actions".) Levels: critical/high → error,
// medium → warning, low/info and needs_review → notice. Suppressed findings are not shown.
//
// GitHub shows at most 10 annotations per level per step, so at most 10 errors and 10
// warnings are emitted, most severe first (then report order), and at most 9 notices; if
// anything was left out, or chunks were degraded or files skipped, one closing notice says
// how many — the 10th notice.
//
// Escaping (the injection defence): in the message `%` → `%25`, `\r` → `%0D`, `\n` → `%0A`
// (`%` first); in property values also `:` → `%3A`, `,` → `%2C`. Every emitted line is
// therefore exactly one command that we wrote: untrusted text (paths, titles, messages)
// cannot end the line, start another `::command::`, or add a property.
#pragma once

#include <string>
#include <string_view>

#include "report/report.h"
#include "report/writer.h"

namespace review {

/// The annotations (each line ends with '\n'; empty string when there is nothing to say).
std::string write_github(const Report& report, const WriterContext& context);

/// Escapes a workflow-command message (data after the final "::").
std::string escape_command_message(std::string_view text);

/// Escapes a workflow-command property value (file=, title=, …).
std::string escape_command_property(std::string_view text);

}  // namespace review
