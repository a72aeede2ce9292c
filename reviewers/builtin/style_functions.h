// Function definitions as the style voters see them: the node, its name, its parameter list
// and its body, for the nine grammars. Named lambdas (`const f = () => …`, `f := func() …`)
// count as functions; anonymous callbacks do not (their cost belongs to the enclosing one).
#pragma once

#include <string_view>
#include <vector>

#include "reviewers/builtin/perfstyle_syntax.h"

namespace review::perfstyle {

struct FunctionInfo {
  TSNode node{};        ///< the definition (function_definition, method_declaration, …)
  TSNode name{};        ///< its name node; null for anonymous lambdas bound to nothing
  TSNode parameters{};  ///< the parameter list node (may be null)
  TSNode body{};        ///< the body (may be null for declarations without one)
  bool method = false;  ///< defined inside a class/impl/struct body
};

/// The function-like definitions whose range meets the chunk, outermost first.
std::vector<FunctionInfo> chunk_functions(const SyntaxView& view);

/// The FunctionInfo of `node` (a LanguageSyntax::functions node or a named lambda); false if
/// it is neither.
bool function_info(const SyntaxView& view, TSNode node, FunctionInfo& out);

/// Number of declared parameters, not counting self/cls, Go receivers, Rust `self`, Java
/// receiver parameters, C `(void)`, Python `*`/`/` separators and *args/**kwargs.
int parameter_count(const SyntaxView& view, const FunctionInfo& fn);

}  // namespace review::perfstyle
