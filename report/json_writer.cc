// JSON report writer and reader (contract version 1). nlohmann::ordered_json keeps the
// contract's key order, so the output reads like DESIGN.md and is byte-stable.
#include "report/json_writer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report/writer_util.h"
#include "util/text.h"

namespace review {

namespace {

using Json = nlohmann::ordered_json;

constexpr int k_report_version = 1;

Json finding_json(const VotedFinding& voted) {
  const Finding& f = voted.finding;
  Json j;
  j["aspect"] = f.aspect;
  j["rule_id"] = f.rule_id;
  j["category"] = f.category;
  j["severity"] = to_string(f.severity);
  j["path"] = f.path;
  j["start_line"] = f.start_line;
  j["end_line"] = f.end_line;
  j["message"] = f.message;
  if (f.suggestion) j["suggestion"] = *f.suggestion;
  j["votes"] = voted.votes;
  j["voters"] = voted.voters;
  j["confidence"] = detail::round_confidence(voted.confidence);
  j["status"] = to_string(voted.status);
  j["voter_ids"] = voted.voter_ids;
  j["fingerprint"] = voted.fingerprint;
  j["suppressed"] = voted.suppressed;
  return j;
}

// --- reading ---------------------------------------------------------------------------

// Typed field access that reports the JSON path of the first problem.
class Reader {
 public:
  explicit Reader(std::string_view origin) : m_origin(origin) {}

  const Json* field(const Json& object, std::string_view where, const char* key, bool required = true) {
    if (!object.is_object()) {
      error(where, "expected an object");
      return nullptr;
    }
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) error(fmt::format("{}.{}", where, key), "missing");
      return nullptr;
    }
    return &*it;
  }

  bool string(const Json& object, std::string_view where, const char* key, std::string& out, bool required = true) {
    const Json* v = field(object, where, key, required);
    if (!v) return !required && m_error.empty();
    if (!v->is_string()) return error(fmt::format("{}.{}", where, key), "expected a string");
    out = v->get<std::string>();
    return true;
  }

  template <class Int>
  bool integer(const Json& object, std::string_view where, const char* key, Int& out, bool required = true) {
    const Json* v = field(object, where, key, required);
    if (!v) return !required && m_error.empty();
    if (!v->is_number_integer() || v->get<long long>() < 0) {
      return error(fmt::format("{}.{}", where, key), "expected a non-negative integer");
    }
    out = static_cast<Int>(v->get<long long>());
    return true;
  }

  /// Records the first error; always returns false so callers can `return r.error(…)`.
  bool error(std::string_view where, std::string_view what) {
    if (m_error.empty()) m_error = fmt::format("{}: {}: {}", m_origin, where, what);
    return false;
  }
  bool failed() const { return !m_error.empty(); }
  const std::string& message() const { return m_error; }

 private:
  std::string_view m_origin;
  std::string m_error;
};

std::optional<SourceKind> parse_source_kind(std::string_view text) {
  for (SourceKind k : {SourceKind::staged, SourceKind::worktree, SourceKind::commit, SourceKind::range,
                       SourceKind::base, SourceKind::patch}) {
    if (text == to_string(k)) return k;
  }
  return std::nullopt;
}

