// Query compilation and predicate evaluation; see query_engine.h for the predicate set.
// Predicates are decoded once per pattern into Predicate values (regexes compiled once);
// evaluation reads node text straight from the source, no copies.
#include "reviewers/builtin/query_engine.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <future>
#include <unordered_map>
#include <mutex>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "git/grammar.h"
#include "reviewers/builtin/lexical.h"
#include "reviewers/builtin/ts_owners.h"
#include "util/text.h"
#include "util/parallel.h"

namespace review::builtin {

namespace {

constexpr std::uint32_t k_no_capture = UINT32_MAX;

enum class PredicateOp { eq, match, any_of, kind, is_literal, has_ancestor, ancestor_match, secret_like };

struct Predicate {
  PredicateOp op = PredicateOp::eq;
  bool negated = false;
  std::uint32_t capture = k_no_capture;
  std::uint32_t other_capture = k_no_capture;  ///< #eq? @a @b
  std::vector<std::string> literals;           ///< #eq? text, #any-of? values, ancestor types
  std::shared_ptr<const RE2> regex;            ///< #match?
};

const char* error_kind_name(TSQueryError e) {
  switch (e) {
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern structure";
    case TSQueryErrorLanguage: return "language mismatch";
    default: return "error";
  }
}

std::string_view node_text(TSNode node, std::string_view source) {
  std::uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  if (start > source.size() || end > source.size() || end < start) return {};
  return source.substr(start, end - start);
}

/// One argument of a predicate as written: a capture (its name, without `@`) or a string.
struct PredicateArg {
  bool capture = false;
  std::string text;
};

/// A predicate as written in a pattern, `(#name @capture "string" …)`: its name and its
/// arguments in order, strings unescaped.
struct WrittenPredicate {
  std::string name;
  std::vector<PredicateArg> args;

  /// The first argument's capture name, or "" when the first argument is no capture.
  std::string_view first_capture() const { return !args.empty() && args[0].capture ? args[0].text : std::string_view(); }
  /// True if an argument after the first is a capture (#eq? @a @b).
  bool other_capture() const {
    return std::ranges::any_of(args.begin() + std::min<std::size_t>(1, args.size()), args.end(),
                               [](const PredicateArg& a) { return a.capture; });
  }
  /// The string arguments, in order.
  std::vector<std::string> strings() const {
    std::vector<std::string> out;
    for (const auto& a : args)
      if (!a.capture) out.push_back(a.text);
    return out;
  }
};

/// The predicates of pattern `pattern` of a compiled query, as written.
Expected<std::vector<WrittenPredicate>> written_predicates(const TSQuery* query, std::uint32_t pattern) {
  std::uint32_t count = 0;
  const TSQueryPredicateStep* steps = ts_query_predicates_for_pattern(query, pattern, &count);
  std::vector<WrittenPredicate> out;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (steps[i].type != TSQueryPredicateStepTypeString) return fail(ErrorKind::config, "predicate without a name");
    std::uint32_t len = 0;
    const char* name = ts_query_string_value_for_id(query, steps[i].value_id, &len);
    WrittenPredicate w{std::string(name, len), {}};
    for (++i; i < count && steps[i].type != TSQueryPredicateStepTypeDone; ++i) {
      const char* text = steps[i].type == TSQueryPredicateStepTypeCapture
                             ? ts_query_capture_name_for_id(query, steps[i].value_id, &len)
                             : ts_query_string_value_for_id(query, steps[i].value_id, &len);
      w.args.push_back({steps[i].type == TSQueryPredicateStepTypeCapture, std::string(text, len)});
    }
    out.push_back(std::move(w));
  }
  return out;
}

/// `pattern` compiled as RE2 without logging its errors (the caller reports them).
std::shared_ptr<const RE2> quiet_regex(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  return std::make_shared<const RE2>(pattern, options);
}

/// Decodes one predicate (regexes compiled); `slot` gives the number a capture name has in
/// the pattern. Errors name the predicate.
template <typename SlotOf>
Expected<Predicate> decode_predicate(const WrittenPredicate& w, SlotOf slot) {
  const std::string& name = w.name;
  Predicate p;
  std::string base = name;
  if (base.starts_with("not-")) {
    p.negated = true;
    base = base.substr(4);
  }
  if (base == "eq?") p.op = PredicateOp::eq;
  else if (base == "match?") p.op = PredicateOp::match;
  else if (base == "any-of?") p.op = PredicateOp::any_of;
  else if (base == "is-literal?") p.op = PredicateOp::is_literal;
  else if (name == "not-literal?") p.op = PredicateOp::is_literal, p.negated = true;
  else if (base == "has-ancestor?") p.op = PredicateOp::has_ancestor;
  else if (base == "ancestor-match?") p.op = PredicateOp::ancestor_match;
  else if (base == "secret-like?") p.op = PredicateOp::secret_like;
  else if (base == "kind?") p.op = PredicateOp::kind;
  else return fail(ErrorKind::config, fmt::format("unknown predicate #{}", name));
  if (w.first_capture().empty())
    return fail(ErrorKind::config, fmt::format("#{} needs a capture as first argument", name));
  p.capture = slot(w.first_capture());
  for (std::size_t k = 1; k < w.args.size(); ++k) {
    if (w.args[k].capture) {
      if (p.op != PredicateOp::eq || k != 1 || w.args.size() != 2)
        return fail(ErrorKind::config, fmt::format("#{}: a second capture is only allowed in #eq?", name));
      p.other_capture = slot(w.args[k].text);
    } else {
      p.literals.push_back(w.args[k].text);
    }
  }
  switch (p.op) {
    case PredicateOp::eq:
      if (p.other_capture == k_no_capture && p.literals.size() != 1)
        return fail(ErrorKind::config, fmt::format("#{} takes a capture and one string or capture", name));
      break;
    case PredicateOp::match: {
      if (p.literals.size() != 1) return fail(ErrorKind::config, fmt::format("#{} takes a capture and a regex", name));
      auto re = quiet_regex(p.literals[0]);
      if (!re->ok()) return fail(ErrorKind::config, fmt::format("#{}: bad regex: {}", name, re->error()));
      p.regex = std::move(re);
      break;
    }
    case PredicateOp::any_of:
    case PredicateOp::kind:
    case PredicateOp::has_ancestor:
      if (p.literals.empty()) return fail(ErrorKind::config, fmt::format("#{} needs at least one string", name));
      break;
    case PredicateOp::is_literal:
    case PredicateOp::secret_like:
      if (!p.literals.empty()) return fail(ErrorKind::config, fmt::format("#{} takes only a capture", name));
      break;
    case PredicateOp::ancestor_match: {
      if (p.literals.size() != 2)
        return fail(ErrorKind::config, fmt::format("#{} takes a capture, a node type and a regex", name));
      auto re = quiet_regex(p.literals[1]);
      if (!re->ok()) return fail(ErrorKind::config, fmt::format("#{}: bad regex: {}", name, re->error()));
      p.regex = std::move(re);
      break;
    }
  }
  return p;
}

bool has_ancestor(TSNode node, const std::vector<std::string>& types) {
  for (TSNode n = ts_node_parent(node); !ts_node_is_null(n); n = ts_node_parent(n)) {
    std::string_view type = ts_node_type(n);
    for (const auto& t : types)
      if (type == t) return true;
  }
  return false;
}

/// Blanks the comments inside `node` in `text` (which holds node's text, starting at `base`).
void blank_comments(TSNode node, std::string& text, std::uint32_t base, int depth) {
  if (depth > 200) return;
  std::uint32_t n = ts_node_named_child_count(node);
  for (std::uint32_t i = 0; i < n; ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (std::string_view(ts_node_type(child)).find("comment") != std::string_view::npos) {
      for (std::uint32_t b = ts_node_start_byte(child); b < ts_node_end_byte(child) && b - base < text.size(); ++b)
        text[b - base] = ' ';
    } else {
      blank_comments(child, text, base, depth + 1);
    }
  }
}

/// The text of the nearest ancestor of type `type`, comments blanked, matches `regex`
/// (false without such an ancestor).
bool ancestor_matches(TSNode node, std::string_view type, const RE2& regex, std::string_view source) {
  for (TSNode n = ts_node_parent(node); !ts_node_is_null(n); n = ts_node_parent(n))
    if (std::string_view(ts_node_type(n)) == type) {
      std::string text(node_text(n, source));
      blank_comments(n, text, ts_node_start_byte(n), 0);
      return RE2::PartialMatch(text, regex);
    }
  return false;
}

/// A string literal whose content looks like a real secret (see secret_like in the header).
bool secret_like(std::string_view text) {
  std::size_t open = text.find_first_of("\"'`");
  std::size_t close = text.find_last_of("\"'`");
  if (open == std::string_view::npos || close <= open) return false;
  std::string_view value = text.substr(open + 1, close - open - 1);
  while (!value.empty() && (value.front() == '"' || value.front() == '\'' || value.front() == '#')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '"' || value.back() == '\'' || value.back() == '#')) value.remove_suffix(1);
  if (value.find_first_of(" \t\n") != std::string_view::npos) return false;
  for (std::string_view marker : {"${", "{{", "{}", "%s", "%("})
    if (value.find(marker) != std::string_view::npos) return false;
  return !looks_like_placeholder(value) && shannon_entropy(value) >= 3.0;
}

