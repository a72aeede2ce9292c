// Markdown report for a pull-request comment or $GITHUB_STEP_SUMMARY (GitHub Flavored
// Markdown): a heading, a summary table (severity × reviewer), a line of counts and run
// statistics, then findings grouped by severity (most severe first), each a collapsible
// <details> block with its location, rule, votes, message, suggestion and code excerpt;
// degraded chunks, skipped files and notes follow in their own collapsible blocks.
//
// Escaping: all text from code, paths, messages and voters is untrusted. Outside code it is
// written with every character that can start inline Markdown or HTML (`& < > " ' \` * _ [ ]
// | \ ~ # ! { } @ $`) as a character reference (`<` → `&lt;`, `*` → `&#42;`, …), newlines as
// `<br>` (so the text stays on one line), and a leading punctuation character or "1." as a
// reference too, so it can neither open HTML tags, links, tables, emphasis, lists or
// headings, nor end the <details> block. Code goes into a fenced block whose fence is longer
// than any backtick run inside it.
//
// Size: GitHub accepts at most 1 MiB per step summary. Whole blocks are emitted while they
// fit under `WriterContext::markdown_limit_bytes`; the rest is left out with a closing note
// saying how many findings were not shown. The result is never larger than the limit.
#pragma once

#include <string>
#include <string_view>

#include "report/report.h"
#include "report/writer.h"

namespace review {

/// The Markdown report (ends with a newline). Uses post_images and markdown_limit_bytes.
std::string write_markdown(const Report& report, const WriterContext& context);

/// `text` with Markdown/HTML-significant ASCII punctuation replaced by character
/// references, control characters by U+FFFD and newlines by "<br>" (see above).
std::string markdown_escape(std::string_view text);

}  // namespace review
