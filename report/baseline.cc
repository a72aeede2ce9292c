// Baseline files: record fingerprints, read them back, filter a report by them.
#include "report/baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "util/fs.h"

namespace review {

namespace {

using Json = nlohmann::ordered_json;
constexpr int k_baseline_version = 1;

void normalize(std::vector<BaselineEntry>& entries) {
  std::ranges::sort(entries, [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tie(a.fingerprint, a.path, a.rule_id) < std::tie(b.fingerprint, b.path, b.rule_id);
  });
  auto dup = std::ranges::unique(entries, {}, &BaselineEntry::fingerprint);
  entries.erase(dup.begin(), dup.end());
  std::ranges::sort(entries, [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tie(a.path, a.rule_id, a.fingerprint) < std::tie(b.path, b.rule_id, b.fingerprint);
  });
}

}  // namespace

bool Baseline::contains(std::string_view fingerprint) const {
  // Linear: entries are sorted for humans (by path). Bulk filtering uses apply_baseline.
  return std::ranges::any_of(entries, [&](const BaselineEntry& e) { return e.fingerprint == fingerprint; });
}

Baseline make_baseline(const Report& report) {
  Baseline baseline;
  for (const VotedFinding& f : report.findings) {
    if (f.fingerprint.empty()) continue;
    baseline.entries.push_back({f.fingerprint, f.finding.rule_id, f.finding.path});
  }
  normalize(baseline.entries);
  return baseline;
}

std::string write_baseline(const Baseline& baseline) {
  Json root;
  root["version"] = k_baseline_version;
  root["tool"] = "review";
  Json entries = Json::array();
  for (const BaselineEntry& e : baseline.entries) {
    entries.push_back({{"fingerprint", e.fingerprint}, {"rule_id", e.rule_id}, {"path", e.path}});
  }
  root["fingerprints"] = std::move(entries);
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Expected<Baseline> parse_baseline(std::string_view json, std::string_view origin) {
  const Json root = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return fail(ErrorKind::input, fmt::format("{}: not valid JSON", origin));
  if (!root.is_object()) return fail(ErrorKind::input, fmt::format("{}: not a baseline file (expected an object)", origin));
  auto version = root.find("version");
  if (version == root.end() || !version->is_number_integer()) {
    return fail(ErrorKind::input, fmt::format("{}: not a baseline file (no \"version\")", origin));
  }
  if (version->get<long long>() != k_baseline_version) {
    return fail(ErrorKind::input, fmt::format("{}: baseline version {} is not supported (expected {})", origin,
                                              version->get<long long>(), k_baseline_version));
  }
  auto list = root.find("fingerprints");
  if (list == root.end() || !list->is_array()) {
    return fail(ErrorKind::input, fmt::format("{}: \"fingerprints\" must be an array", origin));
  }
  Baseline baseline;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& j = (*list)[i];
    BaselineEntry e;
    auto text = [&](const char* key, std::string& out, bool required) -> bool {
      auto it = j.is_object() ? j.find(key) : j.end();
      if (it == j.end()) return !required;
      if (!it->is_string()) return false;
      out = it->get<std::string>();
      return true;
    };
    if (!j.is_object() || !text("fingerprint", e.fingerprint, true) || e.fingerprint.empty() ||
        !text("rule_id", e.rule_id, false) || !text("path", e.path, false)) {
      return fail(ErrorKind::input,
                  fmt::format("{}: fingerprints[{}]: expected {{\"fingerprint\": \"…\", \"rule_id\": \"…\", "
                              "\"path\": \"…\"}}",
                              origin, i));
    }
    baseline.entries.push_back(std::move(e));
  }
  normalize(baseline.entries);
  return baseline;
}

Expected<void> save_baseline(const std::filesystem::path& path, const Baseline& baseline) {
  return write_file_atomic(path, write_baseline(baseline));
}

Expected<Baseline> load_baseline(const std::filesystem::path& path) {
  auto bytes = read_file(path);
  if (!bytes) return std::unexpected(bytes.error());
  return parse_baseline(*bytes, path.string());
}

void apply_baseline(Report& report, const Baseline& baseline) {
  std::set<std::string_view> known;
  for (const BaselineEntry& e : baseline.entries) known.insert(e.fingerprint);
  const auto removed =
      std::erase_if(report.findings, [&](const VotedFinding& f) { return known.contains(f.fingerprint); });
  report.stats.baselined_findings += static_cast<int>(removed);
}

}  // namespace review
