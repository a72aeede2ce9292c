// Local taint tracking on the syntax tree; see security_flow.h for the model.
#include "reviewers/builtin/security_flow.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <set>
#include <string>
#include <utility>

#include "reviewers/builtin/parsed_source.h"
#include "reviewers/builtin/query_engine.h"
#include "reviewers/builtin/rule_voters.h"

namespace review::builtin {

namespace {

bool type_in(std::string_view type, std::initializer_list<std::string_view> types) {
  return std::ranges::find(types, type) != types.end();
}

/// Nodes that introduce a new function scope.
bool is_function(std::string_view type) {
  return type_in(type, {"function_definition", "function_declaration", "method_declaration", "function_item",
                        "arrow_function", "function_expression", "function", "method_definition", "lambda",
                        "closure_expression", "func_literal", "constructor_declaration", "lambda_expression",
                        "generator_function_declaration", "generator_function"});
}

/// Expressions naming a value through an object: their whole text is a name ("self.cmd").
bool is_member(std::string_view type) {
  return type_in(type, {"attribute", "member_expression", "field_expression", "selector_expression", "field_access",
                        "scoped_identifier", "qualified_identifier"});
}

bool is_identifier(std::string_view type) {
  return type_in(type, {"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"});
}

/// Assignment-like node types and the fields of their target and value.
struct AssignShape {
  std::string_view type, target, value;
};
constexpr AssignShape k_assignments[] = {
    {"assignment", "left", "right"},               {"augmented_assignment", "left", "right"},
    {"for_statement", "left", "right"},            {"named_expression", "name", "value"},
    {"for_in_clause", "left", "right"},            {"variable_declarator", "name", "value"},
    {"assignment_expression", "left", "right"},    {"augmented_assignment_expression", "left", "right"},
    {"for_in_statement", "left", "right"},         {"short_var_declaration", "left", "right"},
    {"assignment_statement", "left", "right"},     {"var_spec", "name", "value"},
    {"range_clause", "left", "right"},             {"let_declaration", "pattern", "value"},
    {"compound_assignment_expr", "left", "right"}, {"for_expression", "pattern", "value"},
    {"enhanced_for_statement", "name", "value"},   {"init_declarator", "declarator", "value"},
};

TSNode field(TSNode node, std::string_view name) {
  return ts_node_child_by_field_name(node, name.data(), static_cast<std::uint32_t>(name.size()));
}

std::string_view text_of(TSNode node, std::string_view source) {
  std::uint32_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
  if (b > source.size() || a > b) return {};
  return source.substr(a, b - a);
}

bool inside(TSNode inner, TSNode outer) {
  return ts_node_start_byte(inner) >= ts_node_start_byte(outer) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

bool same_range(TSNode a, TSNode b) {
  return ts_node_start_byte(a) == ts_node_start_byte(b) && ts_node_end_byte(a) == ts_node_end_byte(b);
}

struct Source {
  TSNode node;
  bool remote = false;
};

struct Propagation {
  std::vector<TSNode> from, to;
};

struct Sink {
  const Rule* rule = nullptr;
  std::vector<TSNode> nodes;
  int start_line = 0, end_line = 0;
};

/// The analysis state of one function scope.
class Taint {
 public:
  /// Which names are tainted: those run() derives, or every name (an upper bound for any
  /// propagation: tainted() is monotone in the tainted names and in fewer sanitized nodes).
  enum class Names { derived, every };

  Taint(std::string_view source, const std::vector<Source>& sources, const std::vector<TSNode>& sanitized,
        Names names = Names::derived)
      : m_source(source), m_sources(sources), m_sanitized(sanitized), m_names(names) {}

  /// Seeds names from declaration-like sources inside `scope`, then propagates to a fixpoint.
  void run(TSNode scope, const std::vector<Propagation>& propagations) {
    for (const auto& s : m_sources) {
      if (!inside(s.node, scope)) continue;
      std::string_view type = ts_node_type(s.node);
      if (is_identifier(type) || type.find("declarator") != std::string_view::npos ||
          type.find("pattern") != std::string_view::npos || type.find("parameter") != std::string_view::npos) {
        std::vector<std::string> names;
        collect_names(s.node, names);
        for (auto& n : names) add(std::move(n), s.remote);
      }
    }
    std::vector<std::pair<TSNode, TSNode>> assignments;
    collect_assignments(scope, assignments, 0);
    for (int pass = 0; pass < 6; ++pass) {
      std::size_t before = m_local.size() + m_remote.size();
      for (const auto& [target, value] : assignments) flow(std::vector{value}, std::vector{target});
      for (const auto& p : propagations)
        if (!p.from.empty() && inside(p.from.front(), scope)) flow(p.from, p.to);
      if (m_local.size() + m_remote.size() == before) break;
    }
  }

  /// True if `node` carries a value from a source of at least the given reach.
  bool tainted(TSNode node, bool remote_only) const { return tainted_at(node, remote_only, 0); }

 private:
  void add(std::string name, bool remote) {
    if (name.empty()) return;
    if (remote) m_remote.insert(name);
    m_local.insert(std::move(name));
  }

  void flow(const std::vector<TSNode>& from, const std::vector<TSNode>& to) {
    bool remote = std::ranges::any_of(from, [&](TSNode n) { return tainted(n, true); });
    bool any = remote || std::ranges::any_of(from, [&](TSNode n) { return tainted(n, false); });
    if (!any) return;
    for (TSNode t : to) {
      std::vector<std::string> names;
      collect_names(t, names);
      for (auto& n : names) add(std::move(n), remote);
    }
  }

  /// Names a target binds: identifiers, member expressions by full text, the object of a
  /// subscript, every identifier of a pattern or declarator.
  void collect_names(TSNode node, std::vector<std::string>& out) const {
    std::string_view type = ts_node_type(node);
    if (is_identifier(type) || is_member(type)) {
      out.emplace_back(text_of(node, m_source));
      return;
    }
    if (type_in(type, {"subscript", "subscript_expression", "index_expression", "array_access", "element_reference"})) {
      if (ts_node_named_child_count(node) > 0) collect_names(ts_node_named_child(node, 0), out);
      return;
    }
    if (type_in(type, {"type_identifier", "primitive_type", "sized_type_specifier", "type", "type_annotation"})) return;
    std::uint32_t n = ts_node_named_child_count(node);
    for (std::uint32_t i = 0; i < n; ++i) {
      TSNode child = ts_node_named_child(node, i);
      // Skip the declared type and annotations of a parameter or declaration.
      if (type_in(ts_node_type(child), {"type_identifier", "primitive_type", "generic_type", "pointer_type",
                                        "qualified_type", "scoped_type_identifier", "type_annotation", "modifiers",
                                        "marker_annotation", "annotation", "array_type", "slice_type",
                                        "reference_type", "integral_type", "floating_point_type"}))
        continue;
      collect_names(child, out);
    }
  }

  void collect_assignments(TSNode node, std::vector<std::pair<TSNode, TSNode>>& out, int depth) const {
    if (depth > 200) return;
    std::string_view type = ts_node_type(node);
    for (const auto& shape : k_assignments)
      if (shape.type == type) {
        TSNode target = field(node, shape.target), value = field(node, shape.value);
        if (!ts_node_is_null(target) && !ts_node_is_null(value)) out.emplace_back(target, value);
      }
    std::uint32_t n = ts_node_named_child_count(node);
    for (std::uint32_t i = 0; i < n; ++i) collect_assignments(ts_node_named_child(node, i), out, depth + 1);
  }

  bool name_tainted(std::string_view name, bool remote_only) const {
    if (m_names == Names::every) return true;
    const auto& set = remote_only ? m_remote : m_local;
    return set.find(std::string(name)) != set.end();
  }

  bool tainted_at(TSNode node, bool remote_only, int depth) const {
    if (depth > 200 || ts_node_is_null(node)) return false;
    for (TSNode s : m_sanitized)
      if (same_range(s, node)) return false;
    for (const auto& s : m_sources) {
      if (remote_only && !s.remote) continue;
      std::string_view st = ts_node_type(s.node);
      bool expression = !(is_identifier(st) || st.find("declarator") != std::string_view::npos ||
                          st.find("pattern") != std::string_view::npos || st.find("parameter") != std::string_view::npos);
      if (expression && (inside(s.node, node) || inside(node, s.node))) {
        // A sanitizer between the sink and the source cleans it.
        bool cleaned = std::ranges::any_of(m_sanitized, [&](TSNode z) { return inside(s.node, z) && inside(z, node); });
        if (!cleaned) return true;
      }
    }
    std::string_view type = ts_node_type(node);
    if (is_identifier(type)) return name_tainted(text_of(node, m_source), remote_only);
    if (is_member(type)) {
      if (name_tainted(text_of(node, m_source), remote_only)) return true;
      // Only the object part can carry taint: `os.path` must not match a variable `path`.
      return ts_node_named_child_count(node) > 0 && tainted_at(ts_node_named_child(node, 0), remote_only, depth + 1);
    }
    if (type == "keyword_argument") return tainted_at(field(node, "value"), remote_only, depth + 1);
    if ((type == "string_literal" || type == "raw_string_literal") && !ts_node_is_null(ts_node_parent(node)) &&
        std::string_view(ts_node_type(ts_node_parent(node))) == "token_tree") {
      // Rust format strings capture identifiers inline: format!("… {name} …").
      static const RE2 inline_arg(R"(\{([A-Za-z_][A-Za-z0-9_]*)[}:])");
      std::string_view t = text_of(node, m_source);
      re2::StringPiece input(t.data(), t.size());
      std::string name;
      while (RE2::FindAndConsume(&input, inline_arg, &name))
        if (name_tainted(name, remote_only)) return true;
      return false;
    }
    std::uint32_t n = ts_node_named_child_count(node);
    for (std::uint32_t i = 0; i < n; ++i)
      if (tainted_at(ts_node_named_child(node, i), remote_only, depth + 1)) return true;
    return false;
  }

  std::string_view m_source;
  const std::vector<Source>& m_sources;
  const std::vector<TSNode>& m_sanitized;
  Names m_names;
  std::set<std::string> m_local;   ///< names tainted from any source
  std::set<std::string> m_remote;  ///< names tainted from remote sources
};

/// The outermost function around `node` (closures see their parents' names), or the root.
TSNode enclosing_function(TSNode node, TSNode root) {
  TSNode found = root;
  for (TSNode n = node; !ts_node_is_null(n); n = ts_node_parent(n))
    if (is_function(ts_node_type(n))) found = n;
  return found;
}

class FlowVoter final : public Voter {
 public:
  FlowVoter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer)
      : m_rules(std::move(rules)),
        m_id(fmt::format("{}.flow", reviewer)),
        m_sinks(select(*m_rules, reviewer, {RuleKind::check})),
        m_sources(select(*m_rules, reviewer, {RuleKind::source})),
        m_carriers(select(*m_rules, reviewer, {RuleKind::sanitizer, RuleKind::propagator})) {}

  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::builtin; }

