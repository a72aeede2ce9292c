// Lexical rule evaluation, the masking lexer and the entropy/placeholder helpers.
#include "reviewers/builtin/lexical.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <mutex>

#include "util/text.h"

namespace review::builtin {

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<int, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0, n = static_cast<double>(s.size());
  for (int c : counts)
    if (c) {
      double p = c / n;
      h -= p * std::log2(p);
    }
  return h;
}

bool looks_like_placeholder(std::string_view value) {
  if (value.size() < 8) return true;
  std::string v = to_lower(value);
  static constexpr std::string_view k_markers[] = {
      "changeme", "change_me", "change-me", "xxxx", "****", "....", "<", ">", "${", "{{", "%(", "%s",
      "dummy",    "example",   "placeholder", "sample", "your_", "your-", "yourkey", "insert", "redacted",
      "secret_here", "replace", "fake", "test", "todo", "fixme", "none", "null", "undefined", "password",
      "process.env", "os.environ", "getenv", "abcdef", "123456", "qwerty", "lorem"};
  for (auto m : k_markers)
    if (v.find(m) != std::string::npos) return true;
  if (std::ranges::all_of(v, [&](char c) { return c == v[0]; })) return true;
  return false;
}

namespace {

enum class Syntax { none, python, c_family };

Syntax syntax_of(std::string_view language) {
  if (language == "python") return Syntax::python;
  if (language == "c" || language == "cpp" || language == "javascript" || language == "typescript" ||
      language == "tsx" || language == "go" || language == "rust" || language == "java")
    return Syntax::c_family;
  return Syntax::none;
}

/// Blanks text[from, to) except newlines.
void blank(std::string& out, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < out.size(); ++i)
    if (out[i] != '\n') out[i] = ' ';
}

/// Index just past a quoted literal opened at `i` with `quote` (backslash escapes);
/// single-line literals stop at the newline.
std::size_t skip_quoted(std::string_view t, std::size_t i, char quote, bool multiline) {
  std::size_t j = i + 1;
  while (j < t.size()) {
    char c = t[j];
    if (c == '\\') {
      j += 2;
      continue;
    }
    if (c == quote) return j + 1;
    if (c == '\n' && !multiline) return j;
    ++j;
  }
  return t.size();
}

}  // namespace

