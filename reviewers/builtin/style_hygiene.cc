// style.hygiene: leftovers and habits on changed lines, judged on the syntax tree so that
// comments, strings and code are told apart.
//
// Rules (reviewers/rules/style.toml, voter "hygiene") pick params.check:
//   call            a call whose callee fully matches params.callee (debug prints:
//                   console.log, print, fmt.Println, System.out.println, dbg!, breakpoint());
//                   params.args: RE2 the argument text must contain (C printf-debugging
//                   markers); params.skip_args: RE2 that exempts it (print(…, file=…))
//   node            a node of kind params.node_kind whose text contains params.text
//                   (`debugger;`, `import pdb`, `#if 0`, `std::cerr << "DEBUG …"`)
//   todo            a comment with params.marker (TODO/FIXME/XXX/HACK) and no
//                   params.reference (issue number, URL, TICKET-123, TODO(owner))
//   commented-code  line comments whose text has the shape of code (looks_like_code) and
//                   parses without errors as code of the file's language (parses_as_code);
//                   one finding per block of such lines
//   empty-catch     catch/except clauses whose body is empty (no statement, no comment)
//                   and whose parameter is not named like params.ignored (`_`, `ignored`);
//                   Python `except …: pass` for the params.broad exception types
//   bare-except     Python `except:` that does not re-raise
//   empty-err-block Go `if err != nil { }`
//   empty-err-arm   Rust `Err(_) => {}` / `Err(_) => ()`
//   empty-promise-catch  JS/TS `.catch(() => {})`
//   magic-number    numeric literals compared with, multiplied or divided by, inside functions,
//                   except params.allow values, hex/octal/binary literals, bit operations,
//                   HTTP status codes compared with a status, and literals in named
//                   declarations (`timeout = 30 * 60` names them)
//   line-length     lines longer than params.max columns (tabs count 4), except lines
//                   matching params.exempt (URLs, imports)
// Common: params.skip_paths (RE2 on the path: tests, scripts, examples), params.skip_file
// (RE2 on the file text: `if __name__ == "__main__"`, `package main`), params.skip_function
// (RE2, full match on the enclosing function's name: `main`).
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "git/grammar.h"
#include "reviewers/builtin/loop_analysis.h"
#include "reviewers/builtin/perfstyle_rules.h"
#include "reviewers/builtin/style_functions.h"
#include "util/text.h"

