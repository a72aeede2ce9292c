// Answer parsing and validation (see answer_parser.h for the rules).
#include "reviewers/llm/answer_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "util/text.h"

namespace review {

namespace {

constexpr size_t k_max_text = 2000;  // bytes kept of a message or suggestion

std::optional<int> as_line(const nlohmann::json& v) {
  if (v.is_number_integer()) return static_cast<int>(v.get<long long>());
  if (v.is_number_float()) return static_cast<int>(v.get<double>());
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    long n = std::strtol(s.c_str(), &end, 10);
    if (end != s.c_str()) return static_cast<int>(n);
  }
  return std::nullopt;
}

std::string as_text(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  std::string_view s = trim(it->get_ref<const std::string&>());
  if (s.size() > k_max_text) s = s.substr(0, k_max_text);
  return sanitize_utf8(s);
}

// The taxonomy entry `category` names, or "" if none.
std::string match_category(std::string_view category, const std::vector<std::string>& taxonomy) {
  std::string wanted = to_lower(trim(category));
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (const auto& entry : taxonomy)
      if (to_lower(entry) == wanted) return entry;
    // Second try: "CWE-78: OS command injection" or "naming (…)" -> leading id.
    size_t cut = wanted.find_first_of(": (");
    if (cut == std::string::npos) break;
    wanted = std::string(trim(std::string_view(wanted).substr(0, cut)));
  }
  return {};
}

bool touches_change(const Chunk& chunk, int start, int end) {
  auto it = std::lower_bound(chunk.changed_lines.begin(), chunk.changed_lines.end(), start);
  return it != chunk.changed_lines.end() && *it <= end;
}

bool inside(const Chunk& chunk, int start, int end) {
  return start >= chunk.start_line && end <= chunk.end_line && start <= end;
}

// New start line for a finding whose quote is found in the chunk on lines touching a change,
// nearest to the reported line; nullopt if none.
std::optional<int> reanchor(const Chunk& chunk, const std::vector<std::string_view>& lines, std::string_view quote,
                            int reported, int span) {
  std::string_view first;
  for (std::string_view q : split_lines(quote)) {
    first = trim(q);
    if (!first.empty()) break;
  }
  if (first.size() < 3) return std::nullopt;  // "}" or "" would match anywhere
  std::optional<int> best;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(first) == std::string_view::npos) continue;
    int start = chunk.start_line + static_cast<int>(i);
    int end = std::min(chunk.end_line, start + span);
    if (!touches_change(chunk, start, end)) continue;
    if (!best || std::abs(start - reported) < std::abs(*best - reported)) best = start;
  }
  return best;
}

}  // namespace

std::string_view extract_json_text(std::string_view text) {
  text = trim(text);
  if (starts_with(text, "```")) {
    size_t newline = text.find('\n');
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    size_t fence = text.rfind("```");
    if (fence != std::string_view::npos) text = text.substr(0, fence);
    text = trim(text);
  }
  if (!starts_with(text, "{")) {
    size_t open = text.find('{');
    if (open != std::string_view::npos) text = text.substr(open);
  }
  size_t close = text.rfind('}');
  if (close != std::string_view::npos) text = text.substr(0, close + 1);
  return text;
}

Expected<ParsedAnswer> parse_answer(std::string_view text, const Chunk& chunk, const ReviewerInfo& reviewer,
                                    std::string_view voter_id) {
  std::string_view json_text = extract_json_text(text);
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail(ErrorKind::input, "unparseable answer: not JSON");
  const nlohmann::json* list = nullptr;
  if (doc.is_object()) {
    auto it = doc.find("findings");
    if (it != doc.end() && it->is_array()) list = &*it;
  }
  if (!list) return fail(ErrorKind::input, "unparseable answer: no \"findings\" array");

  ParsedAnswer parsed;
  std::vector<std::string_view> lines = split_lines(chunk.code);
  for (const auto& item : *list) {
    if (!item.is_object()) {
      ++parsed.dropped;
      continue;
    }
    auto line = item.contains("line") ? as_line(item["line"]) : std::nullopt;
    std::string category = match_category(as_text(item, "category"), reviewer.taxonomy);
    auto severity = parse_severity(to_lower(as_text(item, "severity")));
    std::string message = as_text(item, "message");
    if (!line || category.empty() || !severity || message.empty()) {
      ++parsed.dropped;
      continue;
    }
    int start = *line;
    auto end_line = item.contains("end_line") ? as_line(item["end_line"]) : std::nullopt;
    int end = end_line && *end_line >= start ? *end_line : start;
    if (start >= chunk.start_line && start <= chunk.end_line) end = std::min(end, chunk.end_line);
    if (!inside(chunk, start, end) || !touches_change(chunk, start, end)) {
      int span = std::clamp(end - start, 0, 20);
      auto moved = reanchor(chunk, lines, as_text(item, "quote"), start, span);
      if (!moved) {
        ++parsed.dropped;
        continue;
      }
      start = *moved;
      end = std::min(chunk.end_line, start + span);
      ++parsed.reanchored;
    }
    Finding f;
    f.aspect = reviewer.name;
    f.rule_id = "llm." + category;
    f.category = std::move(category);
    f.severity = *severity;
    f.path = chunk.path;
    f.start_line = start;
    f.end_line = end;
    f.message = std::move(message);
    std::string suggestion = as_text(item, "suggestion");
    if (!suggestion.empty()) f.suggestion = std::move(suggestion);
    f.voter = std::string(voter_id);
    parsed.findings.push_back(std::move(f));
  }
  return parsed;
}

const nlohmann::json& answer_json_schema() {
  static const nlohmann::json k_schema = nlohmann::json::parse(R"({
    "type": "object",
    "properties": {
      "findings": {
        "type": "array",
        "items": {
          "type": "object",
          "properties": {
            "line": {"type": "integer"},
            "end_line": {"type": ["integer", "null"]},
            "category": {"type": "string"},
            "severity": {"type": "string", "enum": ["info", "low", "medium", "high", "critical"]},
            "message": {"type": "string"},
            "suggestion": {"type": ["string", "null"]},
            "quote": {"type": ["string", "null"]}
          },
          "required": ["line", "end_line", "category", "severity", "message", "suggestion", "quote"],
          "additionalProperties": false
        }
      }
    },
    "required": ["findings"],
    "additionalProperties": false
  })");
  return k_schema;
}

}  // namespace review
