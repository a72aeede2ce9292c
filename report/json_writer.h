// The JSON report, version 1 (DESIGN.md "JSON report contract"; schema in
// docs/report.schema.json), and its reader for `review merge` of shard reports.
//
// Shape: {"version": 1, "tool": {name, version}, "source": {kind, base, head},
//         "findings": [...], "degraded": [...], "skipped": [...], "notes": [...],
//         "stats": {...}}. Keys keep this order; findings keep the report's order (sort_report).
// Additions to the contract (never removals): findings[].suppressed, "notes",
// stats.{dropped_findings, calls_saved, hidden_findings, baselined_findings, stage_ms}.
// Confidence is rounded to 3 decimals so the bytes are stable and survive a round trip.
#pragma once

#include <string>
#include <string_view>

#include "report/report.h"
#include "report/writer.h"
#include "util/error.h"

namespace review {

/// The report as pretty-printed JSON (2-space indent, trailing newline). Invalid UTF-8 in
/// any string becomes U+FFFD. Uses `context.tool_version`; ignores colour and post-images.
std::string write_json(const Report& report, const WriterContext& context);

/// Parses a JSON report written by `write_json` (any tool version with "version": 1).
/// Unknown keys are ignored; the additions listed above are optional. Error (kind input)
/// naming `origin` and the offending field, e.g. "a.json: findings[2].severity: unknown
/// severity \"huge\"", for malformed JSON, another version, or a missing/mistyped field.
Expected<Report> read_json_report(std::string_view json, std::string_view origin = "report");

}  // namespace review