namespace review::perfstyle {

namespace {

re2::StringPiece piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

std::string_view enclosing_function_name(const SyntaxView& view, TSNode node) {
  for (TSNode p = view.parent(node); present(p); p = view.parent(p)) {
    FunctionInfo fn;
    if (view.syntax().functions.contains(p) && function_info(view, p, fn) && present(fn.name))
      return view.text(fn.name);
  }
  return {};
}

// The text of one comment line without its marker; empty for doc comments and directives.
std::string_view comment_content(std::string_view line, std::string_view language) {
  line = trim(line);
  auto drop = [&](std::string_view prefix) {
    if (line.starts_with(prefix)) {
      line.remove_prefix(prefix.size());
      return true;
    }
    return false;
  };
  if (language == "python") {
    if (!drop("#")) return {};
  } else {
    if (line.starts_with("///") || line.starts_with("//!") || line.starts_with("/**")) return {};
    if (!drop("//") && !drop("/*") && !drop("*")) return {};
    if (line.ends_with("*/")) line.remove_suffix(2);
  }
  line = trim(line);
  static const RE2 directive(
      R"(^(type:|noqa|pylint:|mypy:|pyright:|fmt:|isort:|eslint|@ts-|prettier-|nolint|NOLINT|go:|\+build|clang-format|)"
      R"(region|endregion|#region|-\*-|!|istanbul|c8 |jshint|jscs|tslint|@|SPDX|Copyright|\(c\)|spell-checker|cspell))");
  if (RE2::PartialMatch(piece(line), directive)) return {};
  return line;
}

// True if a comment's text reads as code of `language` rather than prose.
bool looks_like_code(std::string_view text, std::string_view language) {
  if (text.size() < 3) return false;
  static const RE2 prose(R"((https?://|\be\.g\.|\bi\.e\.|\bTODO\b|\bFIXME\b|\bNOTE\b|[a-zA-Z]+ [a-z]+ [a-z]+ [a-z]+))");
  // Compiled on first use per family (Python or C-like): a run rarely meets both.
  auto py_code = []() -> const RE2& {
    static const RE2 re(
      R"(^(import [\w.]+( as \w+)?$|from [\w.]+ import [\w., ()*]+$|def \w+\(.*\):?$|class \w+(\(.*\))?:$|return\b.*$|)"
      R"(print\(.*\)$|(if|elif|while|with) .+:$|for [\w, ()]+ in .+:$|else:$|try:$|finally:$|except\b.*:$|)"
      R"(raise \w.*$|self\.[\w.]+\s*[-+*/]?=\s*\S.*$|[\w.\[\]'"]+\s*[-+*/]?=\s*[\w\[\]{}('"\-][^#]*$|[\w.]+\(.*\)$))");
    return re;
  };
  auto c_code = []() -> const RE2& {
    static const RE2 re(
      R"(^(.*;\s*$|[{}]\s*$|\}\s*else\b.*$|(if|for|while|switch)\s*\(.*[){]\s*$|return\b.*;$|)"
      R"(#\s*(include|define|if|ifdef|ifndef|endif)\b.*$|[\w.\->:\[\]*&!]+(\s*(=|:=|\+=|-=)\s*[\w.\->:\[\]"'&*!]+)?\(.*\)\s*[;{]?$|)"
      R"((var|let|const|func|fn|auto|int|public|private|std::)\b.*[;{)]\s*$|[\w.\->\[\]]+\s*(:=|=|\+=|-=)\s*[\w"'(\[{&*-].*[;)\]}"']\s*$))");
    return re;
  };
  const RE2& code = language == "python" ? py_code() : c_code();
  if (!RE2::PartialMatch(piece(text), code)) return false;
  // Prose that happens to end with ';' or ')' ("see the notes (below)").
  if (RE2::PartialMatch(piece(text), prose)) {
    // Only strong code shapes survive prose words: a statement ending in ';' or '{'.
    return (language != "python") && (text.ends_with(";") || text.ends_with("{")) &&
           text.find(". ") == std::string_view::npos;
  }
  return true;
}

// True if `text` (one comment line's content) parses without errors as code of `language`,
// wrapped in a function body where statements need one, and is more than a lone name or
// literal. Confirms the regex shape check: "sendfile() on this platform (Linux < 2.6)"
// looks like a call but does not parse.
bool parses_as_code(std::string_view text, std::string_view language) {
  const TSLanguage* grammar = grammar_for(language);
  if (!grammar) return false;
  thread_local builtin::TsParserPtr parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), grammar)) return false;
  // Balance braces so that `if (x) {` or `}` alone can parse.
  int open = 0, close = 0;
  for (char c : text) {
    if (c == '{') ++open;
    else if (c == '}') {
      if (open) --open;
      else ++close;
    }
  }
  std::string body = std::string(close, '{') + std::string(text) + std::string(open, '}');
  if (language == "python" && text.ends_with(":")) body += "\n    pass";
  // (prefix, suffix) wrappers: statements need a function body in some languages.
  std::vector<std::pair<std::string, std::string>> wrappers;
  if (language == "c" || language == "cpp") wrappers = {{"void f_(void) {\n", "\n}\n"}, {"", "\n"}};
  else if (language == "java") wrappers = {{"class A_ { void f_() {\n", "\n} }\n"}, {"class A_ {\n", "\n}\n"}};
  else if (language == "go") wrappers = {{"package p\nfunc f_() {\n", "\n}\n"}, {"package p\n", "\n"}};
  else if (language == "rust") wrappers = {{"fn f_() {\n", "\n}\n"}, {"", "\n"}};
  else wrappers = {{"", "\n"}};
  for (const auto& [prefix, suffix] : wrappers) {
    std::string source = prefix + body + suffix;
    builtin::TsTreePtr tree(ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<uint32_t>(source.size())));
    if (!tree) continue;
    TSNode root = ts_tree_root_node(tree.get());
    if (ts_node_has_error(root)) continue;
    // Something more than a lone name or literal, inside the comment's own text.
    uint32_t from = static_cast<uint32_t>(prefix.size()), to = static_cast<uint32_t>(prefix.size() + body.size());
    bool substantial = false;
    walk_descendants(root, [&](TSNode n) {
      if (substantial) return false;
      if (ts_node_end_byte(n) <= from || ts_node_start_byte(n) >= to) return false;
      if (ts_node_start_byte(n) < from) return true;  // a wrapper node: look inside
      std::string_view k = node_type(n);
      if (k == "expression_statement") {
        TSNode e = ts_node_named_child(n, 0);
        std::string_view ek = present(e) ? node_type(e) : std::string_view{};
        substantial = ek.find("call") != std::string_view::npos || ek.find("assignment") != std::string_view::npos ||
                      ek.find("invocation") != std::string_view::npos || ek.find("update") != std::string_view::npos ||
                      ek == "await_expression" || ek == "macro_invocation";
        return false;
      }
      substantial = k.find("call") != std::string_view::npos || k.find("assignment") != std::string_view::npos ||
                    k.find("declaration") != std::string_view::npos || k.find("statement") != std::string_view::npos ||
                    k.find("definition") != std::string_view::npos || k.find("import") != std::string_view::npos ||
                    k.find("invocation") != std::string_view::npos || k.find("preproc") != std::string_view::npos ||
                    k.find("item") != std::string_view::npos || k == "inc_statement" || k == "return_statement";
      return !substantial;
    });
    if (substantial) return true;
  }
  return false;
}

