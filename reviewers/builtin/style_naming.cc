// style.naming: names that break their language's convention.
//
// Rules (reviewers/rules/style.toml, voter "naming") name a params.target and the convention:
//   target   function | method | class | variable | constant, or several joined by "|"
//            (variable: locals and module/package-level variables bound by plain assignment
//            or declaration; constant: Rust const/static, Java static final fields)
//   pattern  RE2 a conforming name fully matches
//   exempt   RE2 for names the convention allows anyway (unittest's setUp, Go TestXxx, …)
//   skip_paths / skip_file   RE2 searched in the path / the file text (e.g. Rust
//            `#[allow(non_snake_case)]`) to leave a file alone
//   consistency = "file"     PEP 8's "consistency within a module": a name is not reported
//            when most other names of that target in the file break the pattern too (the
//            file follows another house style)
//   file_names  RE2 finding the target's names in the whole post-image (first non-empty
//            capture group), for the consistency and dominant counts: only the chunk is
//            parsed, but the house style is the file's
//   mode = "dominant"        C and C++ have no single convention: a name is reported when its
//            style (snake_case, camelCase, PascalCase) differs from the style of at least 80%
//            of the file's other names of that target (at least 3 of them)
// Each definition is reported at its name's line.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "reviewers/builtin/loop_analysis.h"
#include "reviewers/builtin/perfstyle_rules.h"
#include "reviewers/builtin/style_functions.h"
#include "util/text.h"

namespace review::perfstyle {

namespace {

struct Definition {
  TSNode name{};
  std::string_view target;  // function, method, class, variable, constant
};

// Every definition in the file (`whole_file`) or in the chunk's nodes (walk_chunk), in
// document order. A definition's name lies inside the definition node, so the chunk's
// definitions are those of the file whose name meets the chunk, and more.
void collect_definitions(const SyntaxView& view, bool whole_file, std::vector<Definition>& out) {
  const LanguageSyntax& s = view.syntax();
  std::string_view lang = s.language;
  auto plain = [&](TSNode n) { return present(n) && s.identifiers.contains(n); };
  auto emit = [&](const Definition& d) { out.push_back(d); };
  auto visit = [&](TSNode n) {
    std::string_view k = node_type(n);
    FunctionInfo fn;
    if (s.functions.contains(n) && function_info(view, n, fn) && present(fn.name)) {
      TSNode name = fn.name;
      std::string_view nk = node_type(name);
      // C++ `Class::method`, destructors, operators: name the last identifier only;
      // constructors (`Parser::Parser`) are named by their class.
      if (nk == "qualified_identifier") {
        TSNode scope = field(name, "scope");
        name = field(name, "name");
        if (present(scope) && present(name) && view.text(scope).ends_with(view.text(name))) return true;
      }
      if (present(name) && (node_type(name) == "identifier" || node_type(name) == "field_identifier" ||
                            node_type(name) == "property_identifier"))
        emit({name, fn.method ? "method" : "function"});
    } else if (s.classes.contains(n)) {
      TSNode name = field(n, "name");
      if (present(name) && (lang == "c" || lang == "cpp") && !present(field(n, "body"))) return true;
      if (present(name)) emit({name, "class"});
    } else if (lang == "python" && k == "assignment") {
      TSNode left = field(n, "left");
      TSNode p = view.parent(view.parent(n));
      bool class_level = present(p) && node_type(p) == "block" && present(view.parent(p)) &&
                         node_type(view.parent(p)) == "class_definition";
      if (plain(left) && !class_level) emit({left, "variable"});
    } else if ((lang == "javascript" || lang == "typescript" || lang == "tsx") && k == "variable_declarator") {
      TSNode name = field(n, "name");
      TSNode value = field(n, "value");
      bool function_value = present(value) && s.lambdas.contains(value);
      if (plain(name)) emit({name, function_value ? "function" : "variable"});
    } else if (lang == "go" && (k == "short_var_declaration" || k == "var_spec" || k == "const_spec")) {
      // Names are the direct identifier children (types are type_identifier, values lists).
      TSNode holder = k == "short_var_declaration" ? field(n, "left") : n;
      if (!present(holder)) return true;
      uint32_t c = ts_node_named_child_count(holder);
      for (uint32_t i = 0; i < c; ++i) {
        TSNode id = ts_node_named_child(holder, i);
        if (node_type(id) == "identifier") emit({id, k == "const_spec" ? "constant" : "variable"});
      }
    } else if (lang == "java" && k == "variable_declarator") {
      TSNode decl = view.parent(n);
      TSNode name = field(n, "name");
      if (!plain(name) || !present(decl)) return true;
      if (node_type(decl) == "field_declaration") {
        std::string_view text = view.text(decl);
        bool constant = text.find("static") != std::string_view::npos && text.find("final") != std::string_view::npos;
        emit({name, constant ? "constant" : "variable"});
      } else if (node_type(decl) == "local_variable_declaration") {
        emit({name, "variable"});
      }
    } else if (lang == "rust" && (k == "const_item" || k == "static_item")) {
      TSNode name = field(n, "name");
      if (present(name)) emit({name, "constant"});
    } else if (lang == "rust" && k == "let_declaration") {
      TSNode pattern = field(n, "pattern");
      if (present(pattern) && node_type(pattern) == "mut_pattern") pattern = ts_node_named_child(pattern, 0);
      if (plain(pattern)) emit({pattern, "variable"});
    }
    return true;
  };
  if (whole_file) view.walk_descendants(view.root(), visit);
  else view.walk_chunk(visit);
}

enum class Case { none, lower_word, snake, camel, pascal, upper };

Case case_of(std::string_view name) {
  while (!name.empty() && name.front() == '_') name.remove_prefix(1);
  while (!name.empty() && name.back() == '_') name.remove_suffix(1);
  if (name.empty()) return Case::none;
  bool lower = false, upper = false, underscore = false;
  for (char c : name) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c == '_') underscore = true;
  }
  bool first_upper = name.front() >= 'A' && name.front() <= 'Z';
  if (!upper) return underscore ? Case::snake : Case::lower_word;
  if (!lower) return Case::upper;
  if (underscore) return Case::none;  // Mixed_Style: not classified
  return first_upper ? Case::pascal : Case::camel;
}

