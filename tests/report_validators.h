// Real validators for report tests: JSON Schema (python3-jsonschema, Draft 2020-12) and
// Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool, `validate --rule-kind
// "Gh;Sarif"`). Both are installed by scripts/setup; when one is missing the calling test
// FAILS with a message saying so — never a silent skip.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace review::testing {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

/// A python3 that can `import jsonschema`, or nullopt.
inline std::optional<std::string> python_with_jsonschema() {
  for (const char* python : {"python3", "/usr/bin/python3"}) {
    RunResult r = run_process({python, "-c", "import jsonschema"}, std::filesystem::current_path());
    if (r.exit_code == 0) return std::string(python);
  }
  return std::nullopt;
}

/// Validates each JSON file in `instances` against the JSON Schema file `schema` (with
/// format checks) in one python run. Returns the problems per instance file name (absent:
/// valid); key "" holds a failure to run the validator.
inline std::map<std::string, std::string> validate_json_schema(const std::filesystem::path& schema,
                                                               const std::vector<std::filesystem::path>& instances) {
  auto python = python_with_jsonschema();
  if (!python) return {{"", "python3 with jsonschema not found: run scripts/setup (Debian package python3-jsonschema)"}};
  static const char* k_script = R"PY(
import json, os, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
for name in sys.argv[2:]:
    instance = json.load(open(name, encoding="utf-8"))
    for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
        print(os.path.basename(name) + "\t" + "/".join(str(p) for p in e.path) + ": " + e.message.replace("\n", " "))
)PY";
  std::vector<std::string> argv = {*python, "-c", k_script, schema.string()};
  for (const auto& instance : instances) argv.push_back(instance.string());
  RunResult r = run_process(argv, std::filesystem::current_path());
  std::map<std::string, std::string> problems;
  if (r.exit_code != 0) {
    problems[""] = "validator failed: " + r.err;
    return problems;
  }
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    problems[line.substr(0, tab)] += line.substr(tab + 1) + "\n";
  }
  return problems;
}

/// The SARIF Multitool binary shipped by @microsoft/sarif-multitool-linux.
inline std::filesystem::path sarif_multitool() {
  return std::filesystem::path(REVIEW_NODE_MODULES) / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool";
}

/// Validates each SARIF text in `logs` (by file name) with `Sarif.Multitool validate
/// --rule-kind "Gh;Sarif"` in one run. Returns, per file name, the validator's errors and
/// warnings as "RULE level: message" lines (absent: none). Notes — advice such as "use
/// message arguments" or "URI not reachable" (offline) — are not returned. Key "" holds a
/// failure to run the tool.
inline std::map<std::string, std::vector<std::string>> sarif_problems(const std::map<std::string, std::string>& logs) {
  std::map<std::string, std::vector<std::string>> problems;
  const auto tool = sarif_multitool();
  if (!std::filesystem::exists(tool)) {
    problems[""].push_back("SARIF Multitool not found at " + tool.string() + ": run scripts/setup");
    return problems;
  }
  TempDir dir;
  const auto log = dir.path() / "validation.json";
  std::vector<std::string> argv = {tool.string(), "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning",
                                   "--output", log.string()};
  for (const auto& [name, text] : logs) {
    write_text(dir.path() / name, text);
    argv.push_back((dir.path() / name).string());
  }
  // Invariant globalization: the self-contained .NET binary then needs no libicu.
  RunResult r = run_process(argv, dir.path(), "", {{"DOTNET_CLI_TELEMETRY_OPTOUT", "1"}, {"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1"}});
  if (!std::filesystem::exists(log)) {
    problems[""].push_back("SARIF Multitool did not run (is it executable? scripts/setup sets the run bit): exit " +
                           std::to_string(r.exit_code) + " " + r.out + r.err);
    return problems;
  }
  const auto result = nlohmann::json::parse(read_text(log));
  for (const auto& run : result["runs"]) {
    for (const auto& res : run.value("results", nlohmann::json::array())) {
      const std::string level = res.value("level", "warning");
      if (level != "error" && level != "warning") continue;
      std::string file = "?";
      if (res.contains("locations")) {
        file = std::filesystem::path(
                   res["locations"][0]["physicalLocation"]["artifactLocation"].value("uri", "?"))
                   .filename()
                   .string();
      }
      problems[file].push_back(res.value("ruleId", "?") + " " + level + ": " + res["message"].dump());
    }
    for (const auto& inv : run.value("invocations", nlohmann::json::array())) {
      for (const char* key : {"toolExecutionNotifications", "toolConfigurationNotifications"}) {
        for (const auto& n : inv.value(key, nlohmann::json::array())) {
          problems[""].push_back(std::string(key) + ": " + n["message"].dump());
        }
      }
    }
  }
  return problems;
}

}  // namespace review::testing
