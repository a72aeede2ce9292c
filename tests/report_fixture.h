// A fixed, realistic Report for the report-stage tests and golden files: three files, three
// reviewers, two reviewers at the same place, a needs_review finding, a suppressed one, a
// degraded chunk, skipped files, a note, and the post-image text for code excerpts.
#pragma once

#include <string>

#include "report/report.h"
#include "report/writer.h"

namespace review::testing {

inline const std::string k_app_py =
    "import subprocess\n"
    "\n"
    "\n"
    "def run(cmd):\n"
    "    subprocess.call(cmd, shell=True)\n"
    "    return eval(cmd)\n"
    "\n"
    "\n"
    "def load(items):\n"
    "    out = []\n"
    "    for item in items:\n"
    "        out = out + [item]\n"
    "    return out\n";

inline const std::string k_strings_cc =
    "#include <string>\n"
    "\n"
    "std::string join(const std::vector<std::string>& parts) {\n"
    "  std::string out;\n"
    "  for (auto p : parts) out += p;\n"
    "  return out;\n"
    "}\n";

inline const std::string k_handler_js =
    "export function show(el, html) {\n"
    "  // review-ignore: js.inner-html\n"
    "  el.innerHTML = html;\n"
    "}\n";

inline VotedFinding make_finding(std::string aspect, std::string rule_id, std::string category, Severity severity,
                                 std::string path, int start_line, int end_line, std::string message,
                                 std::optional<std::string> suggestion, int votes, int voters,
                                 std::vector<std::string> voter_ids, std::string fingerprint) {
  VotedFinding v;
  v.finding.aspect = std::move(aspect);
  v.finding.rule_id = std::move(rule_id);
  v.finding.category = std::move(category);
  v.finding.severity = severity;
  v.finding.path = std::move(path);
  v.finding.start_line = start_line;
  v.finding.end_line = end_line;
  v.finding.message = std::move(message);
  v.finding.suggestion = std::move(suggestion);
  v.finding.voter = voter_ids.empty() ? "" : voter_ids.front();
  v.votes = votes;
  v.voters = voters;
  v.confidence = voters == 0 ? 0.0 : static_cast<double>(votes) / voters;
  v.status = FindingStatus::confirmed;
  v.voter_ids = std::move(voter_ids);
  v.fingerprint = std::move(fingerprint);
  return v;
}

/// The fixed report, sorted with sort_report.
inline Report fixture_report() {
  Report r;
  r.source = {SourceKind::range, "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"};
  r.findings.push_back(make_finding("security", "py.subprocess-shell", "CWE-78", Severity::high, "src/app.py", 5, 5,
                                    "subprocess.call with shell=True runs `cmd` through the shell; input reaching it "
                                    "can run arbitrary commands.",
                                    "Pass an argument list and drop shell=True.", 3, 3,
                                    {"security.rules", "security.taint", "security.patterns"}, "5d1e0c8a9b7f3a21"));
  r.findings.push_back(make_finding("style", "py.boolean-trap", "readability", Severity::low, "src/app.py", 5, 5,
                                    "Boolean keyword argument in a call; its meaning is not visible at the call site.",
                                    std::nullopt, 2, 3, {"style.rules", "style.metrics"}, "0a4c2e6b8d1f3e57"));
  r.findings.push_back(make_finding("security", "py.eval", "CWE-95", Severity::critical, "src/app.py", 6, 6,
                                    "eval() of a function argument executes arbitrary code.",
                                    "Use ast.literal_eval for literals, or a dispatch table.", 2, 3,
                                    {"security.rules", "security.patterns"}, "9f8e7d6c5b4a3921"));
  r.findings.push_back(make_finding("performance", "py.quadratic-concat", "algorithmic", Severity::medium, "src/app.py",
                                    11, 12, "List concatenation in a loop copies the list each time: O(n²).",
                                    "Use out.append(item), or list(items).", 2, 3,
                                    {"performance.rules", "performance.complexity"}, "77aa55cc33ee1100"));
  r.findings.push_back(make_finding("performance", "cpp.range-for-copy", "copies", Severity::low,
                                    "src/util/strings.cc", 5, 5, "The loop variable copies each std::string.",
                                    "Use `const auto& p`.", 3, 3,
                                    {"performance.rules", "performance.complexity", "performance.patterns"},
                                    "3c3c3c3c01020304"));
  {
    VotedFinding v = make_finding("style", "cpp.missing-include", "includes", Severity::info, "src/util/strings.cc", 3,
                                  3, "std::vector is used but <vector> is not included.", "Add #include <vector>.", 1, 3,
                                  {"style.patterns"}, "e0e1e2e3e4e5e6e7");
    v.status = FindingStatus::needs_review;
    r.findings.push_back(std::move(v));
  }
  {
    VotedFinding v = make_finding("security", "js.inner-html", "CWE-79", Severity::high, "web/handler.js", 3, 3,
                                  "Assigning untrusted HTML to innerHTML allows cross-site scripting.",
                                  "Use textContent, or sanitize the HTML.", 3, 3,
                                  {"security.rules", "security.taint", "security.patterns"}, "bbbbccccddddeeee");
    v.suppressed = true;
    r.findings.push_back(std::move(v));
  }
  r.degraded.push_back({"src/util/strings.cc", 3, 7, "security", "1 of 3 voters answered (quorum 2): timeout; timeout"});
  r.skipped.push_back({"assets/logo.png", "binary"});
  r.skipped.push_back({"vendor/lib.min.js", "vendored"});
  r.notes.push_back({"src/app.py", 9, "unused-suppression", "review-ignore: py.eval matches no finding"});
  r.stats.files = 3;
  r.stats.chunks = 5;
  r.stats.voter_calls = 45;
  r.stats.cache_hits = 9;
  r.stats.tokens_in = 12000;
  r.stats.tokens_out = 800;
  r.stats.wall_ms = 87;
  r.stats.dropped_findings = 1;
  r.stats.stage_ms = {{"diff", 4}, {"chunk", 6}, {"review", 70}, {"report", 7}};
  sort_report(r);
  return r;
}

/// The writer context for the fixture: post-images, no colour, fixed tool version, and
/// metadata for one rule (the others get generated descriptions).
inline WriterContext fixture_context() {
  WriterContext c;
  c.post_images["src/app.py"] = k_app_py;
  c.post_images["src/util/strings.cc"] = k_strings_cc;
  c.post_images["web/handler.js"] = k_handler_js;
  c.tool_version = "0.1.0-test";
  c.tool_information_uri = "https://example.org/review";
  c.rules["py.eval"] = {"Use of eval", "eval() executes its argument as Python code; on untrusted input that is code "
                                       "injection (CWE-95).",
                        "Parse literals with ast.literal_eval, or map names to functions explicitly.",
                        "https://cwe.mitre.org/data/definitions/95.html"};
  return c;
}

}  // namespace review::testing