bool holds_for_node(const Predicate& p, TSNode node, const TSQueryMatch& match, std::string_view source) {
  std::string_view text = node_text(node, source);
  switch (p.op) {
    case PredicateOp::eq:
      if (p.other_capture != k_no_capture) {
        for (std::uint16_t c = 0; c < match.capture_count; ++c)
          if (match.captures[c].index == p.other_capture) return text == node_text(match.captures[c].node, source);
        return false;
      }
      return text == p.literals[0];
    case PredicateOp::match:
      return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *p.regex);
    case PredicateOp::any_of:
      return std::ranges::find(p.literals, text) != p.literals.end();
    case PredicateOp::kind:
      return std::ranges::find(p.literals, std::string_view(ts_node_type(node))) != p.literals.end();
    case PredicateOp::is_literal:
      return is_literal_node(node, source);
    case PredicateOp::has_ancestor:
      return has_ancestor(node, p.literals);
    case PredicateOp::ancestor_match:
      return ancestor_matches(node, p.literals[0], *p.regex, source);
    case PredicateOp::secret_like:
      return secret_like(text);
  }
  return false;
}

/// Every node of the capture must satisfy the predicate (vacuously true when the capture
/// is absent, as in tree-sitter's own bindings).
bool holds(const Predicate& p, const TSQueryMatch& match, std::string_view source) {
  for (std::uint16_t c = 0; c < match.capture_count; ++c) {
    if (match.captures[c].index != p.capture) continue;
    if (holds_for_node(p, match.captures[c].node, match, source) == p.negated) return false;
  }
  return true;
}

bool type_in(std::string_view type, std::initializer_list<std::string_view> types) {
  return std::ranges::find(types, type) != types.end();
}

bool contains_interpolation(TSNode node, int depth) {
  if (depth > 8) return true;
  std::uint32_t n = ts_node_named_child_count(node);
  for (std::uint32_t i = 0; i < n; ++i) {
    TSNode child = ts_node_named_child(node, i);
    std::string_view type = ts_node_type(child);
    if (type == "interpolation" || type == "template_substitution" || type == "string_interpolation")
      return true;
    if (contains_interpolation(child, depth + 1)) return true;
  }
  return false;
}

