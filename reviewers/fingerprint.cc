// Fingerprints: normalized snippets per file are cut from split post-image lines, built
// once per file; occurrence indexes come from a counter per (rule_id, path, snippet).
#include "reviewers/fingerprint.h"

#include <map>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "util/text.h"

namespace review {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// New-side lines of a file, 1-based via index - 1: the post-image, or the hunks' added and
// context lines when there is no post-image (missing lines stay empty).
class FileLines {
 public:
  explicit FileLines(const FileDiff& file) {
    if (file.has_post_image) {
      m_lines = split_lines(file.post_image);
      return;
    }
    for (const Hunk& hunk : file.hunks)
      for (const DiffLine& line : hunk.lines) {
        if (line.new_lineno <= 0) continue;
        if (m_lines.size() < static_cast<size_t>(line.new_lineno)) m_lines.resize(static_cast<size_t>(line.new_lineno));
        m_lines[static_cast<size_t>(line.new_lineno - 1)] = line.content;
      }
  }

  std::string snippet(int start_line, int end_line) const {
    std::string text;
    for (int line = std::max(start_line, 1); line <= end_line && static_cast<size_t>(line) <= m_lines.size(); ++line) {
      text += m_lines[static_cast<size_t>(line - 1)];
      text += '\n';
    }
    return collapse_whitespace(text);
  }

 private:
  std::vector<std::string_view> m_lines;
};

}  // namespace

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string normalized_snippet(const FileDiff& file, int start_line, int end_line) {
  return FileLines(file).snippet(start_line, std::max(start_line, end_line));
}

std::string fingerprint(std::string_view rule_id, std::string_view path, std::string_view snippet, int occurrence) {
  std::string key;
  key.reserve(rule_id.size() + path.size() + snippet.size() + 16);
  key.append(rule_id).append(1, '\0').append(path).append(1, '\0').append(snippet).append(1, '\0');
  key += std::to_string(occurrence);
  return hex64(fnv1a64(key));
}

void assign_fingerprints(std::span<VotedFinding> findings, std::span<const FileDiff> files) {
  std::unordered_map<std::string_view, const FileDiff*> by_path;
  for (const FileDiff& file : files) by_path.emplace(file.path, &file);
  std::unordered_map<std::string_view, FileLines> lines;  // built on first use per path
  std::map<std::tuple<std::string_view, std::string_view, std::string>, int> occurrences;
  for (VotedFinding& voted : findings) {
    const Finding& f = voted.finding;
    std::string snippet;
    if (auto file = by_path.find(f.path); file != by_path.end()) {
      auto it = lines.find(f.path);
      if (it == lines.end()) it = lines.emplace(f.path, FileLines(*file->second)).first;
      snippet = it->second.snippet(f.start_line, std::max(f.start_line, f.end_line));
    }
    int& occurrence = occurrences[{f.rule_id, f.path, snippet}];
    voted.fingerprint = fingerprint(f.rule_id, f.path, snippet, occurrence++);
  }
}

}  // namespace review
