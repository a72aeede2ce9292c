// Loop and call analysis on tree-sitter trees, shared by the performance voters (and the
// style voters' function walks). Language-neutral: it works from the kind tables of
// perfstyle_syntax.h plus a few per-grammar field names.
//
// The idea: a node costs "per iteration" when some loop evaluates it on every iteration —
// it lies in the loop's body, condition or update, not in the part evaluated once (the
// iterable of a for-each, a C `for` initializer). Callbacks handed to iteration methods
// (`xs.forEach(x => …)`, `.map(|x| …)`, Java `stream().map(x -> …)`) are loops too.
// Climbing stops at the enclosing function: a lambda defined in a loop but not called by an
// iteration method does not run per iteration of that loop as far as we can see.
//
// Example (Python):
//   for p in patterns:          # loop L, variables {p, rx}
//       rx = re.compile(p)      # per iteration of L; argument mentions p -> loop-variant
//       ok = re.compile("a+")   # per iteration of L; argument invariant -> hoistable
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reviewers/builtin/perfstyle_syntax.h"

namespace review::perfstyle {

/// A loop that evaluates some node on every iteration.
struct LoopRef {
  TSNode node;            ///< the loop statement, or the callback lambda
  bool callback = false;  ///< a lambda passed to an iteration method (forEach, map, …)
};

/// Loops that evaluate `node` on every iteration, innermost first, up to (not beyond) the
/// enclosing function or non-callback lambda.
std::vector<LoopRef> enclosing_loops(const SyntaxView& view, TSNode node);

/// True if `lambda` is passed to an iteration method (forEach, map, filter, reduce, …,
/// for_each, fold, std::for_each) and so runs once per element.
bool is_callback_loop(const SyntaxView& view, TSNode lambda);

/// True if `node` is a function definition or a lambda (a scope boundary for loops).
bool is_function_like(const SyntaxView& view, TSNode node);

/// The innermost function or lambda around `node`, or the root when there is none.
TSNode enclosing_function(const SyntaxView& view, TSNode node);

/// Names bound or assigned anywhere in `loop` (header variables, assignment targets,
/// declarations, lambda parameters of a callback loop): values that may change per iteration.
std::set<std::string, std::less<>> loop_variables(const SyntaxView& view, const LoopRef& loop);

/// Identifier texts inside `node` (plain identifiers only).
std::set<std::string, std::less<>> identifiers_in(const SyntaxView& view, TSNode node);

/// True if no identifier in `node` is in `variables` (the node's value cannot change from one
/// iteration to the next as far as the syntax shows; calls inside may still differ).
bool is_invariant(const SyntaxView& view, TSNode node, const std::set<std::string, std::less<>>& variables);

/// What a call-like node calls. `callee` is the callee's text without whitespace
/// ("re.compile", "std::this_thread::sleep_for", "new RegExp", "format!" for a Rust macro
/// is "format"); `name` its last segment ("compile"); `receiver` the object of a method call
/// ("" otherwise); `arguments` the argument list node (may be null).
struct CallInfo {
  std::string callee;
  std::string_view name;
  std::string_view receiver;
  TSNode arguments{};
  TSNode node{};
};

/// The call information for a node of LanguageSyntax::calls or ::constructions, or for a
/// C++ declaration with constructor arguments (`std::regex re("a+");` → callee
/// "std::regex"). Returns false for other nodes.
bool call_info(const SyntaxView& view, TSNode node, CallInfo& out);

/// The first argument node of a call's argument list (null if none).
TSNode first_argument(TSNode arguments);

/// True if `name` keeps its value from one iteration of `loop` to the next: no plain
/// (re)assignment or declaration of it inside the loop. `s = ""` at the top of each
/// iteration followed by `s += …` builds one small string per iteration, not an
/// ever-growing one.
bool carried_across_iterations(const SyntaxView& view, TSNode loop, std::string_view name);

/// True if every binding of `name` visible from `at` is a literal list of at most
/// `max_elements` constants and the file never grows it (append/extend/insert/push/+=):
/// a small constant table, for which a linear search is as cheap as hashing.
bool is_small_constant_list(const SyntaxView& view, TSNode at, std::string_view name, int max_elements = 10);

/// What a variable visibly holds, from its declaration, type annotation or initializer in
/// the enclosing function (or at file level).
enum class VarKind { unknown, list, lookup, string };

/// Classifies `name` as seen from `at` (see VarKind). Conservative: unknown unless every
/// visible binding agrees.
VarKind infer_kind(const SyntaxView& view, TSNode at, std::string_view name);

/// Classifies an expression by its syntax (a list literal, a string literal, `new Set(…)`,
/// `vec![…]`, …): the same evidence infer_kind uses for initializers.
VarKind expression_kind(const SyntaxView& view, TSNode expression);

}  // namespace review::perfstyle
