#include "reviewers/builtin/query_engine.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <thread>

#include "reviewers/builtin/parsed_source.h"

namespace review::builtin {
namespace {

/// Lines of every match of `query` on `code` (language `lang`).
std::vector<int> lines_of(std::string_view lang, std::string query, std::string code) {
  Rule r;
  r.id = "t";
  r.languages = {std::string(lang)};
  r.query = std::move(query);
  EXPECT_TRUE(check_query(r.query, lang).has_value());
  QuerySet set({&r});
  auto parsed = parse_text(lang, code, 0);
  auto tree = parsed->copy_tree();
  std::vector<int> out;
  set.for_each_match(lang, ts_tree_root_node(tree.get()), parsed->text(), 0, 1, 1000,
                     [&](const QueryMatch& m) { out.push_back(m.start_line); });
  return out;
}

TEST(QueryEngine, EqAndAnyOfAgainstLiteralsAndCaptures) {
  std::string code = "a.system(x)\nb.other(x)\nc.popen(y)\nz = z\nz = w\n";
  EXPECT_EQ(lines_of("python", R"((call function: (attribute attribute: (identifier) @f) (#eq? @f "system")) @match)", code),
            std::vector<int>{1});
  EXPECT_EQ(lines_of("python", R"((call function: (attribute attribute: (identifier) @f) (#not-eq? @f "system")) @match)", code),
            (std::vector<int>{2, 3}));
  EXPECT_EQ(lines_of("python", R"((call function: (attribute attribute: (identifier) @f) (#any-of? @f "system" "popen")) @match)", code),
            (std::vector<int>{1, 3}));
  EXPECT_EQ(lines_of("python", R"((assignment left: (identifier) @l right: (identifier) @r (#eq? @l @r)) @match)", code),
            std::vector<int>{4});
}

TEST(QueryEngine, MatchUsesRe2Search) {
  std::string code = "md5(a)\nsha256(b)\nsha1(c)\n";
  EXPECT_EQ(lines_of("python", R"((call function: (identifier) @f (#match? @f "^(md5|sha1)$")) @match)", code),
            (std::vector<int>{1, 3}));
  EXPECT_EQ(lines_of("python", R"((call function: (identifier) @f (#not-match? @f "sha")) @match)", code),
            std::vector<int>{1});
}

TEST(QueryEngine, LiteralPredicate) {
  std::string code = "run('ls')\nrun(f'ls {x}')\nrun('a' + 'b')\nrun('a' + x)\nrun(CONST)\nrun(['ls', '-l'])\n";
  EXPECT_EQ(lines_of("python", R"((call arguments: (argument_list . (_) @a) (#not-literal? @a)) @match)", code),
            (std::vector<int>{2, 4}));
  EXPECT_EQ(lines_of("javascript", R"((call_expression arguments: (arguments . (_) @a) (#is-literal? @a)) @match)",
                     "f(`a${b}`)\nf(`ab`)\nf(1)\n"),
            (std::vector<int>{2, 3}));
}

TEST(QueryEngine, AncestorPredicates) {
  std::string code = "def f():\n    for x in y:\n        g(x)\n    g(1)\n";
  EXPECT_EQ(lines_of("python", R"((call function: (identifier) @f (#eq? @f "g") (#has-ancestor? @f "for_statement")) @match)", code),
            std::vector<int>{3});
  EXPECT_EQ(lines_of("python",
                     R"((call function: (identifier) @f (#eq? @f "g") (#not-ancestor-match? @f "for_statement" "y")) @match)",
                     code),
            std::vector<int>{4});
}

TEST(QueryEngine, ReportsMatchCaptureRangeAndHonoursLineWindow) {
  std::string code = "x = 1\nsubprocess.run(\n    cmd,\n    shell=True)\n";
  EXPECT_EQ(lines_of("python", R"((keyword_argument value: (true) @match))", code), std::vector<int>{4});
  Rule r;
  r.id = "t";
  r.languages = {"python"};
  r.query = "(call) @match";
  QuerySet set({&r});
  auto parsed = parse_text("python", code, 10);  // a chunk starting at line 11
  auto tree = parsed->copy_tree();
  int seen = 0;
  set.for_each_match("python", ts_tree_root_node(tree.get()), parsed->text(), 10, 12, 14, [&](const QueryMatch& m) {
    ++seen;
    EXPECT_EQ(m.start_line, 12);
    EXPECT_EQ(m.end_line, 14);
  });
  EXPECT_EQ(seen, 1);
}

/// Matches of `query` on `code` and how many patterns the set had to compile for them.
struct Run {
  std::vector<int> lines;
  std::size_t compiled = 0;
};

Run run(std::string_view lang, std::string query, std::string code, int first_line = 1, int last_line = 1000) {
  Rule r;
  r.id = "t";
  r.languages = {std::string(lang)};
  r.query = std::move(query);
  EXPECT_TRUE(check_query(r.query, lang).has_value()) << r.query;
  QuerySet set({&r});
  auto parsed = parse_text(lang, code, 0);
  auto tree = parsed->copy_tree();
  Run out;
  set.for_each_match(lang, ts_tree_root_node(tree.get()), parsed->text(), 0, first_line, last_line,
                     [&](const QueryMatch& m) { out.lines.push_back(m.start_line); });
  out.compiled = set.compiled_count();
  return out;
}

TEST(QueryEngine, LiteralPrefilterWantsWholeTokens) {
  std::string exec = R"((call function: (identifier) @f (#any-of? @f "exec" "eval")) @match)";
  // Inside longer identifiers the literals cannot be a node's whole text: nothing compiled.
  auto inside = run("python", exec, "p = sys.executable\nmedieval = 1\nexec_path = 2\n");
  EXPECT_EQ(inside.compiled, 0u);
  EXPECT_TRUE(inside.lines.empty());
  auto real = run("python", exec, "x = 1\nexec(code)\n");
  EXPECT_EQ(real.compiled, 1u);
  EXPECT_EQ(real.lines, std::vector<int>{2});
  // An identifier `exec` that is no call's function: its parent is no `call`.
  auto other = run("python", exec, "y = obj.exec\nexec_ = exec\n");
  EXPECT_EQ(other.compiled, 0u);
  EXPECT_TRUE(other.lines.empty());
  // `$` is an identifier character in JavaScript: `$exec` is one identifier.
  std::string js = R"((call_expression function: (identifier) @f (#eq? @f "exec")) @match)";
  EXPECT_EQ(run("javascript", js, "$exec(a);\n").compiled, 0u);
  EXPECT_EQ(run("javascript", js, "exec(a);\n").lines, std::vector<int>{1});
}

TEST(QueryEngine, LiteralPrefilterKeepsTokensGluedToIdentifierCharacters) {
  // String fragments right after an escape sequence or right before a template
  // substitution touch identifier characters but are whole nodes.
  EXPECT_EQ(run("javascript", R"(((string_fragment) @s (#eq? @s "exec")) @match)", "f(\"a\\nexec\");\n").lines,
            std::vector<int>{1});
  EXPECT_EQ(run("javascript", R"(((string_fragment) @s (#eq? @s "exec")) @match)", "f(\"\\x41exec\");\n").lines,
            std::vector<int>{1});
  EXPECT_EQ(run("javascript", R"(((string_fragment) @s (#eq? @s "exec")) @match)", "f(`exec${cmd}`);\n").lines,
            std::vector<int>{1});
}

TEST(QueryEngine, LiteralPrefilterWantsANodeOfTheCapturedType) {
  // `eval` in strings is no identifier: nothing compiled; a call, or a capture of any
  // node type, needs the pattern.
  std::string eval = R"((call function: (identifier) @f (#eq? @f "eval")) @match)";
  std::string code = "x = 'eval'\ncompile(t, '<x>', \"eval\")\n";
  EXPECT_EQ(run("python", eval, code).compiled, 0u);
  EXPECT_EQ(run("python", eval, code + "eval(x)\n").lines, std::vector<int>{3});
  EXPECT_EQ(run("python", R"(((_) @s (#eq? @s "eval")) @match)", code).compiled, 1u);
  // Alternations: the capture has the union of the branches' types.
  std::string either = R"((call function: [(identifier) (string)] @f (#eq? @f "eval")) @match)";
  EXPECT_EQ(run("python", either, "x = 'a'\n").compiled, 0u);
  EXPECT_EQ(run("python", either, "eval(x)\n").lines, std::vector<int>{1});
  // A supertype (`expression`) is never a node's reported type: no type check then.
  std::string super = R"(((expression) @e (#eq? @e "eval")) @match)";
  ASSERT_TRUE(check_query(super, "python").has_value());
  EXPECT_FALSE(run("python", super, "y = eval\n").lines.empty());
}

TEST(QueryEngine, KindPredicateTestsTheNodeType) {
  // `(_) @o (#kind? @o "identifier")` matches what `(identifier) @o` matches, so rules can
  // share the skeleton of a more general pattern.
  std::string kind = R"((call function: (attribute object: (_) @o attribute: (identifier) @f (#kind? @o "identifier"))
      (#eq? @o "os") (#eq? @f "system")) @match)";
  EXPECT_EQ(lines_of("python", kind, "os.system(a)\nself.os.system(b)\nos().system(c)\n"), std::vector<int>{1});
  std::string not_kind = R"(((call arguments: (argument_list . (_) @a)) (#not-kind? @a "string" "integer")) @match)";
  EXPECT_EQ(lines_of("python", not_kind, "f('x')\ng(1)\nh(y)\n"), std::vector<int>{3});
  // A #kind? tells the prefilter the capture's types: `os` in a string needs no compile.
  auto none = run("python", kind, "x = 'os'\ny = q.system(1)\n");
  EXPECT_EQ(none.compiled, 0u);
  EXPECT_FALSE(check_query(R"(((identifier) @a (#kind? @a)))", "python").has_value());
}

TEST(QueryEngine, LiteralPrefilterWantsTheParentsThePatternGivesTheCapture) {
  // `get` as the attribute of a decorator's call (a route), not of any call (dict.get).
  std::string route = R"((decorated_definition
      (decorator [(call function: (attribute attribute: (identifier) @d)) (attribute attribute: (identifier) @d)])
      (#any-of? @d "route" "get")) @match)";
  EXPECT_EQ(run("python", route, "x = d.get(k)\n@app.get_all\ndef f(): pass\n").compiled, 0u);
  EXPECT_EQ(run("python", route, "@app.get('/')\ndef f(): pass\n").lines, std::vector<int>{1});
  EXPECT_EQ(run("python", route, "@app.get\ndef f(): pass\n").lines, std::vector<int>{1});  // the other branch
  // A supertype or `_` around the capture fits any parent.
  std::string super = R"(((expression_statement (_ (identifier) @f)) (#eq? @f "exec")) @match)";
  EXPECT_EQ(run("python", super, "exec(x)\n").lines, std::vector<int>{1});
  std::string wide = R"(((call function: (primary_expression) @f) (#eq? @f "exec")) @match)";
  ASSERT_TRUE(check_query(wide, "python").has_value());
  EXPECT_EQ(run("python", wide, "exec(x)\n").lines, std::vector<int>{1});
}

TEST(QueryEngine, PatternsDifferingOnlyInPredicatesShareOneSkeleton) {
  // Two rules with the same structure and different predicates and capture names: each
  // gets its own matches, with its own capture names.
  Rule a, b;
  a.id = "a", b.id = "b";
  a.languages = b.languages = {"python"};
  a.query = R"((call function: (identifier) @fn arguments: (argument_list . (_) @sink) (#eq? @fn "open")) @match)";
  b.query = R"((call
    function: (identifier) @name  ; comments and layout do not matter
    arguments: (argument_list . (_) @arg)
    (#eq? @name "eval")) @m)";
  QuerySet set({&a, &b});
  auto parsed = parse_text("python", "open(p)\neval(e)\nopen(q)\n", 0);
  auto tree = parsed->copy_tree();
  std::vector<std::string> seen;
  QuerySet::Work work{&set, {"python", ts_tree_root_node(tree.get()), parsed->text(), 0, 1, 3}};
  QuerySet::prepare(std::span(&work, 1));
  set.for_each_match("python", ts_tree_root_node(tree.get()), parsed->text(), 0, 1, 3, [&](const QueryMatch& m) {
    const TSNode* arg = m.capture(m.rule->id == "a" ? "sink" : "arg");
    ASSERT_NE(arg, nullptr);
    seen.push_back(fmt::format("{}:{}:{}", m.rule->id, m.start_line, ts_node_type(*arg)));
  });
  // Rule order, then tree order.
  EXPECT_EQ(seen, (std::vector<std::string>{"a:1:identifier", "a:3:identifier", "b:2:identifier"}));
  EXPECT_EQ(set.compiled_count(), 2u);
}

TEST(QueryEngineConcurrency, ThreadsSharingSkeletonsFindWhatOneThreadFinds) {
  // Skeletons no other test compiles (the cache is process-wide), shared by two sets and
  // claimed by several threads at once; prepare compiles them in halves on TBB workers.
  std::vector<Rule> rules(4);
  const char* queries[] = {
      R"((call function: (identifier) @f arguments: (argument_list (string) (string) @s) (#eq? @f "alpha")) @match)",
      R"((call function: (identifier) @g arguments: (argument_list (string) (string) @t) (#eq? @g "beta")) @m)",
      R"((while_statement condition: (call function: (identifier) @f) (#eq? @f "gamma")) @match)",
      R"((subscript value: (identifier) @v subscript: (string) @k (#eq? @k "'delta'")) @match)"};
  for (std::size_t i = 0; i < rules.size(); ++i) {
    rules[i].id = "r" + std::to_string(i);
    rules[i].languages = {"python"};
    rules[i].query = queries[i];
  }
  QuerySet first({&rules[0], &rules[2]}), second({&rules[1], &rules[3], &rules[0]});
  std::string code = "alpha('a', 'b')\nbeta('c', 'd')\nwhile gamma():\n    x = y['delta']\nalpha('e', 'f')\n";
  auto parsed = parse_text("python", code, 0);
  auto found = [&](const QuerySet& set) {
    auto tree = parsed->copy_tree();
    QuerySet::Work work{&set, {"python", ts_tree_root_node(tree.get()), parsed->text(), 0, 1, 5}};
    QuerySet::prepare(std::span(&work, 1));
    std::vector<std::string> out;
    set.for_each_match("python", ts_tree_root_node(tree.get()), parsed->text(), 0, 1, 5,
                       [&](const QueryMatch& m) { out.push_back(fmt::format("{}:{}", m.rule->id, m.start_line)); });
    return out;
  };
  std::vector<std::vector<std::string>> results(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&, t] { results[t] = found(t % 2 ? second : first); });
  for (auto& t : threads) t.join();
  for (std::size_t t = 0; t < results.size(); ++t)
    EXPECT_EQ(results[t], t % 2 ? (std::vector<std::string>{"r1:2", "r3:4", "r0:1", "r0:5"})
                                : (std::vector<std::string>{"r0:1", "r0:5", "r2:3"}))
        << t;
}

TEST(QueryEngine, RegexPrefilterNeedsAMatchNearTheWindow) {
  std::string key = R"(((string) @match (#match? @match "AKIA[0-9A-Z]{16}")))";
  auto none = run("python", key, "x = 'hello'\ny = 'AKIA-not-a-key'\n");
  EXPECT_EQ(none.compiled, 0u);
  auto found = run("python", key, "x = 'hello'\ny = 'AKIAABCDEFGHIJKLMNOP'\n");
  EXPECT_EQ(found.compiled, 1u);
  EXPECT_EQ(found.lines, std::vector<int>{2});
  // Anchors and word boundaries are dropped for the prefilter (md5 anywhere), never
  // for the predicate itself.
  std::string hash = R"((call function: (identifier) @f (#match? @f "^(md5|sha1)$")) @match)";
  EXPECT_EQ(run("python", hash, "sha256(b)\n").compiled, 0u);
  auto md5 = run("python", hash, "md5_hex(a)\nmd5(b)\n");
  EXPECT_EQ(md5.compiled, 1u);
  EXPECT_EQ(md5.lines, std::vector<int>{2});
  std::string cin = R"(((identifier) @match (#match? @match "\\bcin\\b")))";
  EXPECT_EQ(run("cpp", cin, "int x = 1;\n").compiled, 0u);
  EXPECT_EQ(run("cpp", cin, "void f() { cin >> x; }\n").lines, std::vector<int>{1});
}

TEST(QueryEngine, RegexPrefilterSearchesTheWholeNodesStartingInTheWindow) {
  // The call starts on line 1 (the window) and ends 15 lines later with the text the
  // predicate looks for.
  std::string code = "f(\n";
  for (int i = 0; i < 14; ++i) code += "    a" + std::to_string(i) + ",\n";
  code += "    password)\nother = 1\n";
  std::string query = R"((call arguments: (argument_list) @args (#match? @args "password")) @match)";
  EXPECT_EQ(run("python", query, code, 1, 1).lines, std::vector<int>{1});
  EXPECT_EQ(run("python", query, code, 17, 17).compiled, 0u);
}

TEST(QueryEngine, PrefiltersIgnorePredicatesOnCapturesAMatchMayLack) {
  // A predicate on an absent capture holds vacuously: the string branch matches although
  // "needle" occurs nowhere.
  std::string alternation =
      R"((call arguments: (argument_list [(identifier) @a (string) @b]) (#eq? @a "needle")) @match)";
  EXPECT_EQ(run("python", alternation, "f('s')\n").lines, std::vector<int>{1});
  std::string optional = R"((call arguments: (argument_list (string)? @s) (#match? @s "zzz")) @match)";
  EXPECT_EQ(run("python", optional, "f()\n").lines, std::vector<int>{1});
  // Present in every branch: required.
  std::string both =
      R"((call arguments: (argument_list [(identifier) @a (attribute attribute: (identifier) @a)]) (#eq? @a "needle")) @match)";
  EXPECT_EQ(run("python", both, "f(x.y)\n").compiled, 0u);
  EXPECT_EQ(run("python", both, "f(x.needle)\n").lines, std::vector<int>{1});
}

TEST(QueryEngine, RejectsBadQueriesWithOneLine) {
  EXPECT_FALSE(check_query("(call", "python").has_value());
  EXPECT_FALSE(check_query("(no_such_node) @m", "python").has_value());
  auto unknown = check_query(R"((identifier) @a (#frobnicate? @a "x"))", "python");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("frobnicate"), std::string::npos);
  EXPECT_FALSE(check_query(R"(((identifier) @a (#match? @a "(")))", "python").has_value());
  EXPECT_FALSE(check_query("(identifier)", "python").has_value()) << "a pattern needs a capture";
  EXPECT_FALSE(check_query("(identifier) @a", "cobol").has_value());
}

}  // namespace
}  // namespace review::builtin