  void submit(const VoteRequest& request, BallotCallback done) override {
    Ballot ballot;
    if (auto pass = start(request)) {
      // Each stage runs only if the earlier ones leave a finding possible.
      collect(m_sinks, *pass, false);
      if (!pass->sinks.empty()) collect(m_sources, *pass, true);
      if (!pass->sources.empty() && could_be_tainted(*pass)) {
        collect(m_carriers, *pass, true);
        report(*pass, ballot);
      }
    }
    done(std::move(ballot));
  }

  /// Compiles, in one batch, the patterns all (prepared) requests may need: the checks'
  /// and where some check's prefilter passes, the sources', sanitizers' and propagators'.
  /// A superset of what the stages end up running, but no stage waits for another's compile.
  void prepare(std::span<const VoteRequest> requests) override {
    std::vector<Pass> passes;
    std::vector<QuerySet::Work> work;
    auto parsed = parse_for_prepare(requests);  // start() finds these in the parse cache
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      auto pass = start(requests[i]);
      if (!pass) continue;
      work.push_back({&m_sinks, pass->window(false)});
      if (m_sinks.may_match(pass->window(false))) {
        work.push_back({&m_sources, pass->window(true)});
        work.push_back({&m_carriers, pass->window(true)});
      }
      passes.push_back(std::move(*pass));
    }
    QuerySet::prepare(work);
  }

