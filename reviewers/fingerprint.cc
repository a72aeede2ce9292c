// Fingerprints: normalized snippets per file are cut from split post-image lines, built
// once per file. Occurrence indexes count the earlier copies of the snippet in the file
// itself (found through an index of the lines' collapsed text), not the earlier findings of
// this run, so they do not depend on which lines the run reviewed.
#include "reviewers/fingerprint.h"

#include <algorithm>
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

  /// How many times `snippet` (the normalized text of start_line..end_line) occurs earlier
  /// in the file over the same number of lines.
  int copies_before(int start_line, int end_line, const std::string& snippet) {
    if (m_by_text.empty())
      for (size_t i = 0; i < m_lines.size(); ++i) m_by_text[collapse_whitespace(m_lines[i])].push_back(static_cast<int>(i) + 1);
    if (start_line < 1 || static_cast<size_t>(start_line) > m_lines.size()) return 0;
    auto same_first = m_by_text.find(collapse_whitespace(m_lines[static_cast<size_t>(start_line - 1)]));
    if (same_first == m_by_text.end()) return 0;
    int copies = 0;
    for (int line : same_first->second) {
      if (line >= start_line) break;  // ascending
      if (this->snippet(line, line + (end_line - start_line)) == snippet) ++copies;
    }
    return copies;
  }

 private:
  std::vector<std::string_view> m_lines;
  std::unordered_map<std::string, std::vector<int>> m_by_text;  ///< collapsed line -> its 1-based line numbers
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
  // The next free occurrence per (rule_id, path, snippet): two findings of one rule on the
  // same code still get different indexes.
  std::map<std::tuple<std::string_view, std::string_view, std::string>, int> next_occurrence;
  for (VotedFinding& voted : findings) {
    const Finding& f = voted.finding;
    std::string snippet;
    int copies_before = 0;
    if (auto file = by_path.find(f.path); file != by_path.end()) {
      auto it = lines.find(f.path);
      if (it == lines.end()) it = lines.emplace(f.path, FileLines(*file->second)).first;
      int end_line = std::max(f.start_line, f.end_line);
      snippet = it->second.snippet(f.start_line, end_line);
      copies_before = it->second.copies_before(f.start_line, end_line, snippet);
    }
    int& next = next_occurrence[{f.rule_id, f.path, snippet}];
    int occurrence = std::max(next, copies_before);
    next = occurrence + 1;
    voted.fingerprint = fingerprint(f.rule_id, f.path, snippet, occurrence);
  }
}

}  // namespace review