const char* case_name(Case c) {
  switch (c) {
    case Case::snake: return "snake_case";
    case Case::camel: return "camelCase";
    case Case::pascal: return "PascalCase";
    case Case::upper: return "UPPER_CASE";
    default: return "mixed";
  }
}

class NamingVoter final : public PerfStyleVoter {
 public:
  explicit NamingVoter(const std::shared_ptr<const builtin::RuleSet>& rules)
      : PerfStyleVoter(rules, "style", "naming") {}

 protected:
  void analyze(const SyntaxView& view, const RuleList& all, FindingSink& sink) const override {
    RuleList rules;
    for (const CompiledRule* r : all)
      if (!r->search("skip_paths", view.path()) && !skips_file(view, *r)) rules.push_back(r);
    if (rules.empty()) return;
    // Only definitions whose name meets the chunk are reported; the file's other names matter
    // for a rule without params.file_names or without a post-image (the population is then
    // the parsed definitions) and for C++ (constructors are named by their classes).
    bool whole_file = view.language() == "cpp" || view.file_text().data() == view.source_text().data() ||
                      std::any_of(rules.begin(), rules.end(), [](const CompiledRule* r) { return !r->regex("file_names"); });
    std::vector<Definition> defs;
    if (whole_file) {
      // The file's definitions are the same for every chunk and voter call: collect them once.
      auto all_defs = view.memo<std::vector<Definition>>("naming.definitions", [](const SyntaxView& v) {
        auto out = std::make_shared<std::vector<Definition>>();
        collect_definitions(v, true, *out);
        return out;
      });
      defs = *all_defs;
      for (auto& d : defs) d.name = view.retarget(d.name);
    } else {
      collect_definitions(view, false, defs);
    }
    if (defs.empty()) return;
    // C++ constructors defined inside their class are named by the class, not by a style.
    if (view.language() == "cpp") {
      std::set<std::string_view, std::less<>> classes;
      for (const auto& d : defs)
        if (d.target == "class") classes.insert(view.text(d.name));
      std::erase_if(defs, [&](const Definition& d) {
        return d.target != "class" && classes.contains(view.text(d.name));
      });
    }
    for (const CompiledRule* r : rules) {
      // params.target: one target or several separated by '|' ("function|method").
      std::vector<std::string> targets = split(r->param("target"), '|');
      std::vector<const Definition*> mine;
      for (const auto& d : defs)
        if (std::find(targets.begin(), targets.end(), d.target) != targets.end() && view.in_chunk(d.name))
          mine.push_back(&d);
      if (mine.empty()) continue;
      // The population is needed only for a name that breaks the convention: found lazily.
      Population population([&] { return population_of(view, *r, defs, targets); });
      if (r->param("mode") == "dominant") dominant(view, *r, mine, population, sink);
      else convention(view, *r, mine, population, sink);
    }
  }

 private:
  // The names of one rule's target in the file and how many of them break its convention.
  struct Names {
    std::vector<std::string> names;
    int violating = 0;
  };
  // Names, computed on first use.
  class Population {
   public:
    explicit Population(std::function<std::shared_ptr<const Names>()> make) : m_make(std::move(make)) {}
    const Names& get() {
      if (!m_names) m_names = m_make();
      return *m_names;
    }

   private:
    std::function<std::shared_ptr<const Names>()> m_make;
    std::shared_ptr<const Names> m_names;
  };

