// Helpers shared by the end-to-end tests (tests/e2e_*_test.cc): an isolated environment for
// the real `review` binary (no user configuration or cache of the developer leaks in), the
// JSON report's findings in a compact form, and masking of the report's timing fields.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace review::testing {

/// A private XDG config/cache home for one test: `review` finds no user config there
/// unless the test writes one (user_config_path()).
class IsolatedHome {
 public:
  IsolatedHome() {
    std::filesystem::create_directories(m_dir.path() / "config");
    std::filesystem::create_directories(m_dir.path() / "cache");
  }
  /// Environment for run_review: the private homes plus `extra` (which wins).
  std::map<std::string, std::string> env(const std::map<std::string, std::string>& extra = {}) const {
    std::map<std::string, std::string> e{{"XDG_CONFIG_HOME", (m_dir.path() / "config").string()},
                                         {"XDG_CACHE_HOME", (m_dir.path() / "cache").string()},
                                         {"HOME", m_dir.path().string()}};
    for (const auto& [k, v] : extra) e[k] = v;
    return e;
  }
  /// Where `review` reads the user configuration in this home.
  std::filesystem::path user_config_path() const { return m_dir.path() / "config" / "review" / "config.toml"; }
  const std::filesystem::path& path() const { return m_dir.path(); }

 private:
  TempDir m_dir;
};

/// One finding of a JSON report as "path:line rule_id severity status" (suppressed ones end
/// in " suppressed"), in report order: short to compare, clear in a failure message.
inline std::vector<std::string> finding_keys(const nlohmann::json& report) {
  std::vector<std::string> keys;
  for (const auto& f : report.at("findings")) {
    std::string key = f.at("path").get<std::string>() + ":" + std::to_string(f.at("start_line").get<int>()) + " " +
                      f.at("rule_id").get<std::string>() + " " + f.at("severity").get<std::string>() + " " +
                      f.at("status").get<std::string>();
    if (f.value("suppressed", false)) key += " suppressed";
    keys.push_back(std::move(key));
  }
  return keys;
}

/// Parses `text` as a JSON report; a parse failure fails the test with the text shown.
inline nlohmann::json parse_report(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON:\n" << text;
  return j.is_discarded() ? nlohmann::json::object({{"findings", nlohmann::json::array()}}) : j;
}

/// The text of a pretty-printed JSON report with each number among the timing values —
/// `"wall_ms"` and every entry of the `"stage_ms"` object — replaced by one '#' (whatever its
/// number of digits: 999 ms and 1000 ms mask alike). Works on the
/// bytes, not on a re-serialisation, so everything else must match byte for byte.
inline std::string mask_timing(const std::string& report) {
  std::istringstream in(report);
  std::string line, out;
  bool in_stage_ms = false;
  auto mask_digits = [](std::string& l) {
    auto colon = l.find(':');
    std::string masked;
    for (size_t i = 0; i < l.size(); ++i) {
      bool digit = l[i] >= '0' && l[i] <= '9';
      bool in_value = colon != std::string::npos && i > colon;
      if (digit && in_value) {
        if (masked.empty() || masked.back() != '#') masked += '#';
      } else {
        masked += l[i];
      }
    }
    l = std::move(masked);
  };
  while (std::getline(in, line)) {
    if (in_stage_ms) {
      if (line.find('}') != std::string::npos) in_stage_ms = false;
      else mask_digits(line);
    } else if (line.find("\"stage_ms\": {") != std::string::npos) {
      in_stage_ms = line.find('}') == std::string::npos;
      if (!in_stage_ms) mask_digits(line);
    } else if (line.find("\"wall_ms\":") != std::string::npos) {
      mask_digits(line);
    }
    out += line;
    out += '\n';
  }
  return out;
}

/// The whole content of a file ("" if it cannot be read).
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace review::testing