bool read_finding(Reader& r, const Json& j, const std::string& where, VotedFinding& out) {
  Finding& f = out.finding;
  std::string severity, status;
  if (!(r.string(j, where, "aspect", f.aspect) && r.string(j, where, "rule_id", f.rule_id) &&
        r.string(j, where, "category", f.category) && r.string(j, where, "severity", severity) &&
        r.string(j, where, "path", f.path) && r.integer(j, where, "start_line", f.start_line) &&
        r.integer(j, where, "end_line", f.end_line) && r.string(j, where, "message", f.message) &&
        r.integer(j, where, "votes", out.votes) && r.integer(j, where, "voters", out.voters) &&
        r.string(j, where, "status", status) && r.string(j, where, "fingerprint", out.fingerprint))) {
    return false;
  }
  auto parsed_severity = parse_severity(severity);
  if (!parsed_severity) return r.error(where + ".severity", fmt::format("unknown severity \"{}\"", severity));
  f.severity = *parsed_severity;
  if (status == "confirmed") {
    out.status = FindingStatus::confirmed;
  } else if (status == "needs_review") {
    out.status = FindingStatus::needs_review;
  } else {
    return r.error(where + ".status", fmt::format("unknown status \"{}\"", status));
  }
  std::string suggestion;
  if (j.contains("suggestion")) {
    if (!r.string(j, where, "suggestion", suggestion)) return false;
    f.suggestion = suggestion;
  }
  const Json* confidence = r.field(j, where, "confidence");
  if (!confidence) return false;
  if (!confidence->is_number() || confidence->get<double>() < 0 || confidence->get<double>() > 1) {
    return r.error(where + ".confidence", "expected a number in [0,1]");
  }
  out.confidence = confidence->get<double>();
  const Json* ids = r.field(j, where, "voter_ids");
  if (!ids) return false;
  if (!ids->is_array()) return r.error(where + ".voter_ids", "expected an array of strings");
  for (const Json& id : *ids) {
    if (!id.is_string()) return r.error(where + ".voter_ids", "expected an array of strings");
    out.voter_ids.push_back(id.get<std::string>());
  }
  f.voter = out.voter_ids.empty() ? "" : out.voter_ids.front();
  if (const Json* s = r.field(j, where, "suppressed", false)) {
    if (!s->is_boolean()) return r.error(where + ".suppressed", "expected true or false");
    out.suppressed = s->get<bool>();
  }
  return !r.failed();
}

const Json* array_field(Reader& r, const Json& root, const char* key, bool required) {
  const Json* a = r.field(root, "report", key, required);
  if (a && !a->is_array()) {
    r.error(fmt::format("report.{}", key), "expected an array");
    return nullptr;
  }
  return a;
}

}  // namespace