  static bool conforms(const CompiledRule& r, std::string_view name) {
    return r.full_match_or_absent("pattern", name) || (r.regex("exempt") && r.full_match_or_absent("exempt", name));
  }

  static void count_violating(const CompiledRule& r, Names& names) {
    for (const std::string& n : names.names)
      if (!conforms(r, n)) ++names.violating;
  }

  // The names of the rule's target in the whole file: params.file_names (RE2; the first
  // non-empty capture group of each match is a name) over the post-image, since only the
  // chunk is parsed; without it or without a post-image, the file's definitions of the
  // rule's targets (`defs` is then the whole file's list).
  static std::shared_ptr<const Names> population_of(const SyntaxView& view, const CompiledRule& r,
                                                    const std::vector<Definition>& defs,
                                                    const std::vector<std::string>& targets) {
    const RE2* re = r.regex("file_names");
    if (re && view.file_text().data() != view.source_text().data()) {
      // Owned copies: the memo outlives this view's file_text().
      return view.file_memo<Names>("naming.population." + r.id(), [re, &r](const SyntaxView& v) {
        auto out = std::make_shared<Names>();
        std::string_view file = v.file_text();
        int groups = re->NumberOfCapturingGroups();
        std::vector<re2::StringPiece> match(static_cast<size_t>(groups) + 1);
        size_t pos = 0;
        while (pos < file.size() && re->Match(re2::StringPiece(file.data(), file.size()), pos, file.size(),
                                              RE2::UNANCHORED, match.data(), groups + 1)) {
          for (int g = 1; g <= groups; ++g)
            if (!match[static_cast<size_t>(g)].empty()) {
              out->names.emplace_back(match[static_cast<size_t>(g)].data(), match[static_cast<size_t>(g)].size());
              break;
            }
          size_t end = static_cast<size_t>(match[0].data() - file.data()) + match[0].size();
          pos = std::max(end, pos + 1);
        }
        count_violating(r, *out);
        return out;
      });
    }
    auto out = std::make_shared<Names>();
    for (const Definition& d : defs)
      if (std::find(targets.begin(), targets.end(), d.target) != targets.end()) out->names.emplace_back(view.text(d.name));
    count_violating(r, *out);
    return out;
  }

  // `defs`: the rule's definitions whose name meets the chunk, in document order.
  static void convention(const SyntaxView& view, const CompiledRule& r, const std::vector<const Definition*>& defs,
                         Population& population, FindingSink& sink) {
    bool file_style = r.param("consistency") == "file";
    for (const Definition* d : defs) {
      std::string_view name = view.text(d->name);
      if (conforms(r, name)) continue;
      if (file_style) {
        // Prevailing style: most *other* names of this target in the file break it too.
        const Names& names = population.get();
        int others = std::max(0, static_cast<int>(names.names.size()) - 1);
        int others_violating = std::max(0, names.violating - 1);
        if (others_violating >= 2 && others_violating * 2 >= others) continue;
      }
      sink.add(r, d->name, fmt::format("{} name '{}' does not follow the convention: {}", d->target, name,
                                       r.rule().message));
    }
  }

  static void dominant(const SyntaxView& view, const CompiledRule& r, const std::vector<const Definition*>& defs,
                       Population& population, FindingSink& sink) {
    for (const Definition* d : defs) {
      std::string_view name = view.text(d->name);
      if (r.regex("exempt") && r.full_match_or_absent("exempt", name)) continue;
      Case mine = case_of(name);
      if (mine == Case::none || mine == Case::lower_word) continue;
      int counts[6] = {0, 0, 0, 0, 0, 0};
      int classified = 0;
      bool self_skipped = false;
      for (const std::string& other : population.get().names) {
        if (!self_skipped && other == name) {
          self_skipped = true;
          continue;
        }
        if (r.regex("exempt") && r.full_match_or_absent("exempt", other)) continue;
        Case c = case_of(other);
        if (c == Case::none || c == Case::lower_word) continue;
        ++counts[static_cast<int>(c)];
        ++classified;
      }
      if (classified < 3) continue;
      int best = 0;
      for (int c = 1; c < 6; ++c)
        if (counts[c] > counts[best]) best = c;
      if (static_cast<Case>(best) == mine || counts[best] * 5 < classified * 4) continue;
      sink.add(r, d->name,
               fmt::format("{} name '{}' is {} but this file names its {}s in {} ({} of {})", d->target, name,
                           case_name(mine), d->target, case_name(static_cast<Case>(best)), counts[best], classified));
    }
  }
};

}  // namespace

std::unique_ptr<Voter> make_naming_voter(const std::shared_ptr<const builtin::RuleSet>& rules) {
  return std::make_unique<NamingVoter>(rules);
}

}  // namespace review::perfstyle
