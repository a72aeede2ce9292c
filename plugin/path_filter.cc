// Gitignore-syntax matching by automaton simulation. A pattern compiles to a token list;
// matching walks the path once, keeping the set of token positions that can be reached
// (like a Thompson NFA), so time is O(path × pattern) whatever the input.
//
// Example: "a/**/b*.c" → [a][/][globstar_dirs][b][star][.][c]. On "a/x/y/bz.c" the
// globstar_dirs position stays live across "x/" and "y/" while the following positions
// try to match from each directory boundary.
#include "plugin/path_filter.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace review {

namespace {

using Token = PathPattern::Token;

/// Parses a bracket expression starting at line[i] == '['. On success sets `token` and
/// returns the index after the closing ']'; returns 0 if unterminated (then '[' is literal).
std::size_t parse_class(std::string_view line, std::size_t i, Token& token) {
  std::vector<bool> set(256, false);
  std::size_t j = i + 1;
  bool negate = false;
  if (j < line.size() && (line[j] == '!' || line[j] == '^')) {
    negate = true;
    ++j;
  }
  bool first = true;
  while (j < line.size()) {
    char c = line[j];
    if (c == ']' && !first) {
      if (negate) set.flip();
      set[static_cast<unsigned char>('/')] = false;  // a class never matches the separator
      token = Token{Token::Kind::char_class, 0, std::move(set)};
      return j + 1;
    }
    first = false;
    if (c == '[' && j + 1 < line.size() && line[j + 1] == ':') {
      std::size_t close = line.find(":]", j + 2);
      if (close != std::string_view::npos) {
        std::string_view name = line.substr(j + 2, close - j - 2);
        int (*pred)(int) = nullptr;
        if (name == "alpha") pred = isalpha;
        else if (name == "digit") pred = isdigit;
        else if (name == "alnum") pred = isalnum;
        else if (name == "upper") pred = isupper;
        else if (name == "lower") pred = islower;
        else if (name == "space") pred = isspace;
        else if (name == "punct") pred = ispunct;
        else if (name == "xdigit") pred = isxdigit;
        else if (name == "blank") pred = isblank;
        if (pred) {
          for (int b = 0; b < 128; ++b)
            if (pred(b)) set[b] = true;
          j = close + 2;
          continue;
        }
      }
    }
    unsigned char low = static_cast<unsigned char>(c);
    if (c == '\\' && j + 1 < line.size()) low = static_cast<unsigned char>(line[++j]);
    ++j;
    if (j + 1 < line.size() && line[j] == '-' && line[j + 1] != ']') {
      unsigned char high = static_cast<unsigned char>(line[j + 1]);
      j += 2;
      if (high == '\\' && j < line.size()) high = static_cast<unsigned char>(line[j++]);
      for (unsigned b = low; b <= high; ++b) set[b] = true;
    } else {
      set[low] = true;
    }
  }
  return 0;
}

}  // namespace

PathPattern PathPattern::compile(std::string_view line) {
  PathPattern p;
  p.m_text = std::string(line);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return p;
  // Trailing spaces are dropped unless escaped with a backslash.
  while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
    line.remove_suffix(1);
  if (!line.empty() && line.front() == '!') {
    p.m_negated = true;
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/' && !(line.size() >= 2 && line[line.size() - 2] == '\\')) {
    p.m_directory_only = true;
    line.remove_suffix(1);
  }
  p.m_anchored = line.find('/') != std::string_view::npos;
  if (!line.empty() && line.front() == '/') line.remove_prefix(1);

  std::size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == '*') {
      std::size_t j = i;
      while (j < line.size() && line[j] == '*') ++j;
      bool at_component_start = i == 0 || line[i - 1] == '/';
      if (j - i == 2 && at_component_start && j < line.size() && line[j] == '/') {
        p.m_tokens.push_back({Token::Kind::globstar_dirs});  // "**/": zero or more directories
        i = j + 1;
      } else if (j - i == 2 && at_component_start && j == line.size() && i > 0) {
        p.m_tokens.push_back({Token::Kind::any_run});  // "/**" at the end: everything inside
        i = j;
      } else {
        p.m_tokens.push_back({Token::Kind::star});
        i = j;
      }
    } else if (c == '?') {
      p.m_tokens.push_back({Token::Kind::any_char});
      ++i;
    } else if (c == '[') {
      Token t{Token::Kind::char_class};
      std::size_t next = parse_class(line, i, t);
      if (next) {
        p.m_tokens.push_back(std::move(t));
        i = next;
      } else {
        p.m_tokens.push_back({Token::Kind::literal, '['});
        ++i;
      }
    } else if (c == '\\' && i + 1 < line.size()) {
      p.m_tokens.push_back({Token::Kind::literal, line[i + 1]});
      i += 2;
    } else {
      p.m_tokens.push_back({Token::Kind::literal, c});
      ++i;
    }
  }
  return p;
}