bool is_literal_at(TSNode node, std::string_view source, int depth) {
  if (depth > 32 || ts_node_is_null(node)) return false;
  std::string_view type = ts_node_type(node);
  if (type_in(type, {"string", "template_string", "string_literal", "raw_string_literal",
                     "interpreted_string_literal", "text_block", "char_literal", "character_literal",
                     "rune_literal", "string_fragment"}))
    return !contains_interpolation(node, 0);
  if (type_in(type, {"number", "integer", "float", "number_literal", "int_literal", "float_literal",
                     "integer_literal", "imaginary_literal", "decimal_integer_literal", "hex_integer_literal",
                     "octal_integer_literal", "binary_integer_literal", "decimal_floating_point_literal",
                     "hex_floating_point_literal", "true", "false", "none", "null", "nil", "null_literal",
                     "undefined", "boolean_literal", "nullptr"}))
    return true;
  if (type == "identifier" || type == "constant") {
    std::string_view text = node_text(node, source);
    if (text.size() < 2) return false;
    return std::ranges::all_of(text, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }) &&
           text[0] >= 'A' && text[0] <= 'Z';
  }
  if (type_in(type, {"parenthesized_expression", "binary_expression", "binary_operator", "concatenated_string",
                     "list", "tuple", "array", "array_expression", "expression_list", "argument_list",
                     "arguments"})) {
    std::uint32_t n = ts_node_named_child_count(node);
    for (std::uint32_t i = 0; i < n; ++i) {
      TSNode child = ts_node_named_child(node, i);
      std::string_view ct = ts_node_type(child);
      if (ct == "comment") continue;
      if (!is_literal_at(child, source, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

bool is_literal_node(TSNode node, std::string_view source) { return is_literal_at(node, source, 0); }

const TSNode* QueryMatch::capture(std::string_view name) const {
  for (const auto& c : captures)
    if (c.name == name) return &c.node;
  return nullptr;
}

/// Chains of node types around a capture, innermost first; "" where any type fits.
using Chains = std::vector<std::vector<std::string>>;

/// A positive #eq?/#any-of? predicate of a pattern: a node of one of `types` whose text is
/// one of `any` must exist.
struct RequiredLiteral {
  std::vector<std::string> any;
  std::vector<std::string> types;  ///< the node types of its capture in the pattern; empty: any
  /// The chains of node types around the capture (PatternReader::ancestors): a node can be
  /// the capture only if its parents have the types of one chain.
  Chains ancestors;
};

/// One top-level pattern of one rule: run only when the text contains its required
/// literals. Its skeleton is compiled on first need, in the process-wide SkeletonCache.
struct QuerySet::Unit {
  const Rule* rule = nullptr;
  std::string pattern;   ///< the pattern's query text
  std::string skeleton;  ///< the pattern without predicates, captures renamed (make_skeleton)
  /// Capture names in order of first appearance: slot i is @i in the skeleton.
  std::vector<std::string> capture_names;
  std::uint32_t match_slot = k_no_capture;  ///< the slot of @match, if any
  /// From its positive #eq?/#any-of? predicates: for each, one of the strings must occur
  /// in the text (the captured node's text equals it).
  std::vector<RequiredLiteral> required;
  /// Per grammar_languages() entry (set by prepare_language): the `types` of `required` are
  /// all visible named node types of that grammar (not supertypes, which no node reports),
  /// so the syntax tree can be asked for a node of such a type with the literal's text.
  std::vector<char> typed;
  /// Per grammar_languages() entry (set by prepare_language), per required literal: its
  /// `ancestors` with the types that are not visible named node types of that grammar
  /// (supertypes) made "" (any).
  std::vector<std::vector<Chains>> parents;
  /// Positive #match? regexes, relaxed (relaxed_regex): each must find a match in the text
  /// around the window (regex_region). Compiled on first need: most units never get there.
  std::vector<std::string> regex_sources;
  std::once_flag regex_once;
  std::vector<std::shared_ptr<const RE2>> required_regexes;  ///< those of regex_sources that compile
  /// The pattern's predicates, on capture slots; decoded on first need (regexes compiled).
  std::once_flag predicates_once;
  std::optional<std::vector<Predicate>> predicates;  ///< nullopt: not decodable, never matches
  /// Per grammar_languages() entry: set once the unit was first needed (compiled_count).
  std::unique_ptr<std::atomic<bool>[]> needed;
};

namespace {

/// Splits a query into its top-level patterns (strings, `;` comments and brackets respected).
std::vector<std::string> split_patterns(std::string_view q) {
  std::vector<std::string> out;
  std::size_t i = 0, n = q.size();
  auto skip_space = [&] {
    while (i < n) {
      if (std::isspace(static_cast<unsigned char>(q[i]))) ++i;
      else if (q[i] == ';') while (i < n && q[i] != '\n') ++i;
      else break;
    }
  };
  while (true) {
    skip_space();
    if (i >= n) break;
    std::size_t begin = i;
    int depth = 0;
    do {
      char c = q[i];
      if (c == '"') {
        for (++i; i < n && q[i] != '"'; ++i)
          if (q[i] == '\\') ++i;
      } else if (c == ';') {
        while (i < n && q[i] != '\n') ++i;
        continue;
      } else if (c == '(' || c == '[') {
        ++depth;
      } else if (c == ')' || c == ']') {
        --depth;
      }
      ++i;
    } while (i < n && depth > 0);
    // Trailing quantifiers and captures belong to the pattern: `(x) @a @b`, `(x)*`.
    while (true) {
      std::size_t save = i;
      while (i < n && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r')) ++i;
      if (i < n && (q[i] == '*' || q[i] == '+' || q[i] == '?')) { ++i; continue; }
      if (i < n && q[i] == '@') {
        ++i;
        while (i < n && (std::isalnum(static_cast<unsigned char>(q[i])) || q[i] == '_' || q[i] == '.' || q[i] == '-')) ++i;
        continue;
      }
      i = save;
      break;
    }
    out.emplace_back(q.substr(begin, i - begin));
  }
  return out;
}

/// Reads the syntax of one top-level pattern far enough to know its predicates and the
/// captures present in every match: those not under a `?` or `*` quantifier and, inside
/// an alternation, present in every branch. A predicate on any other capture holds
/// vacuously when the capture is absent, so it cannot make the text required.
class PatternReader {
 public:
  explicit PatternReader(std::string_view pattern) : m_q(pattern) {}

  /// A character of a node type, field or capture name in the query syntax.
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '?' || c == '!';
  }

  /// False if the pattern holds something this reader does not understand.
  bool read() {
    m_certain = item().certain;
    skip_space();
    // A positive #kind? tells the capture's node types as surely as the pattern would.
    for (const auto& p : m_predicates) {
      if (p.name != "kind?" || p.first_capture().empty() || p.other_capture()) continue;
      std::vector<std::string> kinds = p.strings();
      std::set<std::string> listed(kinds.begin(), kinds.end());
      auto [it, fresh] = m_types.try_emplace(std::string(p.first_capture()), listed);
      if (!fresh) it->second = it->second ? intersection(*it->second, listed) : listed;
    }
    return m_ok && m_i == m_q.size();
  }
  const std::set<std::string>& certain() const { return m_certain; }
  /// The node types a capture can have (nullopt: any).
  std::optional<std::set<std::string>> types(const std::string& capture) const {
    auto it = m_types.find(capture);
    return it == m_types.end() ? std::nullopt : it->second;
  }
  const std::vector<WrittenPredicate>& predicates() const { return m_predicates; }
  /// The node types that enclose a capture's node in the pattern, one chain per place it
  /// occurs, innermost (the parent) first; "" where any node type fits (`_`).
  std::vector<std::vector<std::string>> ancestors(const std::string& capture) const {
    auto it = m_ancestors.find(capture);
    return it == m_ancestors.end() ? std::vector<std::vector<std::string>>{} : it->second;
  }

 private:

  void skip_space() {
    while (m_i < m_q.size()) {
      if (std::isspace(static_cast<unsigned char>(m_q[m_i]))) ++m_i;
      else if (m_q[m_i] == ';') while (m_i < m_q.size() && m_q[m_i] != '\n') ++m_i;
      else break;
    }
  }

  std::string name() {
    std::size_t begin = m_i;
    while (m_i < m_q.size() && name_char(m_q[m_i])) ++m_i;
    if (m_i == begin) m_ok = false;
    return std::string(m_q.substr(begin, m_i - begin));
  }

  /// A string at m_i (on the opening quote), with the query syntax's escapes applied as
  /// libtree-sitter 0.20.7 does (\n \r \t \0, any other escaped character stands for itself).
  std::string string_literal() {
    std::string out;
    for (++m_i; m_i < m_q.size() && m_q[m_i] != '"'; ++m_i) {
      char c = m_q[m_i];
      if (c == '\\' && m_i + 1 < m_q.size()) {
        char e = m_q[++m_i];
        out += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e == '0' ? '\0' : e;
      } else {
        out += c;
      }
    }
    if (m_i >= m_q.size()) m_ok = false;
    ++m_i;
    return out;
  }

  /// `(#name args…)`, m_i just after the `(`.
  void predicate() {
    ++m_i;  // '#'
    WrittenPredicate p;
    p.name = name();
    while (m_ok) {
      skip_space();
      if (m_i >= m_q.size()) m_ok = false;
      else if (m_q[m_i] == ')') break;
      else if (m_q[m_i] == '@') {
        ++m_i;
        p.args.push_back({true, name()});
      } else if (m_q[m_i] == '"') {
        p.args.push_back({false, string_literal()});
      } else {
        p.args.push_back({false, name()});
      }
    }
    ++m_i;
    m_predicates.push_back(std::move(p));
  }

  static std::set<std::string> intersection(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::set<std::string> out;
    std::ranges::set_intersection(a, b, std::inserter(out, out.end()));
    return out;
  }

  /// What one item of a pattern tells: the captures every match of it has, and the node
  /// types it can match (nullopt: any, e.g. `(_)`, a group, an anonymous node).
  struct Item {
    std::set<std::string> certain;
    std::optional<std::set<std::string>> types;
  };

  /// One item with its suffixes (quantifiers, captures).
  Item item() {
    skip_space();
    if (m_i >= m_q.size()) {
      m_ok = false;
      return {};
    }
    Item out;
    char c = m_q[m_i];
    if (c == '(') {
      ++m_i;
      skip_space();
      if (m_i < m_q.size() && m_q[m_i] == '#') {
        predicate();
        return {};
      }
      std::size_t save = m_i;
      bool node = false;
      if (m_i < m_q.size() && name_char(m_q[m_i])) {  // the node type, unless a field name
        std::string type = name();
        if (m_i < m_q.size() && m_q[m_i] == ':') {
          m_i = save;
        } else {
          node = true;
          if (type != "_") out.types = std::set<std::string>{type};
          m_enclosing.push_back(type == "_" ? std::string() : type);
        }
      }
      while (m_ok) {  // fields and children; or a group of siblings
        skip_space();
        if (m_i >= m_q.size()) m_ok = false;
        else if (m_q[m_i] == ')') break;
        else out.certain.merge(item().certain);
      }
      if (node) m_enclosing.pop_back();
      ++m_i;
    } else if (c == '[') {
      ++m_i;
      bool first = true;
      out.types = std::set<std::string>{};
      while (m_ok) {
        skip_space();
        if (m_i >= m_q.size()) m_ok = false;
        else if (m_q[m_i] == ']') break;
        else {
          Item branch = item();
          out.certain = first ? std::move(branch.certain) : intersection(out.certain, branch.certain);
          if (!branch.types) out.types.reset();
          else if (out.types) out.types->merge(*branch.types);
          first = false;
        }
      }
      if (first) out.types.reset();
      ++m_i;
    } else if (c == '"') {
      string_literal();
    } else if (c == '.') {  // anchor
      ++m_i;
      return {};
    } else if (c == '!') {  // negated field
      ++m_i;
      name();
      return {};
    } else if (name_char(c)) {  // `_`, or a field name before its item
      name();
      if (m_i < m_q.size() && m_q[m_i] == ':') {
        ++m_i;
        return item();
      }
    } else {
      m_ok = false;
      return {};
    }
    bool optional = false;
    while (m_ok) {
      skip_space();
      if (m_i >= m_q.size()) break;
      if (m_q[m_i] == '?' || m_q[m_i] == '*') {
        optional = true, ++m_i;
      } else if (m_q[m_i] == '+') {
        ++m_i;
      } else if (m_q[m_i] == '@') {
        ++m_i;
        std::string capture = name();
        std::vector<std::string> chain(m_enclosing.rbegin(), m_enclosing.rend());
        if (auto& chains = m_ancestors[capture]; std::ranges::find(chains, chain) == chains.end())
          chains.push_back(std::move(chain));
        auto [it, fresh] = m_types.try_emplace(capture, out.types);
        if (!fresh && it->second && out.types) it->second->insert(out.types->begin(), out.types->end());
        else if (!fresh) it->second.reset();
        out.certain.insert(std::move(capture));
      } else {
        break;
      }
    }
    if (optional) out.certain.clear();
    return out;
  }

  std::string_view m_q;
  std::size_t m_i = 0;
  bool m_ok = true;
  std::set<std::string> m_certain;
  std::map<std::string, std::optional<std::set<std::string>>> m_types;  ///< by capture
  std::vector<std::string> m_enclosing;  ///< node types around the current item, outermost first ("" for `_`)
  std::map<std::string, std::vector<std::vector<std::string>>> m_ancestors;  ///< by capture
  std::vector<WrittenPredicate> m_predicates;
};

/// `regex` with its assertions (^ $ \b \B \A \z) removed. Assertions only restrict where a
/// match may be, so the result finds a match in every text containing a text in which the
/// original finds one: searching the window for it is a sound prefilter for the nodes in
/// the window. (It may not compile, e.g. after a quantified assertion: then it is dropped.)
std::string relaxed_regex(std::string_view regex) {
  std::string out;
  std::size_t n = regex.size();
  for (std::size_t i = 0; i < n; ++i) {
    char c = regex[i];
    if (c == '\\' && i + 1 < n) {
      char e = regex[i + 1];
      if (e == 'Q') {  // \Q…\E quotes literally
        std::size_t end = regex.find("\\E", i + 2);
        std::size_t stop = end == std::string_view::npos ? n : end + 2;
        out += regex.substr(i, stop - i);
        i = stop - 1;
      } else if (e != 'b' && e != 'B' && e != 'A' && e != 'z') {
        out += regex.substr(i, 2);
      }
      ++i;
    } else if (c == '[') {  // a class: ^ and $ are ordinary there
      std::size_t j = i + 1;
      if (j < n && regex[j] == '^') ++j;
      if (j < n && regex[j] == ']') ++j;
      while (j < n && regex[j] != ']') {
        if (regex[j] == '\\') j += 2;
        else if (regex.substr(j, 2) == "[:") {
          std::size_t end = regex.find(":]", j + 2);
          j = end == std::string_view::npos ? n : end + 2;
        } else ++j;
      }
      j = std::min(j, n - 1);
      out += regex.substr(i, j + 1 - i);
      i = j;
    } else if (c != '^' && c != '$') {
      out += c;
    }
  }
  return out;
}

/// The prefilter of one pattern: the required literals (for each positive #eq?/#any-of?
/// predicate on a capture every match has, one of its strings, with the capture's node
/// types) and required regexes (each positive #match? on such a capture, relaxed).
/// Nothing when the pattern is not understood.
void read_prefilter(std::string_view pattern, std::vector<RequiredLiteral>& literals, std::vector<std::string>& regexes) {
  PatternReader reader(pattern);
  if (!reader.read()) return;
  for (const auto& p : reader.predicates()) {
    std::string capture(p.first_capture());
    std::vector<std::string> strings = p.strings();
    if (!reader.certain().contains(capture) || p.other_capture() || strings.empty()) continue;
    if (p.name == "eq?" || p.name == "any-of?") {
      RequiredLiteral literal{std::move(strings), {}};
      if (auto types = reader.types(capture)) literal.types.assign(types->begin(), types->end());
      literal.ancestors = reader.ancestors(capture);
      literals.push_back(std::move(literal));
    } else if (p.name == "match?" && strings.size() == 1) {
      regexes.push_back(relaxed_regex(strings[0]));
    }
  }
}

/// True if every type in `types` is a visible named node type of `grammar` (what
/// ts_node_type reports for a node a query step of that type matched).
bool regular_types(const TSLanguage* grammar, const std::vector<std::string>& types) {
  return std::ranges::all_of(types, [&](const std::string& type) {
    TSSymbol symbol = ts_language_symbol_for_name(grammar, type.data(), static_cast<std::uint32_t>(type.size()), true);
    return symbol != 0 && ts_language_symbol_type(grammar, symbol) == TSSymbolTypeRegular;
  });
}

/// The characters an identifier is made of in the nine grammars (`$` in JavaScript, Java, C).
bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/// True if the identifier characters just before `pos` in `text` cannot end a token of
/// their own, i.e. a node may still start at `pos`: the run of identifier characters
/// before it follows a backslash (a string fragment after an escape sequence: "\nexec",
/// "\x41exec") or starts with a digit (a C++ user-defined literal suffix: 12_km).
bool token_may_start_inside_run(std::string_view text, std::size_t pos) {
  std::size_t run = pos;
  while (run > 0 && is_identifier_char(text[run - 1])) --run;
  return (run > 0 && text[run - 1] == '\\') || (text[run] >= '0' && text[run] <= '9');
}

/// Calls `accept` with the offset of each occurrence of `literal` in `text` where a node's
/// text could equal it, until it returns true: an end of the literal that is an identifier
/// character must not touch another identifier character (`exec` inside `sys.executable`
/// does not count, `exec(` and `\`exec${cmd}\`` do). Literals starting with a digit are
/// numbers, which may carry suffixes; they only need to occur. True if `accept` did.
template <typename Accept>
bool any_token_occurrence(std::string_view text, std::string_view literal, Accept accept) {
  if (literal.empty()) return true;
  bool number = literal.front() >= '0' && literal.front() <= '9';
  bool check_front = !number && is_identifier_char(literal.front());
  bool check_back = !number && is_identifier_char(literal.back());
  for (std::size_t pos = text.find(literal); pos != std::string_view::npos; pos = text.find(literal, pos + 1)) {
    if (check_front && pos > 0 && is_identifier_char(text[pos - 1]) && !token_may_start_inside_run(text, pos))
      continue;
    std::size_t end = pos + literal.size();
    bool substitution = text.substr(end, 2) == "${";  // a template string fragment ends there
    if (check_back && end < text.size() && is_identifier_char(text[end]) && !substitution) continue;
    if (accept(pos)) return true;
  }
  return false;
}

/// True if the parents of `node` have the types of one of `chains` (innermost first, ""
/// for any type), or there are no chains. A pattern's child is a direct child of its parent
/// in the tree of visible nodes, which ts_node_parent walks, so a node whose parents fit
/// no chain cannot be that capture.
bool parents_fit(TSNode node, const Chains& chains) {
  if (chains.empty()) return true;
  return std::ranges::any_of(chains, [&](const std::vector<std::string>& chain) {
    TSNode n = node;
    for (const std::string& type : chain) {
      n = ts_node_parent(n);
      if (ts_node_is_null(n) || (!type.empty() && type != ts_node_type(n))) return false;
    }
    return true;
  });
}

/// True if some node of one of `types` spans exactly bytes [start, end) of the tree, with
/// parents that fit `chains`.
bool node_spans(TSNode root, std::uint32_t start, std::uint32_t end, const std::vector<std::string>& types,
                const Chains& chains) {
  // Nodes with the same range are nested: from the smallest one containing the range up.
  for (TSNode n = ts_node_descendant_for_byte_range(root, start, end);
       !ts_node_is_null(n) && ts_node_start_byte(n) == start && ts_node_end_byte(n) == end; n = ts_node_parent(n))
    if (std::ranges::find(types, std::string_view(ts_node_type(n))) != types.end() && parents_fit(n, chains))
      return true;
  return false;
}

/// A pattern reduced to what ts_query_new looks at: predicates and comments removed,
/// whitespace normalised, each capture renamed to its slot (`@0`, `@1`, … in order of first
/// appearance). Patterns of different rules that differ only in their predicates or capture
/// names (many sinks are `(call function: … arguments: (argument_list . (_) @x))`) share one
/// skeleton, so they are compiled and matched once.
struct Skeleton {
  std::string text;
  std::vector<std::string> capture_names;  ///< slot → the pattern's capture name
};

/// The skeleton of one top-level pattern; nullopt on an unterminated string or predicate.
std::optional<Skeleton> make_skeleton(std::string_view q) {
  Skeleton out;
  std::size_t i = 0, n = q.size();
  bool space = false;
  // Emits a token, with one space before it unless it follows an opening or precedes a
  // closing bracket.
  auto emit = [&](std::string_view token) {
    if (space && !out.text.empty() && out.text.back() != '(' && out.text.back() != '[' && token[0] != ')' &&
        token[0] != ']')
      out.text += ' ';
    space = false;
    out.text += token;
  };
  auto skip_string = [&](std::size_t at) -> std::size_t {  // past the closing quote, or npos
    for (++at; at < n && q[at] != '"'; ++at)
      if (q[at] == '\\') ++at;
    return at < n ? at + 1 : std::string_view::npos;
  };
  while (i < n) {
    char c = q[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true, ++i;
    } else if (c == ';') {
      while (i < n && q[i] != '\n') ++i;
      space = true;
    } else if (c == '"') {
      std::size_t end = skip_string(i);
      if (end == std::string_view::npos) return std::nullopt;
      emit(q.substr(i, end - i));
      i = end;
    } else if (c == '@') {
      std::size_t begin = ++i;
      while (i < n && PatternReader::name_char(q[i])) ++i;
      std::string name(q.substr(begin, i - begin));
      auto it = std::ranges::find(out.capture_names, name);
      auto slot = static_cast<std::size_t>(it - out.capture_names.begin());
      if (it == out.capture_names.end()) out.capture_names.push_back(std::move(name));
      emit(fmt::format("@{}", slot));
    } else if (std::size_t j = q.find_first_not_of(" \t\r\n", i + 1); c == '(' && j != std::string_view::npos && q[j] == '#') {
      for (int depth = 0; i < n;) {  // a predicate: skipped with its strings
        if (q[i] == '"') {
          i = skip_string(i);
          if (i == std::string_view::npos) return std::nullopt;
          continue;
        }
        depth += q[i] == '(' ? 1 : q[i] == ')' ? -1 : 0;
        ++i;
        if (depth == 0) break;
      }
      space = true;
    } else {
      emit(q.substr(i, 1));
      ++i;
    }
  }
  return out;
}

/// Skeletons compiled together: one ts_query_new for all the skeletons one need brought up,
/// because each call pays a fixed analysis of the grammar's parse table (about 1.7 ms for
/// Python) on top of each pattern's own. Immutable once built; shared read-only.
struct CompiledGroup {
  TsQueryPtr query;
  std::vector<std::uint32_t> slot_of_capture;  ///< capture id in `query` → skeleton slot
};

/// Where one skeleton's pattern lives: a pattern of a group, or no group when the skeleton
/// does not compile for the language.
struct CompiledSkeleton {
  const CompiledGroup* group = nullptr;
  std::uint32_t pattern = 0;
};

/// The compiled skeletons of the process, per language, shared by every QuerySet (the flow
/// voter's sinks and the query voter's checks share many). Thread-safe: a caller compiles
/// the skeletons nobody has claimed yet and waits for those another thread is compiling.
/// Never freed (process lifetime; the grammars it points into are static).
class SkeletonCache {
  /// A skeleton the calling thread claimed, and the promise it fulfils once compiled.
  using Claim = std::pair<const std::string*, std::promise<CompiledSkeleton>>;

 public:
  static SkeletonCache& instance() {
    static auto* cache = new SkeletonCache;
    return *cache;
  }

  /// The compiled pattern of each skeleton in `wanted` (same order) for language `lang`
  /// (an index into grammar_languages()).
  std::vector<CompiledSkeleton> get(std::size_t lang, const std::vector<const std::string*>& wanted) {
    std::vector<std::shared_future<CompiledSkeleton>> futures;
    std::vector<Claim> claimed;
    {
      std::lock_guard lock(m_mutex);
      auto& entries = m_entries[lang];
      for (const std::string* skeleton : wanted) {
        auto [it, fresh] = entries.try_emplace(*skeleton);
        if (fresh) {
          claimed.emplace_back(skeleton, std::promise<CompiledSkeleton>());
          it->second = claimed.back().second.get_future().share();
        }
        futures.push_back(it->second);
      }
    }
    if (!claimed.empty()) compile(lang, claimed);
    std::vector<CompiledSkeleton> out;
    out.reserve(futures.size());
    for (auto& f : futures) out.push_back(f.get());
    return out;
  }

 private:
  SkeletonCache() : m_entries(grammar_languages().size()) {}

  /// Compiles the claimed skeletons and fulfils their promises: as one query, or, when there
  /// are several and no other compile is under way (so the other worker may be idle), in two
  /// halves of about equal text side by side. Each half pays the fixed analysis again (27M
  /// instructions for TypeScript), so splitting while another compile keeps the other worker
  /// busy costs time: measured on a JavaScript/TypeScript commit, 122 → 114 ms without it.
  void compile(std::size_t lang, std::vector<Claim>& claimed) {
    if (claimed.size() < 2 || m_compiling.load(std::memory_order_relaxed) > 0) {
      m_compiling.fetch_add(1, std::memory_order_relaxed);
      compile_together(lang, claimed);
      m_compiling.fetch_sub(1, std::memory_order_relaxed);
      return;
    }
    m_compiling.fetch_add(1, std::memory_order_relaxed);
    std::vector<std::size_t> order(claimed.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::ranges::stable_sort(order, std::greater<>(), [&](std::size_t k) { return claimed[k].first->size(); });
    std::array<std::vector<Claim>, 2> halves;
    std::array<std::size_t, 2> weight{0, 0};
    for (std::size_t k : order) {
      std::size_t h = weight[0] <= weight[1] ? 0 : 1;
      weight[h] += claimed[k].first->size();
      halves[h].push_back(std::move(claimed[k]));
    }
    run_parallel(2, [&](std::size_t h) { compile_together(lang, halves[h]); });
    m_compiling.fetch_sub(1, std::memory_order_relaxed);
  }

  /// Compiles `skeletons` as one query (each alone if that fails: one may not compile for
  /// this language) and fulfils their promises.
  void compile_together(std::size_t lang, std::vector<Claim>& skeletons) {
    const TSLanguage* grammar = grammar_for(grammar_languages()[lang]);
    auto build = [&](std::size_t first, std::size_t count) -> const CompiledGroup* {
      std::string text;
      for (std::size_t k = first; k < first + count; ++k) text += *skeletons[k].first, text += '\n';
      std::uint32_t offset = 0;
      TSQueryError error = TSQueryErrorNone;
      TsQueryPtr q(grammar ? ts_query_new(grammar, text.data(), static_cast<std::uint32_t>(text.size()), &offset, &error)
                           : nullptr);
      if (!q || ts_query_pattern_count(q.get()) != count) return nullptr;
      auto group = std::make_unique<CompiledGroup>();
      for (std::uint32_t id = 0; id < ts_query_capture_count(q.get()); ++id) {
        std::uint32_t len = 0;
        const char* name = ts_query_capture_name_for_id(q.get(), id, &len);
        group->slot_of_capture.push_back(static_cast<std::uint32_t>(std::stoul(std::string(name, len))));
      }
      group->query = std::move(q);
      std::lock_guard lock(m_mutex);
      m_groups.push_back(std::move(group));
      return m_groups.back().get();
    };
    if (const CompiledGroup* all = build(0, skeletons.size())) {
      for (std::size_t k = 0; k < skeletons.size(); ++k)
        skeletons[k].second.set_value({all, static_cast<std::uint32_t>(k)});
      return;
    }
    for (std::size_t k = 0; k < skeletons.size(); ++k) skeletons[k].second.set_value({build(k, 1), 0});
  }

  std::mutex m_mutex;
  std::vector<std::unordered_map<std::string, std::shared_future<CompiledSkeleton>>> m_entries;  ///< per language
  std::vector<std::unique_ptr<CompiledGroup>> m_groups;
  std::atomic<int> m_compiling{0};  ///< compile calls under way
};

int end_line_of(TSNode node) {
  TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
  // A node ending at column 0 of a later row ends on the previous line.
  if (end.column == 0 && end.row > start.row) return static_cast<int>(end.row);
  return static_cast<int>(end.row) + 1;
}

/// Bytes of `source` from the start of 0-based row `first_row` to the end of `last_row`.
std::string_view rows_text(std::string_view source, int first_row, int last_row) {
  std::size_t begin = 0;
  for (int r = 0; r < first_row && begin != std::string_view::npos; ++r) {
    begin = source.find('\n', begin);
    if (begin != std::string_view::npos) ++begin;
  }
  if (begin == std::string_view::npos || begin > source.size()) return {};
  std::size_t end = begin;
  for (int r = first_row; r <= last_row && end != std::string_view::npos; ++r) {
    end = source.find('\n', end);
    if (end != std::string_view::npos) ++end;
  }
  if (end == std::string_view::npos) end = source.size();
  return source.substr(begin, end - begin);
}

/// The text the regex prefilters search: from the window's start to the furthest end of a
/// node starting in the window, at least the window. A node starting there may reach far
/// beyond it (a long call's arguments, a function body), and a #match? tests its whole text.
std::string_view regex_region(TSNode root, std::string_view source, std::string_view window) {
  if (window.empty()) return window;
  auto begin = static_cast<std::uint32_t>(window.data() - source.data());
  auto end = static_cast<std::uint32_t>(begin + window.size());
  std::uint32_t reach = end;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  // At each depth, the children from the first one reaching past `begin`: that one may
  // start before the window (then its children are looked at next), the following ones
  // start in it until one starts after it.
  while (ts_tree_cursor_goto_first_child_for_byte(&cursor, begin) >= 0) {
    std::optional<TSNode> straddling;
    do {
      TSNode node = ts_tree_cursor_current_node(&cursor);
      std::uint32_t start = ts_node_start_byte(node);
      if (start >= end) break;
      if (start >= begin) reach = std::max(reach, ts_node_end_byte(node));
      else straddling = node;
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
    if (!straddling) break;
    ts_tree_cursor_reset(&cursor, *straddling);
  }
  ts_tree_cursor_delete(&cursor);
  reach = std::min<std::uint32_t>(reach, static_cast<std::uint32_t>(source.size()));
  return source.substr(begin, reach - begin);
}

}  // namespace

/// The units of one rule, made on first need (see QuerySet::prepare_language).
struct QuerySet::RuleUnits {
  std::once_flag once;
  std::vector<std::unique_ptr<Unit>> units;  ///< in pattern order
};

QuerySet::QuerySet(std::vector<const Rule*> rules)
    : m_rules(std::move(rules)),
      m_rule_units(std::make_unique<RuleUnits[]>(m_rules.size())),
      m_language_once(std::make_unique<std::once_flag[]>(grammar_languages().size())),
      m_language_units(std::make_unique<std::vector<Unit*>[]>(grammar_languages().size())) {}

QuerySet::~QuerySet() = default;

namespace {

/// Splits a rule's query into units: each top-level pattern with its prefilter and skeleton.
void make_units(const Rule* r, std::vector<std::unique_ptr<QuerySet::Unit>>& out) {
  std::size_t languages = grammar_languages().size();
  for (auto& pattern : split_patterns(r->query)) {
    auto skeleton = make_skeleton(pattern);
    if (!skeleton) continue;  // check_query rejects these; a built-in one fails the test suite
    auto u = std::make_unique<QuerySet::Unit>();
    u->rule = r;
    read_prefilter(pattern, u->required, u->regex_sources);
    u->typed.assign(languages, 0);
    u->parents.resize(languages);
    u->pattern = std::move(pattern);
    u->skeleton = std::move(skeleton->text);
    u->capture_names = std::move(skeleton->capture_names);
    if (auto it = std::ranges::find(u->capture_names, "match"); it != u->capture_names.end())
      u->match_slot = static_cast<std::uint32_t>(it - u->capture_names.begin());
    u->needed = std::make_unique<std::atomic<bool>[]>(languages);
    out.push_back(std::move(u));
  }
}

}  // namespace

void QuerySet::prepare_language(std::size_t lang) const {
  std::string_view language = grammar_languages()[lang];
  const TSLanguage* grammar = grammar_for(language);
  for (std::size_t i = 0; i < m_rules.size(); ++i) {
    const Rule* r = m_rules[i];
    if (r->query.empty() || !r->applies_to(language)) continue;
    RuleUnits& ru = m_rule_units[i];
    std::call_once(ru.once, [&] { make_units(r, ru.units); });
    for (const auto& u : ru.units) {
      m_language_units[lang].push_back(u.get());
      u->typed[lang] = std::ranges::all_of(
          u->required, [&](const RequiredLiteral& literal) { return regular_types(grammar, literal.types); });
      for (const RequiredLiteral& literal : u->required) {
        Chains chains = literal.ancestors;
        for (auto& chain : chains)
          for (auto& type : chain)
            if (!type.empty() && !regular_types(grammar, {type})) type.clear();
        u->parents[lang].push_back(std::move(chains));
      }
    }
  }
}

bool QuerySet::covers(std::string_view language) const {
  return std::ranges::any_of(m_rules, [&](const Rule* r) { return !r->query.empty() && r->applies_to(language); });
}

namespace {

/// The index of `language` in grammar_languages(), if it has a grammar.
std::optional<std::size_t> language_index(std::string_view language) {
  auto names = grammar_languages();
  auto it = std::ranges::find(names, language);
  if (it == names.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names.begin());
}

/// 0-based rows of a window's 1-based new-side lines [first_line, last_line].
std::pair<int, int> window_rows(const QueryWindow& w) {
  int first_row = std::max(0, w.first_line - 1 - w.line_offset);
  return {first_row, std::max(first_row, w.last_line - 1 - w.line_offset)};
}

}  // namespace

std::vector<QuerySet::Unit*> QuerySet::needed_units(const QueryWindow& w, std::size_t lang) const {
  const std::string_view source = w.source;
  const TSNode root = w.root;
  auto [first_row, last_row] = window_rows(w);
  // The prefilters look at the window's text (plus a few lines: a node starting in the
  // window may end after it).
  std::string_view window = rows_text(source, first_row, last_row + 8);
  std::string lowered;
  bool have_lowered = false;
  std::string_view region;
  bool have_region = false;
  std::vector<Unit*> needed;
  std::call_once(m_language_once[lang], [&] { prepare_language(lang); });
  for (Unit* unit : m_language_units[lang]) {
    const Rule* rule = unit->rule;
    if (!rule->keywords.empty()) {
      if (!have_lowered) lowered = to_lower(window), have_lowered = true;
      if (std::ranges::none_of(rule->keywords, [&](const std::string& k) { return lowered.find(k) != std::string::npos; }))
        continue;
    }
    // A required literal must occur as a token, and where the capture's node types are
    // known, as the whole text of a node of such a type (`eval` in a string is no call).
    // Where known, its parents must have the types the pattern puts around the capture.
    std::size_t literal_index = 0;
    bool possible = std::ranges::all_of(unit->required, [&](const RequiredLiteral& literal) {
      bool typed = !literal.types.empty() && unit->typed[lang];
      const Chains& chains = unit->parents[lang][literal_index++];
      return std::ranges::any_of(literal.any, [&](const std::string& text) {
        return any_token_occurrence(window, text, [&](std::size_t pos) {
          if (!typed) return true;
          auto start = static_cast<std::uint32_t>(window.data() - source.data() + pos);
          return node_spans(root, start, start + static_cast<std::uint32_t>(text.size()), literal.types, chains);
        });
      });
    });
    if (!possible) continue;
    if (!unit->regex_sources.empty()) {
      std::call_once(unit->regex_once, [&] {
        for (const auto& source_text : unit->regex_sources)
          if (auto re = quiet_regex(source_text); re->ok()) unit->required_regexes.push_back(std::move(re));
      });
      if (!have_region) region = regex_region(root, source, window), have_region = true;
      re2::StringPiece text(region.data(), region.size());
      if (!std::ranges::all_of(unit->required_regexes, [&](const auto& re) { return RE2::PartialMatch(text, *re); }))
        continue;
    }
    std::call_once(unit->predicates_once, [&] {
      PatternReader reader(unit->pattern);
      if (!reader.read()) return;
      std::vector<Predicate> decoded;
      auto slot_of = [&](std::string_view capture) {
        auto it = std::ranges::find(unit->capture_names, capture);
        return it == unit->capture_names.end() ? k_no_capture
                                               : static_cast<std::uint32_t>(it - unit->capture_names.begin());
      };
      for (const auto& written : reader.predicates()) {
        auto p = decode_predicate(written, slot_of);
        if (!p) return;
        decoded.push_back(std::move(*p));
      }
      unit->predicates = std::move(decoded);
    });
    if (!unit->predicates) continue;
    if (!unit->needed[lang].exchange(true, std::memory_order_relaxed))
      m_compiled_count.fetch_add(1, std::memory_order_relaxed);
    needed.push_back(unit);
  }
  return needed;
}

void QuerySet::prepare(std::span<const Work> work) {
  std::vector<std::vector<const std::string*>> skeletons(grammar_languages().size());
  for (const Work& item : work) {
    auto lang = language_index(item.window.language);
    if (!lang || ts_node_is_null(item.window.root)) continue;
    for (const Unit* unit : item.set->needed_units(item.window, *lang))
      if (std::ranges::find(skeletons[*lang], &unit->skeleton) == skeletons[*lang].end())
        skeletons[*lang].push_back(&unit->skeleton);
  }
  for (std::size_t lang = 0; lang < skeletons.size(); ++lang)
    if (!skeletons[lang].empty()) SkeletonCache::instance().get(lang, skeletons[lang]);
}

bool QuerySet::may_match(const QueryWindow& window) const {
  auto lang = language_index(window.language);
  return lang && !ts_node_is_null(window.root) && !needed_units(window, *lang).empty();
}

void QuerySet::for_each_match(std::string_view language, TSNode root, std::string_view source, int line_offset,
                              int first_line, int last_line,
                              const std::function<void(const QueryMatch&)>& on_match) const {
  auto lang = language_index(language);
  if (!lang || ts_node_is_null(root)) return;
  const QueryWindow w{language, root, source, line_offset, first_line, last_line};
  auto [first_row, last_row] = window_rows(w);
  // 1. The units this window needs, in unit order.
  std::vector<Unit*> needed = needed_units(w, *lang);
  if (needed.empty()) return;

  // 2. Their skeletons, compiled (several at once when new), and each group's matches in
  // the window, run once for all its patterns and kept by pattern in cursor order.
  std::vector<const std::string*> skeletons;
  for (const Unit* unit : needed) skeletons.push_back(&unit->skeleton);
  std::vector<CompiledSkeleton> compiled = SkeletonCache::instance().get(*lang, skeletons);
  struct Found {
    const CompiledGroup* group;
    std::uint32_t pattern;
    std::uint32_t first_capture;  ///< into `captures`
    std::uint16_t capture_count;
  };
  std::vector<Found> found;
  std::vector<TSQueryCapture> captures;  ///< index: the skeleton slot
  std::vector<const CompiledGroup*> ran;
  TsQueryCursorPtr cursor;
  for (const CompiledSkeleton& c : compiled) {
    if (!c.group || std::ranges::find(ran, c.group) != ran.end()) continue;
    ran.push_back(c.group);
    if (!cursor) {
      cursor.reset(ts_query_cursor_new());
      ts_query_cursor_set_match_limit(cursor.get(), 1U << 16);
    }
    ts_query_cursor_set_point_range(cursor.get(), TSPoint{static_cast<std::uint32_t>(first_row), 0},
                                    TSPoint{static_cast<std::uint32_t>(last_row + 1), 0});
    ts_query_cursor_exec(cursor.get(), c.group->query.get(), root);
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor.get(), &match)) {
      if (match.capture_count == 0 || std::ranges::none_of(compiled, [&](const CompiledSkeleton& w) {
            return w.group == c.group && w.pattern == match.pattern_index;
          }))
        continue;
      found.push_back({c.group, match.pattern_index, static_cast<std::uint32_t>(captures.size()), match.capture_count});
      for (std::uint16_t i = 0; i < match.capture_count; ++i)
        captures.push_back({match.captures[i].node, c.group->slot_of_capture[match.captures[i].index]});
    }
  }

  // 3. Each unit's matches, in unit order then tree order, through its own predicates.
  QueryMatch out;
  for (std::size_t k = 0; k < needed.size(); ++k) {
    const Unit& unit = *needed[k];
    for (const Found& f : found) {
      if (f.group != compiled[k].group || f.pattern != compiled[k].pattern) continue;
      TSQueryMatch match{0, static_cast<std::uint16_t>(f.pattern), f.capture_count, &captures[f.first_capture]};
      if (!std::ranges::all_of(*unit.predicates, [&](const Predicate& p) { return holds(p, match, source); })) continue;
      out.rule = unit.rule;
      out.captures.clear();
      std::optional<TSNode> reported;
      int start = INT32_MAX, end = 0;
      for (std::uint16_t i = 0; i < match.capture_count; ++i) {
        const TSQueryCapture& cap = match.captures[i];
        out.captures.push_back({unit.capture_names[cap.index], cap.node});
        if (cap.index == unit.match_slot && !reported) reported = cap.node;
        start = std::min(start, static_cast<int>(ts_node_start_point(cap.node).row) + 1);
        end = std::max(end, end_line_of(cap.node));
      }
      if (reported) {
        start = static_cast<int>(ts_node_start_point(*reported).row) + 1;
        end = end_line_of(*reported);
      }
      out.node = reported ? *reported : match.captures[0].node;
      out.start_line = start + line_offset;
      out.end_line = std::max(start, end) + line_offset;
      if (out.start_line < first_line || out.start_line > last_line) continue;
      on_match(out);
    }
  }
}

Expected<void> check_query(std::string_view query, std::string_view language) {
  const TSLanguage* grammar = grammar_for(language);
  if (!grammar) return fail(ErrorKind::config, fmt::format("unknown language '{}'", language));
  std::uint32_t offset = 0;
  TSQueryError error = TSQueryErrorNone;
  TsQueryPtr q(ts_query_new(grammar, query.data(), static_cast<std::uint32_t>(query.size()), &offset, &error));
  if (!q) {
    std::string_view near = query.substr(std::min<std::size_t>(offset, query.size()));
    near = near.substr(0, std::min<std::size_t>(near.find('\n'), 40));
    return fail(ErrorKind::config,
                fmt::format("{}: query {} at byte {} near '{}'", language, error_kind_name(error), offset, near));
  }
  if (ts_query_capture_count(q.get()) == 0)
    return fail(ErrorKind::config, fmt::format("{}: query has no capture (add @match)", language));
  // Patterns run as skeletons with the predicates our reader decodes from the text: it
  // must read each pattern and find the predicates tree-sitter found.
  auto patterns = split_patterns(query);
  if (patterns.size() != ts_query_pattern_count(q.get()))
    return fail(ErrorKind::config, fmt::format("{}: query layout not understood (top-level patterns)", language));
  for (std::uint32_t p = 0; p < patterns.size(); ++p) {
    auto expected = written_predicates(q.get(), p);
    if (!expected) return fail(ErrorKind::config, fmt::format("{}: {}", language, expected.error().message));
    for (const auto& w : *expected) {
      auto decoded = decode_predicate(w, [](std::string_view) { return 0U; });
      if (!decoded) return fail(ErrorKind::config, fmt::format("{}: {}", language, decoded.error().message));
    }
    PatternReader reader(patterns[p]);
    bool same = reader.read() && make_skeleton(patterns[p]) && reader.predicates().size() == expected->size();
    for (std::size_t k = 0; same && k < expected->size(); ++k) {
      const auto &a = reader.predicates()[k], &b = (*expected)[k];
      same = a.name == b.name && std::ranges::equal(a.args, b.args, [](const PredicateArg& x, const PredicateArg& y) {
               return x.capture == y.capture && x.text == y.text;
             });
    }
    if (!same) {
      std::string_view head = std::string_view(patterns[p]).substr(0, 40);
      return fail(ErrorKind::config,
                  fmt::format("{}: pattern syntax not understood near '{}'", language, head.substr(0, head.find('\n'))));
    }
  }
  return {};
}

}  // namespace review::builtin
