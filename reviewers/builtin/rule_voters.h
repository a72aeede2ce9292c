// The two generic rule-driven voters every reviewer can reuse: a syntax-tree voter that
// runs the reviewer's `voter = "query"` rules (query_engine.h) and a line voter that runs
// its `voter = "lexical"` rules (lexical.h). A reviewer gets its built-in voters by
// pairing these with its own third way of looking (security: the data-flow voter).
//
// Both are VoterKind::builtin: submit() works on the calling thread and calls `done` once
// before returning. Findings lie inside the chunk (start line within start_line..end_line),
// carry the rule's category, severity, message and suggestion, `aspect` = reviewer and
// `voter` = the voter id ("<reviewer>.<voter>", e.g. "security.query"); one finding per
// (rule, start line). A language without a grammar gets an empty ballot from the query voter.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "reviewers/builtin/rule_pack.h"
#include "reviewers/voter.h"

namespace review::builtin {

/// A finding for `rule` at lines [start_line, end_line] of `chunk`'s file.
Finding finding_for(const Rule& rule, const Chunk& chunk, int start_line, int end_line, std::string_view voter_id);

/// Voter "<reviewer>.<voter_name>" running the query rules of that reviewer and voter name
/// from `rules` (kept alive by the voter). Queries are compiled lazily per language, once.
std::unique_ptr<Voter> make_query_voter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer,
                                        std::string_view voter_name = "query");

/// Voter "<reviewer>.<voter_name>" running the lexical rules of that reviewer and voter name
/// over the chunk's lines.
std::unique_ptr<Voter> make_lexical_voter(std::shared_ptr<const RuleSet> rules, std::string_view reviewer,
                                          std::string_view voter_name = "lexical");

}  // namespace review::builtin