std::string write_json(const Report& report, const WriterContext& context) {
  Json root;
  root["version"] = k_report_version;
  root["tool"] = {{"name", "review"}, {"version", context.tool_version}};
  root["source"] = {{"kind", to_string(report.source.kind)}, {"base", report.source.base}, {"head", report.source.head}};
  Json findings = Json::array();
  for (const VotedFinding& f : report.findings) findings.push_back(finding_json(f));
  root["findings"] = std::move(findings);
  Json degraded = Json::array();
  for (const DegradedEntry& d : report.degraded) {
    degraded.push_back({{"path", d.path}, {"start_line", d.start_line}, {"end_line", d.end_line},
                        {"aspect", d.aspect}, {"reason", d.reason}});
  }
  root["degraded"] = std::move(degraded);
  Json skipped = Json::array();
  for (const SkippedEntry& s : report.skipped) skipped.push_back({{"path", s.path}, {"reason", s.reason}});
  root["skipped"] = std::move(skipped);
  Json notes = Json::array();
  for (const ReportNote& n : report.notes) {
    notes.push_back({{"path", n.path}, {"line", n.line}, {"kind", n.kind}, {"message", n.message}});
  }
  root["notes"] = std::move(notes);
  root["stats"] = detail::stats_json(report.stats);
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Expected<Report> read_json_report(std::string_view json, std::string_view origin) {
  Json root = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return fail(ErrorKind::input, fmt::format("{}: not valid JSON", origin));
  if (!root.is_object()) return fail(ErrorKind::input, fmt::format("{}: not a JSON report (expected an object)", origin));
  Reader r(origin);
  Report report;
  int version = 0;
  if (!r.integer(root, "report", "version", version)) return fail(ErrorKind::input, r.message());
  if (version != k_report_version) {
    return fail(ErrorKind::input,
                fmt::format("{}: report version {} is not supported (expected {})", origin, version, k_report_version));
  }
  if (const Json* tool = r.field(root, "report", "tool")) {
    std::string name, tool_version;
    r.string(*tool, "report.tool", "name", name) && r.string(*tool, "report.tool", "version", tool_version);
  }
  if (const Json* source = r.field(root, "report", "source")) {
    std::string kind;
    if (r.string(*source, "report.source", "kind", kind) &&
        r.string(*source, "report.source", "base", report.source.base) &&
        r.string(*source, "report.source", "head", report.source.head)) {
      auto parsed = parse_source_kind(kind);
      if (parsed) {
        report.source.kind = *parsed;
      } else {
        r.error("report.source.kind", fmt::format("unknown source kind \"{}\"", kind));
      }
    }
  }
  if (r.failed()) return fail(ErrorKind::input, r.message());

  if (const Json* findings = array_field(r, root, "findings", true)) {
    for (std::size_t i = 0; i < findings->size(); ++i) {
      VotedFinding f;
      if (!read_finding(r, (*findings)[i], fmt::format("findings[{}]", i), f)) break;
      report.findings.push_back(std::move(f));
    }
  }
  if (const Json* degraded = array_field(r, root, "degraded", true)) {
    for (std::size_t i = 0; i < degraded->size() && !r.failed(); ++i) {
      const Json& j = (*degraded)[i];
      const std::string where = fmt::format("degraded[{}]", i);
      DegradedEntry d;
      if (r.string(j, where, "path", d.path) && r.integer(j, where, "start_line", d.start_line) &&
          r.integer(j, where, "end_line", d.end_line) && r.string(j, where, "aspect", d.aspect) &&
          r.string(j, where, "reason", d.reason)) {
        report.degraded.push_back(std::move(d));
      }
    }
  }
  if (const Json* skipped = array_field(r, root, "skipped", true)) {
    for (std::size_t i = 0; i < skipped->size() && !r.failed(); ++i) {
      const Json& j = (*skipped)[i];
      const std::string where = fmt::format("skipped[{}]", i);
      SkippedEntry s;
      if (r.string(j, where, "path", s.path) && r.string(j, where, "reason", s.reason)) {
        report.skipped.push_back(std::move(s));
      }
    }
  }
  if (const Json* notes = array_field(r, root, "notes", false)) {
    for (std::size_t i = 0; i < notes->size() && !r.failed(); ++i) {
      const Json& j = (*notes)[i];
      const std::string where = fmt::format("notes[{}]", i);
      ReportNote n;
      if (r.string(j, where, "path", n.path) && r.integer(j, where, "line", n.line) &&
          r.string(j, where, "kind", n.kind) && r.string(j, where, "message", n.message)) {
        report.notes.push_back(std::move(n));
      }
    }
  }
  if (const Json* stats = r.field(root, "report", "stats"); stats && !r.failed()) {
    ReportStats& s = report.stats;
    const char* w = "stats";
    r.integer(*stats, w, "files", s.files) && r.integer(*stats, w, "chunks", s.chunks) &&
        r.integer(*stats, w, "voter_calls", s.voter_calls) && r.integer(*stats, w, "cache_hits", s.cache_hits) &&
        r.integer(*stats, w, "tokens_in", s.tokens_in) && r.integer(*stats, w, "tokens_out", s.tokens_out) &&
        r.integer(*stats, w, "wall_ms", s.wall_ms) && r.integer(*stats, w, "dropped_findings", s.dropped_findings, false) &&
        r.integer(*stats, w, "calls_saved", s.calls_saved, false) &&
        r.integer(*stats, w, "hidden_findings", s.hidden_findings, false) &&
        r.integer(*stats, w, "baselined_findings", s.baselined_findings, false);
    if (const Json* stages = r.field(*stats, w, "stage_ms", false); stages && !r.failed()) {
      if (!stages->is_object()) {
        r.error("stats.stage_ms", "expected an object");
      } else {
        for (const auto& [stage, ms] : stages->items()) {
          if (!ms.is_number_integer() || ms.get<long long>() < 0) {
            r.error("stats.stage_ms." + stage, "expected a non-negative integer");
            break;
          }
          s.stage_ms[stage] = static_cast<long>(ms.get<long long>());
        }
      }
    }
  }
  if (r.failed()) return fail(ErrorKind::input, r.message());
  return report;
}

}  // namespace review