 private:
  /// One chunk on its way through the stages: sinks (checks), then sources, then
  /// sanitizers and propagators. Each stage runs, and compiles its queries, only if the
  /// earlier ones leave a finding possible — most chunks have no sink.
  struct Pass {
    const Chunk* chunk = nullptr;
    std::shared_ptr<const ParsedSource> parsed;
    TsTreePtr tree;  ///< this thread's copy
    TSNode root{};
    /// The chunk's first line, widened to the start of the outermost function around it,
    /// so that parameters (handler sources) and earlier assignments are seen.
    int first_line = 0;
    std::vector<Source> sources;
    std::vector<TSNode> sanitized;
    std::vector<Propagation> propagations;
    std::vector<Sink> sinks;

    QueryWindow window(bool widened) const {
      return {chunk->language, root, parsed->text(), parsed->line_offset(), widened ? first_line : chunk->start_line,
              chunk->end_line};
    }
    /// Collects what a match of any stage's rule found.
    void collect(const QueryMatch& m) {
      auto all = [&](std::string_view name) {
        std::vector<TSNode> out;
        for (const auto& c : m.captures)
          if (c.name == name) out.push_back(c.node);
        return out;
      };
      switch (m.rule->kind) {
        case RuleKind::source:
          for (TSNode n : all("source")) sources.push_back({n, m.rule->remote_taint});
          break;
        case RuleKind::sanitizer:
          for (TSNode n : all("sanitized")) sanitized.push_back(n);
          break;
        case RuleKind::propagator:
          propagations.push_back({all("from"), all("to")});
          break;
        case RuleKind::check:
          sinks.push_back({m.rule, all("sink"), m.start_line, m.end_line});
          break;
      }
    }
  };

