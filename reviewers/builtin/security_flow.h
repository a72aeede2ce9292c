// The local data-flow voter ("security.flow"): follows values from sources to sinks inside
// the function(s) around a chunk, on the syntax tree. Sources, sinks, propagators and
// sanitizers are rules of the pack (voter = "flow", see docs/rules.md), so each language's
// tables are data:
//   kind = "source"      capture @source: an expression (os.environ["X"], req.query) or a
//                        declaration (a handler parameter, `argv`) whose names become tainted
//   kind = "propagator"  captures @from and @to: if a @from is tainted, @to's names become
//                        tainted (strcpy(dst, src), sb.append(x), parts.push(x))
//   kind = "sanitizer"   capture @sanitized: an expression whose value is clean
//                        (shlex.quote(x), int(x), filepath.Base(x))
//   kind = "check"       a sink: capture @sink (the argument that must not be tainted) and
//                        @match (the reported range)
//
// Within each function (the nearest function-like ancestor of a sink, or the whole file),
// names assigned from a tainted expression — assignments, declarations, `for … in`, in any
// order — become tainted, repeated to a fixpoint; string formatting, concatenation,
// f-strings, template literals and format! arguments carry taint because an expression is
// tainted when any identifier inside it is. Two levels are tracked: remote (request,
// network) and local (argv, environment, stdin); a sink with taint = "remote" ignores local
// sources (a CLI opening the file named on its command line is normal).
//
// Example (Python):
//   def view(request):                          # source: handler parameter `request`
//       name = request.GET["name"]               # name tainted
//       q = "SELECT * FROM t WHERE n = '%s'" % name   # q tainted
//       cursor.execute(q)                        # sink @sink=q → finding CWE-89
#pragma once

#include <memory>
#include <string_view>

#include "reviewers/builtin/rule_pack.h"
#include "reviewers/voter.h"

namespace review::builtin {

/// Voter "<reviewer>.flow" over the flow rules of `reviewer` in `rules` (kept alive by the
/// voter). VoterKind::builtin: works on the calling thread, calls `done` once.
std::unique_ptr<Voter> make_flow_voter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer = "security");

}  // namespace review::builtin