int display_width(std::string_view line) {
  int width = 0;
  for (unsigned char c : line) {
    if (c == '\t') width += 4;
    else if ((c & 0xC0) != 0x80) ++width;  // count UTF-8 lead bytes only
  }
  return width;
}

bool is_empty_block(const SyntaxView& view, TSNode block) {
  if (!present(block)) return false;
  return ts_node_named_child_count(block) == 0 && view.text(block).find("//") == std::string_view::npos &&
         view.text(block).find("/*") == std::string_view::npos;
}

class HygieneVoter final : public PerfStyleVoter {
 public:
  explicit HygieneVoter(const std::shared_ptr<const builtin::RuleSet>& rules)
      : PerfStyleVoter(rules, "style", "hygiene") {}

 protected:
  void analyze(const SyntaxView& view, const RuleList& all, FindingSink& sink) const override {
    RuleList rules;
    for (const CompiledRule* r : all) {
      if (r->search("skip_paths", view.path())) continue;
      if (skips_file(view, *r)) continue;
      rules.push_back(r);
    }
    if (rules.empty()) return;
    const LanguageSyntax& s = view.syntax();
    RuleList comment_rules, line_rules;
    std::vector<NodeRule> node_rules;
    for (const CompiledRule* r : rules) {
      std::string_view check = r->param("check");
      if (check == "todo" || check == "commented-code") comment_rules.push_back(r);
      else if (check == "line-length") line_rules.push_back(r);
      else if (Check c = check_of(check); c != Check::none) node_rules.push_back({r, c, r->param("node_kind")});
    }
    for (const CompiledRule* r : line_rules) line_length(view, *r, sink);
    std::vector<TSNode> comments;
    view.walk_chunk([&](TSNode node) {
      if (s.comments.contains(node)) {
        comments.push_back(node);
        return false;
      }
      NodeFacts facts(view, node);
      for (const NodeRule& r : node_rules) check_node(view, r, facts, sink);
      return true;
    });
    for (const CompiledRule* r : comment_rules) {
      if (r->param("check") == "todo") todo(view, *r, comments, sink);
      else commented_code(view, *r, comments, sink);
    }
  }

 private:
  // params.check of a rule looked at per node of the chunk, resolved once per analyze().
  enum class Check {
    none,
    call,
    node,
    empty_catch,
    bare_except,
    empty_err_block,
    empty_err_arm,
    empty_promise_catch,
    magic_number
  };
  static Check check_of(std::string_view check) {
    if (check == "call") return Check::call;
    if (check == "node") return Check::node;
    if (check == "empty-catch") return Check::empty_catch;
    if (check == "bare-except") return Check::bare_except;
    if (check == "empty-err-block") return Check::empty_err_block;
    if (check == "empty-err-arm") return Check::empty_err_arm;
    if (check == "empty-promise-catch") return Check::empty_promise_catch;
    if (check == "magic-number") return Check::magic_number;
    return Check::none;
  }
  struct NodeRule {
    const CompiledRule* rule;
    Check check;
    std::string_view node_kind;  // params.node_kind (check "node")
  };
  // One node and what several rules ask of it, computed once.
  class NodeFacts {
   public:
    NodeFacts(const SyntaxView& view, TSNode node) : node(node), type(node_type(node)), m_view(view) {}
    TSNode node;
    std::string_view type;
    // The call_info of the node; nullptr when it is not a call.
    const CallInfo* call() {
      if (!m_call_done) {
        m_call_done = true;
        m_has_call = call_info(m_view, node, m_call);
      }
      return m_has_call ? &m_call : nullptr;
    }

