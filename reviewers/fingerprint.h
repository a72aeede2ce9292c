// Stable finding fingerprints (DESIGN.md "Core types"): an id that stays the same when the
// flagged code moves (lines inserted above it) or is re-indented, so baselines, SARIF
// `partialFingerprints` and caches can recognise a finding across runs.
//
//   fingerprint = hex64(fnv1a64(rule_id \0 path \0 snippet \0 occurrence))
//
// `snippet` is the flagged lines of the post-image with every run of whitespace (spaces,
// tabs, newlines) collapsed to one space and the ends trimmed; `occurrence` is the 0-based
// index of the finding among findings with the same rule_id, path and snippet, in line
// order — so two identical `eval(x)` lines in a file get different fingerprints, and
// neither changes when unrelated lines move. The line number itself is never hashed.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "git/diff_model.h"
#include "reviewers/finding.h"

namespace review {

/// `text` with runs of ASCII whitespace collapsed to one space and both ends trimmed.
std::string collapse_whitespace(std::string_view text);

/// The normalized snippet of lines start_line..end_line (1-based, inclusive) of `file`'s
/// post-image; for files without one (--patch input) the added and context lines of its
/// hunks stand in. Lines that do not exist contribute nothing.
std::string normalized_snippet(const FileDiff& file, int start_line, int end_line);

/// The fingerprint of one finding from its parts (16 lower-case hex digits).
std::string fingerprint(std::string_view rule_id, std::string_view path, std::string_view snippet,
                        int occurrence);

/// Sets `fingerprint` on every finding. `findings` must be sorted with start_line ascending
/// within each path (occurrence indexes follow that order); `files` are looked up by path
/// (a finding whose file is missing gets an empty snippet). Deterministic.
void assign_fingerprints(std::span<VotedFinding> findings, std::span<const FileDiff> files);

}  // namespace review
