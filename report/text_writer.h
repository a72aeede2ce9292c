// Human-readable text report for terminals and logs.
//
//   src/app.py
//     src/app.py:12-13  HIGH  security/py.subprocess-shell (CWE-78)  3/3 voters, confidence 1.00
//       Shell command built from user input.
//       Suggestion: pass an argument list and shell=False.
//          11 | def run(cmd):
//       >  12 |     subprocess.call(cmd, shell=True)
//       >  13 |       ...
//
//   review: 1 finding (1 high; security 1)
//   reviewed 1 file, 2 chunks, 18 voter calls (0 cached), tokens 0 in / 0 out, 9 ms (…)
//
// Findings are grouped by file in report order, so findings of two reviewers at the same
// place stay separate but adjacent. Suppressed findings are not shown (only counted).
// Untrusted text (paths, messages, code) has control characters replaced, so it cannot
// emit terminal escapes; colour comes only from the writer, and only with Color::on.
#pragma once

#include <string>

#include "report/report.h"
#include "report/writer.h"

namespace review {

/// The text report (ends with a newline). Uses `context.post_images` for code excerpts and
/// `context.color`.
std::string write_text(const Report& report, const WriterContext& context);

}  // namespace review