   private:
    const SyntaxView& m_view;
    CallInfo m_call;
    bool m_call_done = false, m_has_call = false;
  };

  static void check_node(const SyntaxView& view, const NodeRule& rule, NodeFacts& facts, FindingSink& sink) {
    const CompiledRule& r = *rule.rule;
    const LanguageSyntax& s = view.syntax();
    TSNode node = facts.node;
    std::string_view k = facts.type;
    if (rule.check == Check::call) {
      if (!s.calls.contains(node)) return;
      const CallInfo* call = facts.call();
      if (!call || !r.full_match_or_absent("callee", call->callee)) return;
      std::string_view args = present(call->arguments) ? view.text(call->arguments) : std::string_view{};
      if (r.regex("args") && !r.search("args", args)) return;
      if (r.search("skip_args", args)) return;
      if (r.regex("skip_function")) {
        std::string_view fn = enclosing_function_name(view, node);
        if (!fn.empty() && r.full_match_or_absent("skip_function", fn)) return;
      }
      sink.add(r, node);
    } else if (rule.check == Check::node) {
      if (k != rule.node_kind) return;
      if (r.regex("text") && !r.search("text", view.text(node))) return;
      sink.add(r, node);
    } else if (rule.check == Check::empty_catch) {
      if (!s.catches.contains(node)) return;
      if (s.language == "python") {
        if (view.text(node).find('#') != std::string_view::npos) return;
        TSNode block{}, type{};
        uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; ++i) {
          TSNode c = ts_node_named_child(node, i);
          if (node_type(c) == "block") block = c;
          else if (!s.comments.contains(c) && !present(type)) type = c;
        }
        // `except ImportError: pass` is a deliberate, narrow choice; params.broad names the
        // exception types whose silent swallowing is reported (bare except always is).
        if (present(type)) {
          std::string_view t = view.text(type);
          if (node_type(type) == "as_pattern") t = view.text(ts_node_named_child(type, 0));
          if (!r.search("broad", t)) return;
        }
        if (!present(block) || ts_node_named_child_count(block) != 1) return;
        TSNode only = ts_node_named_child(block, 0);
        bool pass = node_type(only) == "pass_statement" ||
                    (node_type(only) == "expression_statement" && trim(view.text(only)) == "...");
        if (pass) sink.add(r, node);
        return;
      }
      TSNode body = field(node, "body");
      if (!is_empty_block(view, body)) return;
      // A parameter named `_`/`ignored` says the empty handler is deliberate (JS, Java).
      TSNode param = field(node, "parameter");
      if (!present(param)) {
        uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n && !present(param); ++i) {
          TSNode c = ts_node_named_child(node, i);
          if (node_type(c) == "catch_formal_parameter" || node_type(c) == "parameter_declaration") param = field(c, "name");
          if (node_type(c) == "parameter_declaration") param = field(c, "declarator");
        }
      }
      if (present(param) && r.full_match_or_absent("ignored", view.text(param)) && r.regex("ignored")) return;
      sink.add(r, node);
    } else if (rule.check == Check::bare_except) {
      if (k != "except_clause") return;
      uint32_t n = ts_node_named_child_count(node);
      TSNode block{};
      for (uint32_t i = 0; i < n; ++i) {
        TSNode c = ts_node_named_child(node, i);
        if (node_type(c) == "block") block = c;
        else if (!s.comments.contains(c)) return;  // has an exception type
      }
      if (!present(block)) return;
      bool reraises = false;
      view.walk_descendants(block, [&](TSNode d) {
        if (node_type(d) == "raise_statement") reraises = true;
        return !reraises;
      });
      if (!reraises) sink.add(r, node);
    } else if (rule.check == Check::empty_err_block) {
      if (k != "if_statement") return;
      TSNode cond = field(node, "condition");
      static const RE2 err_check(R"(\w*[eE]rr\w*\s*!=\s*nil)");
      if (!present(cond) || !RE2::FullMatch(piece(view.text(cond)), err_check)) return;
      if (present(field(node, "alternative"))) return;
      if (is_empty_block(view, field(node, "consequence"))) sink.add(r, node);
    } else if (rule.check == Check::empty_err_arm) {
      if (k != "match_arm") return;
      TSNode pattern = field(node, "pattern"), value = field(node, "value");
      if (!present(pattern) || !present(value)) return;
      static const RE2 err_pattern(R"(Err\(\s*(_\w*|\.\.)\s*\))");
      if (!RE2::FullMatch(piece(view.text(pattern)), err_pattern)) return;
      std::string_view v = trim(view.text(value));
      if (v == "{}" || v == "()" || (node_type(value) == "block" && is_empty_block(view, value))) sink.add(r, node);
    } else if (rule.check == Check::empty_promise_catch) {
      if (!s.calls.contains(node)) return;
      const CallInfo* call = facts.call();
      if (!call || call->name != "catch") return;
      TSNode arg = first_argument(call->arguments);
      if (!present(arg) || !s.lambdas.contains(arg)) return;
      if (is_empty_block(view, field(arg, "body"))) sink.add(r, node);
    } else if (rule.check == Check::magic_number) {
      if (s.numbers.contains(node)) magic_number(view, r, node, sink);
    }
  }

  static void magic_number(const SyntaxView& view, const CompiledRule& r, TSNode node, FindingSink& sink) {
    std::string_view text = view.text(node);
    static const RE2 based(R"(^0[xXbBoO].*|^0[0-7]+$)");
    if (RE2::FullMatch(piece(text), based)) return;
    // Drop type suffixes (10u, 3.5f, 42i64, 7L) and digit separators.
    std::string value;
    for (char c : text)
      if (c != '_' && c != '\'') value += c;
    while (!value.empty() && std::isalpha(static_cast<unsigned char>(value.back())) && value.back() != 'e' &&
           value.back() != 'E')
      value.pop_back();
    static const RE2 rust_suffix(R"(^([0-9.eE+-]+?)(i|u|f)(8|16|32|64|128|size)$)");
    std::string stripped;
    if (RE2::FullMatch(value, rust_suffix, &stripped)) value = stripped;
    if (r.regex("allow") && r.full_match_or_absent("allow", value)) return;

    // The literal's operator context: climb through parentheses and unary minus.
    const LanguageSyntax& s = view.syntax();
    TSNode child = node, parent = view.parent(node);
    while (present(parent) && (node_type(parent) == "parenthesized_expression" || node_type(parent) == "unary_expression" ||
                               node_type(parent) == "unary_operator"))
      child = parent, parent = view.parent(parent);
    if (!present(parent)) return;
    bool comparison = false;
    std::string_view op;
    if (node_type(parent) == "comparison_operator") {
      comparison = true;
    } else if (s.binary.contains(parent)) {
      TSNode o = field(parent, "operator");
      op = present(o) ? view.text(o) : std::string_view{};
      if (op == "<" || op == ">" || op == "<=" || op == ">=" || op == "==" || op == "!=" || op == "===" || op == "!==")
        comparison = true;
      else if (!(op == "*" || op == "/" || op == "//"))
        return;  // offsets (+/-), modulo, powers, bit operations, logical operators
    } else {
      return;
    }
    // Inside a function, and not in a declaration that names the value.
    TSNode fn = enclosing_function(view, node);
    if (ts_node_eq(fn, view.root())) return;
    for (TSNode p = parent; present(p) && !ts_node_eq(p, fn); p = view.parent(p)) {
      std::string_view pk = node_type(p);
      if (pk == "assignment" || pk == "variable_declarator" || pk == "init_declarator" || pk == "let_declaration" ||
          pk == "short_var_declaration" || pk == "const_spec" || pk == "var_spec" || pk == "keyword_argument" ||
          pk == "default_parameter" || pk == "typed_default_parameter" || pk == "assignment_pattern" ||
          pk == "enumerator" || pk == "case_statement" || pk == "switch_label" || pk == "expression_case" ||
          pk == "subscript" || pk == "subscript_expression" || pk == "index_expression" || pk == "array_access" ||
          pk == "annotation" || pk == "decorator" || pk == "attribute_item" || pk == "const_item" ||
          pk == "static_item" || pk == "field_declaration" || pk == "preproc_def" || pk == "pair" ||
          pk == "range_expression" || pk == "slice" || pk == "slice_expression" || pk.starts_with("preproc"))
        return;
      if (pk == "assignment_expression" || pk == "assignment_statement") {
        // `self.timeout = 30 * 60` names the value too.
        return;
      }
      if (s.blocks.contains(p) || pk == "expression_statement" || pk == "return_statement") break;
    }
    if (comparison) {
      static const RE2 http_context(R"((?i)(status|code|http|response|\bres\b|\bresp\b))");
      static const RE2 http_code(R"(^[1-5][0-9][0-9]$)");
      if (RE2::FullMatch(value, http_code) && RE2::PartialMatch(piece(view.text(parent)), http_context)) return;
    }
    sink.add(r, node, fmt::format("Magic number {}: name it (a constant or a well-named variable) so the reader "
                                  "knows what it means",
                                  text));
  }

  static void todo(const SyntaxView& view, const CompiledRule& r, const std::vector<TSNode>& comments,
                   FindingSink& sink) {
    for (TSNode c : comments) {
      std::string_view text = view.text(c);
      if (!r.search("marker", text)) continue;
      // Report on the line that carries the marker.
      int line = view.start_line(c);
      for (int l = line; l <= view.end_line(c); ++l)
        if (r.search("marker", view.line_text(l))) {
          line = l;
          break;
        }
      std::string_view marked = view.line_text(line);
      if (r.search("reference", marked) || r.search("reference", text)) continue;
      // The reference may follow on the next comment lines of the same block
      // ("# XXX … when we use splitlines\n# (see issue 22233) …").
      bool referenced = false;
      for (int l = view.end_line(c) + 1; l <= view.end_line(c) + 3 && !referenced; ++l) {
        std::string_view next = trim(view.line_text(l));
        if (!(next.starts_with("#") || next.starts_with("//") || next.starts_with("*"))) break;
        if (r.search("marker", next)) break;  // another TODO starts
        referenced = r.search("reference", next);
      }
      if (referenced) continue;
      sink.add(r, line, line);
    }
  }

  static void commented_code(const SyntaxView& view, const CompiledRule& r, const std::vector<TSNode>& comments,
                             FindingSink& sink) {
    int block_start = 0, block_end = -1, code_lines = 0, prose_lines = 0, first_code = 0;
    auto flush = [&] {
      // A block that is mostly prose quotes code as an example; only code-dominated blocks
      // are commented-out code.
      if (code_lines >= std::max(1, r.int_param("min_lines", 1)) && code_lines >= prose_lines)
        sink.add(r, first_code, block_end);
      code_lines = 0;
      prose_lines = 0;
      first_code = 0;
    };
    for (TSNode c : comments) {
      int start = view.start_line(c), end = view.end_line(c);
      // Only whole-line comments: a trailing comment explains the code before it.
      std::string_view first_line = view.line_text(start);
      std::string_view before = trim(first_line.substr(0, std::min<size_t>(first_line.size(),
                                                                            ts_node_start_point(c).column)));
      if (!before.empty()) continue;
      if (start > block_end + 1) {
        flush();
        block_start = start;
      }
      for (int l = start; l <= end; ++l) {
        std::string_view content = comment_content(view.line_text(l), view.language());
        if (!content.empty() && looks_like_code(content, view.language()) &&
            parses_as_code(content, view.language())) {
          if (!code_lines) first_code = l;
          ++code_lines;
        } else if (!content.empty()) {
          ++prose_lines;
        }
      }
      block_end = end;
    }
    flush();
    (void)block_start;
  }

  static void line_length(const SyntaxView& view, const CompiledRule& r, FindingSink& sink) {
    int max = r.int_param("max", 120);
    const Chunk& chunk = *view.request().chunk;
    for (int line : chunk.changed_lines) {
      std::string_view text = view.line_text(line);
      int width = display_width(text);
      if (width <= max) continue;
      if (r.search("exempt", text)) continue;
      sink.add(r, line, line, fmt::format("Line is {} columns long (limit {}): wrap it", width, max));
    }
  }
};

}  // namespace

std::unique_ptr<Voter> make_hygiene_voter(const std::shared_ptr<const builtin::RuleSet>& rules) {
  return std::make_unique<HygieneVoter>(rules);
}

}  // namespace review::perfstyle