std::string mask_source(std::string_view t, std::string_view language, MaskMode mode) {
  std::string out(t);
  Syntax syntax = syntax_of(language);
  if (syntax == Syntax::none) return out;
  bool strings = mode == MaskMode::comments_and_strings;
  bool js = language == "javascript" || language == "typescript" || language == "tsx";
  std::size_t i = 0, n = t.size();
  // Blanks a string's contents (between open and close delimiters) when masking strings.
  auto string_body = [&](std::size_t open_end, std::size_t close_begin) {
    if (strings && close_begin > open_end) blank(out, open_end, close_begin);
  };
  while (i < n) {
    char c = t[i];
    if (syntax == Syntax::python) {
      if (c == '#') {
        std::size_t e = t.find('\n', i);
        if (e == std::string_view::npos) e = n;
        blank(out, i, e);
        i = e;
        continue;
      }
      if (c == '"' || c == '\'') {
        bool triple = i + 2 < n && t[i + 1] == c && t[i + 2] == c;
        if (triple) {
          std::string_view delim = t.substr(i, 3);
          std::size_t e = i + 3;
          while (e < n && t.substr(e, 3) != delim) e += (t[e] == '\\') ? 2 : 1;
          std::size_t close = std::min(e, n);
          string_body(i + 3, close);
          i = std::min(n, close + 3);
        } else {
          std::size_t e = skip_quoted(t, i, c, false);
          string_body(i + 1, e > i + 1 && e <= n && t[e - 1] == c ? e - 1 : e);
          i = e;
        }
        continue;
      }
      ++i;
      continue;
    }
    // C family.
    if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      std::size_t e = t.find('\n', i);
      if (e == std::string_view::npos) e = n;
      blank(out, i, e);
      i = e;
      continue;
    }
    if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      std::size_t e = t.find("*/", i + 2);
      e = e == std::string_view::npos ? n : e + 2;
      blank(out, i, e);
      i = e;
      continue;
    }
    if (c == 'R' && language == "cpp" && i + 1 < n && t[i + 1] == '"') {  // R"delim( … )delim"
      std::size_t paren = t.find('(', i + 2);
      if (paren != std::string_view::npos && paren - i < 20) {
        std::string close(1, ')');  // ")delim\"", built by appending (GCC 12 -Wrestrict on operator+)
        close.append(t.substr(i + 2, paren - i - 2)).push_back('"');
        std::size_t e = t.find(close, paren + 1);
        e = e == std::string_view::npos ? n : e;
        string_body(paren + 1, e);
        i = std::min(n, e + close.size());
        continue;
      }
    }
    if (c == 'r' && language == "rust" && i + 1 < n && (t[i + 1] == '"' || t[i + 1] == '#') &&
        (i == 0 || !(std::isalnum(static_cast<unsigned char>(t[i - 1])) || t[i - 1] == '_'))) {  // r#"…"#
      std::size_t j = i + 1;
      while (j < n && t[j] == '#') ++j;
      if (j < n && t[j] == '"') {
        std::string close(1, '"');
        close.append(j - i - 1, '#');
        std::size_t e = t.find(close, j + 1);
        e = e == std::string_view::npos ? n : e;
        string_body(j + 1, e);
        i = std::min(n, e + close.size());
        continue;
      }
    }
    if (c == '"') {
      std::size_t e = skip_quoted(t, i, '"', false);
      string_body(i + 1, e > i + 1 && t[e - 1] == '"' ? e - 1 : e);
      i = e;
      continue;
    }
    if (c == '`' && (js || language == "go")) {
      std::size_t e = js ? skip_quoted(t, i, '`', true) : t.find('`', i + 1);
      e = e == std::string_view::npos ? n : (js ? e : e + 1);
      string_body(i + 1, e > i + 1 && t[e - 1] == '`' ? e - 1 : e);
      i = e;
      continue;
    }
    if (c == '\'') {
      if (js) {
        std::size_t e = skip_quoted(t, i, '\'', false);
        string_body(i + 1, e > i + 1 && t[e - 1] == '\'' ? e - 1 : e);
        i = e;
        continue;
      }
      // Character literal ('a', '\n', '\u{1F600}'); in Rust a lone quote starts a lifetime.
      std::size_t e = i + 1;
      if (e < n && t[e] == '\\') e = t.find('\'', e + 2);
      else if (e + 1 < n && t[e + 1] == '\'') e = e + 1;
      else e = std::string_view::npos;
      if (e != std::string_view::npos && e - i <= 12) {
        string_body(i + 1, e);
        i = e + 1;
        continue;
      }
    }
    ++i;
  }
  return out;
}

/// One rule's regexes, compiled on first use (std::call_once) and then shared read-only.
struct LexicalSet::Compiled {
  const Rule* rule = nullptr;
  std::once_flag once;
  bool ok = false;  ///< both regexes compiled (make_rule_set rejects bad ones; never run them)
  std::unique_ptr<RE2> pattern;
  std::unique_ptr<RE2> exclude;
  int value_group = -1;  ///< index of (?P<value>…), -1 if none

  bool ready() {
    std::call_once(once, [this] {
      RE2::Options options;
      options.set_log_errors(false);
      pattern = std::make_unique<RE2>(rule->pattern, options);
      if (!pattern->ok()) return;
      if (!rule->exclude.empty()) {
        exclude = std::make_unique<RE2>(rule->exclude, options);
        if (!exclude->ok()) return;
      }
      auto groups = pattern->NamedCapturingGroups();
      if (auto it = groups.find("value"); it != groups.end()) value_group = it->second;
      ok = true;
    });
    return ok;
  }
};