bool PathPattern::matches(std::string_view path, bool is_directory) const {
  if (m_tokens.empty()) return false;
  if (m_directory_only && !is_directory) return false;
  if (!m_anchored) {
    std::size_t slash = path.rfind('/');
    if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  }
  const std::size_t m = m_tokens.size();
  // State (pos, inside): `pos` is the next token to match; `inside` is only used by
  // globstar_dirs and means "in the middle of a directory name it is consuming".
  std::vector<char> current(2 * (m + 1), 0), next(2 * (m + 1), 0);
  auto close_over_epsilon = [&](std::vector<char>& states) {
    for (std::size_t pos = 0; pos < m; ++pos) {
      if (!states[2 * pos]) continue;
      auto kind = m_tokens[pos].kind;
      if (kind == Token::Kind::star || kind == Token::Kind::any_run || kind == Token::Kind::globstar_dirs)
        states[2 * (pos + 1)] = 1;
    }
  };
  current[0] = 1;
  close_over_epsilon(current);
  for (char c : path) {
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (std::size_t pos = 0; pos < m; ++pos) {
      const Token& t = m_tokens[pos];
      if (current[2 * pos]) {
        switch (t.kind) {
          case Token::Kind::literal:
            if (c == t.literal) next[2 * (pos + 1)] = 1;
            break;
          case Token::Kind::any_char:
            if (c != '/') next[2 * (pos + 1)] = 1;
            break;
          case Token::Kind::char_class:
            if (t.set[static_cast<unsigned char>(c)]) next[2 * (pos + 1)] = 1;
            break;
          case Token::Kind::star:
            if (c != '/') next[2 * pos] = 1;
            break;
          case Token::Kind::any_run:
            next[2 * pos] = 1;
            break;
          case Token::Kind::globstar_dirs:
            if (c != '/') next[2 * pos + 1] = 1;
            break;
        }
      }
      if (current[2 * pos + 1]) {  // inside a directory name consumed by globstar_dirs
        next[2 * pos + 1] = 1;
        if (c == '/') next[2 * (pos + 1)] = 1;
      }
    }
    close_over_epsilon(next);
    for (char s : next) any = any || s;
    if (!any) return false;
    current.swap(next);
  }
  return current[2 * m] != 0;
}

PatternList::PatternList(const std::vector<std::string>& lines) {
  for (const auto& line : lines) {
    PathPattern p = PathPattern::compile(line);
    if (!p.empty()) m_patterns.push_back(std::move(p));
  }
}

PatternList::Verdict PatternList::last_verdict(std::string_view path, bool is_directory) const {
  for (auto it = m_patterns.rbegin(); it != m_patterns.rend(); ++it)
    if (it->matches(path, is_directory)) return it->negated() ? Verdict::unmatched : Verdict::matched;
  return Verdict::none;
}

bool PatternList::matches(std::string_view path) const {
  if (m_patterns.empty()) return false;
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1))
    if (last_verdict(path.substr(0, slash), true) == Verdict::matched) return true;
  return last_verdict(path, false) == Verdict::matched;
}

std::string PathFilter::rejection(std::string_view path) const {
  if (!m_include.empty() && !m_include.matches(path)) return "not in paths.include";
  if (m_exclude.matches(path)) return "excluded by paths.exclude";
  return "";
}

}  // namespace review
