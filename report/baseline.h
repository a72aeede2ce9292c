// Baselines: `review baseline [SOURCE] -o FILE` records the fingerprints of the current
// findings; later runs with `--baseline FILE` report only findings whose fingerprint is not
// recorded. Fingerprints (reviewers/fingerprint.h) hash rule + path + normalized snippet +
// occurrence index, so a baselined finding stays baselined when lines are inserted above
// it or the code is re-indented.
//
// File format (JSON, sorted, one entry per fingerprint, written atomically):
//   {"version": 1, "tool": "review",
//    "fingerprints": [{"fingerprint": "…", "rule_id": "py.eval", "path": "src/a.py"}, …]}
// `rule_id` and `path` are for humans reading the file (and review diffs of it); matching
// uses the fingerprint alone.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"
#include "util/error.h"

namespace review {

struct BaselineEntry {
  std::string fingerprint;
  std::string rule_id;
  std::string path;
};

/// A set of recorded findings, sorted by (path, rule_id, fingerprint), unique fingerprints.
struct Baseline {
  std::vector<BaselineEntry> entries;
  /// True if `fingerprint` is recorded.
  bool contains(std::string_view fingerprint) const;
};

/// The baseline of every finding in `report` (confirmed, needs_review and suppressed alike,
/// so none of them reappears as new). Findings with an empty fingerprint are left out.
Baseline make_baseline(const Report& report);

/// The baseline file's bytes (pretty JSON, trailing newline).
std::string write_baseline(const Baseline& baseline);

/// Parses a baseline file's bytes. Error (kind input) naming `origin` on malformed JSON,
/// another version, or a missing/mistyped field.
Expected<Baseline> parse_baseline(std::string_view json, std::string_view origin = "baseline");

/// Writes `write_baseline(baseline)` to `path` atomically (never a partial file).
Expected<void> save_baseline(const std::filesystem::path& path, const Baseline& baseline);

/// Reads and parses the baseline file at `path` (error kind input names the path).
Expected<Baseline> load_baseline(const std::filesystem::path& path);

/// Removes from `report` every finding whose fingerprint is in `baseline`, and adds their
/// number to `report.stats.baselined_findings`. Order of the rest is kept.
void apply_baseline(Report& report, const Baseline& baseline);

}  // namespace review