  /// The pass of a request, if its language has flow rules and it parses.
  std::optional<Pass> start(const VoteRequest& request) const {
    const Chunk& chunk = *request.chunk;
    if (!m_sinks.covers(chunk.language)) return std::nullopt;
    Pass p;
    p.chunk = &chunk;
    p.parsed = parse_for(request);
    if (!p.parsed) return std::nullopt;
    p.tree = p.parsed->copy_tree();
    p.root = ts_tree_root_node(p.tree.get());
    int offset = p.parsed->line_offset();
    p.first_line = chunk.start_line;
    auto row = static_cast<std::uint32_t>(std::max(0, chunk.start_line - 1 - offset));
    TSNode at = ts_node_descendant_for_point_range(p.root, {row, 0}, {row, 0});
    for (TSNode n = at; !ts_node_is_null(n); n = ts_node_parent(n))
      if (is_function(ts_node_type(n)))
        p.first_line = std::min(p.first_line, static_cast<int>(ts_node_start_point(n).row) + 1 + offset);
    return p;
  }

  /// Runs `set` on the pass's window (`widened`: from its first_line) and collects the matches.
  static void collect(const QuerySet& set, Pass& p, bool widened) {
    QueryWindow w = p.window(widened);
    set.for_each_match(w.language, w.root, w.source, w.line_offset, w.first_line, w.last_line,
                       [&](const QueryMatch& m) { p.collect(m); });
  }
  /// Sanitizers only clean and propagators only taint names: if no sink is tainted even
  /// with every name tainted and nothing sanitized (constant arguments, say), none can be.
  static bool could_be_tainted(const Pass& p) {
    const std::vector<TSNode> nothing_sanitized;
    Taint bound(p.parsed->text(), p.sources, nothing_sanitized, Taint::Names::every);
    return std::ranges::any_of(p.sinks, [&](const Sink& sink) {
      return std::ranges::any_of(sink.nodes, [&](TSNode n) { return bound.tainted(n, sink.rule->remote_taint); });
    });
  }

  /// The findings: each sink that a source's taint reaches in its function.
  void report(const Pass& p, Ballot& ballot) const {
    const Chunk& chunk = *p.chunk;
    std::string_view source = p.parsed->text();
    std::map<std::uint32_t, std::unique_ptr<Taint>> scopes;  // by function start byte
    std::set<std::pair<std::string_view, int>> seen;
    for (const auto& sink : p.sinks) {
      if (sink.nodes.empty()) continue;
      TSNode scope = enclosing_function(sink.nodes.front(), p.root);
      auto& taint = scopes[ts_node_start_byte(scope)];
      if (!taint) {
        taint = std::make_unique<Taint>(source, p.sources, p.sanitized);
        taint->run(scope, p.propagations);
      }
      bool hit = std::ranges::any_of(sink.nodes, [&](TSNode n) { return taint->tainted(n, sink.rule->remote_taint); });
      if (!hit || !seen.emplace(sink.rule->id, sink.start_line).second) continue;
      ballot.findings.push_back(
          finding_for(*sink.rule, chunk, sink.start_line, std::min(sink.end_line, chunk.end_line), m_id));
    }
  }

  /// The flow rules of `reviewer` of the given kinds, in pack order.
  static std::vector<const Rule*> select(const RuleSet& rules, std::string_view reviewer,
                                         std::initializer_list<RuleKind> kinds) {
    std::vector<const Rule*> out;
    for (const Rule* r : rules.select(reviewer, "flow"))
      if (std::ranges::find(kinds, r->kind) != kinds.end()) out.push_back(r);
    return out;
  }

  std::shared_ptr<const RuleSet> m_rules;
  std::string m_id;
  QuerySet m_sinks;     ///< checks
  QuerySet m_sources;   ///< sources
  QuerySet m_carriers;  ///< sanitizers and propagators
};

}  // namespace

std::unique_ptr<Voter> make_flow_voter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer) {
  return std::make_unique<FlowVoter>(std::move(rules), reviewer);
}

}  // namespace review::builtin