LexicalSet::LexicalSet(std::vector<const Rule*> rules) {
  for (const Rule* r : rules) {
    if (r->pattern.empty()) continue;
    auto c = std::make_unique<Compiled>();
    c->rule = r;
    m_rules.push_back(std::move(c));
  }
}

LexicalSet::~LexicalSet() = default;

namespace {

/// Finds the first match in `line` that satisfies the rule's entropy condition.
std::optional<std::string_view> first_match(const LexicalSet::Compiled& c, std::string_view line);

}  // namespace

void LexicalSet::for_each_match(std::string_view language, std::string_view text, int first_line, int from_line,
                                int to_line, const std::function<void(const LexicalMatch&)>& on_match) const {
  std::vector<Compiled*> active;  // compiled lazily: the once_flag makes that thread-safe
  bool need_code = false, need_strings = false;
  for (const auto& c : m_rules) {
    if (!c->rule->applies_to(language)) continue;
    active.push_back(c.get());
    need_code |= c->rule->scope == LexicalScope::code;
    need_strings |= c->rule->scope == LexicalScope::strings;
  }
  if (active.empty()) return;
  std::string code = need_code ? mask_source(text, language, MaskMode::comments_and_strings) : std::string();
  std::string strings = need_strings ? mask_source(text, language, MaskMode::comments) : std::string();
  auto raw_lines = split_lines(text);
  auto code_lines = split_lines(code);
  auto string_lines = split_lines(strings);
  LexicalMatch m;
  for (std::size_t i = 0; i < raw_lines.size(); ++i) {
    int line_no = first_line + static_cast<int>(i);
    if (line_no < from_line) continue;
    if (line_no > to_line) break;
    std::string_view raw = raw_lines[i];
    std::string lower;  // built on first need
    bool lowered = false;
    for (Compiled* c : active) {
      const Rule& r = *c->rule;
      if (!r.keywords.empty()) {
        if (!lowered) lower = to_lower(raw), lowered = true;
        if (std::ranges::none_of(r.keywords, [&](const std::string& k) { return lower.find(k) != std::string::npos; }))
          continue;
      }
      if (!c->ready()) continue;
      std::string_view seen = raw;
      if (r.scope == LexicalScope::code && i < code_lines.size()) seen = code_lines[i];
      if (r.scope == LexicalScope::strings && i < string_lines.size()) seen = string_lines[i];
      auto hit = first_match(*c, seen);
      if (!hit) continue;
      if (c->exclude && RE2::PartialMatch(re2::StringPiece(raw.data(), raw.size()), *c->exclude)) continue;
      m.rule = &r;
      m.line = line_no;
      // Masking keeps offsets: point into the original line.
      m.matched = raw.substr(static_cast<std::size_t>(hit->data() - seen.data()), hit->size());
      on_match(m);
    }
  }
}

namespace {

std::optional<std::string_view> first_match(const LexicalSet::Compiled& c, std::string_view line) {
  int groups = c.pattern->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> sub(static_cast<std::size_t>(groups) + 1);
  std::size_t pos = 0;
  while (pos <= line.size()) {
    if (!c.pattern->Match(re2::StringPiece(line.data(), line.size()), pos, line.size(), RE2::UNANCHORED, sub.data(),
                          groups + 1))
      return std::nullopt;
    std::string_view whole(sub[0].data(), sub[0].size());
    if (c.rule->min_entropy <= 0 || c.value_group < 0) return whole;
    std::string_view value(sub[static_cast<std::size_t>(c.value_group)].data(),
                           sub[static_cast<std::size_t>(c.value_group)].size());
    if (!looks_like_placeholder(value) && shannon_entropy(value) >= c.rule->min_entropy) return whole;
    pos = static_cast<std::size_t>(whole.data() - line.data()) + std::max<std::size_t>(1, whole.size());
  }
  return std::nullopt;
}

}  // namespace

}  // namespace review::builtin
