// The external command voter: runs a configured tool (a linter, a scanner) on the chunk's
// file and reads its findings as SARIF 2.1.0 from stdout. This lets any SARIF-speaking tool
// (semgrep, bandit, eslint with a formatter, …) be one voter of a reviewer.
//
//   argv = ["semgrep", "--sarif", "--config", "p/python", "{file}"]
//
// `{file}` becomes a temporary copy of the file's post-image with the original file name
// (so extension-based tools see `app.py`), `{path}` the repo-relative path (for tools run
// in the repository with `working_directory`). The command is started with posix_spawnp
// (no shell, nothing is interpreted), stdin from /dev/null, in its own process group that
// is killed on timeout. SARIF: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reviewers/voter.h"
#include "util/error.h"

namespace review {

struct CommandVoterConfig {
  std::string id;                 ///< voter id, e.g. "security.semgrep"
  std::vector<std::string> argv;  ///< argv[0] looked up in PATH; "{file}" / "{path}" replaced in any argument
  std::chrono::milliseconds timeout{30000};  ///< whole run of the command
  std::string working_directory;  ///< where the command runs; "" = the current directory
  /// Category for results that carry none (result.properties.category, then the rule's
  /// properties.category); "" = such results are dropped.
  std::string default_category;
  size_t max_output_bytes = 64u << 20;  ///< stdout larger than this → abstain
};

/// How a SARIF result's level maps to a severity when it has no properties.severity:
/// error → high, warning → medium, note → low, none → info (SARIF §3.27.10; default warning).
Severity severity_from_sarif_level(std::string_view level);

/// Findings in `sarif_text` (a SARIF 2.1.0 log) that lie on the chunk's lines
/// [chunk.start_line, chunk.end_line] of the file, in the reviewer's taxonomy. Results
/// whose artifact URI names another file (its last path segment differs from the chunk
/// file's name) are skipped; so are results outside the chunk. Results without a usable
/// category, or with one outside a non-empty taxonomy, are counted in `dropped`.
/// Errors (ErrorKind::input) when the text is not a SARIF 2.1.0 log.
struct SarifFindings {
  std::vector<Finding> findings;
  int dropped = 0;
};
Expected<SarifFindings> findings_from_sarif(std::string_view sarif_text, const VoteRequest& request,
                                            std::string_view voter_id, std::string_view default_category);

/// A voter that runs an external command. Thread-safe (each submit uses its own temporary
/// directory and pipes); CPU-bound from the engine's view: submit blocks the calling TBB
/// worker until the command exits or times out, then calls `done` before returning.
/// Abstains (never throws) on: no post-image for `{file}`, spawn failure, timeout, output
/// too large, non-zero exit without SARIF, unparseable output.
class CommandVoter final : public Voter {
 public:
  explicit CommandVoter(CommandVoterConfig config);
  std::string_view id() const override { return m_config.id; }
  VoterKind kind() const override { return VoterKind::command; }
  void submit(const VoteRequest& request, BallotCallback done) override;

 private:
  Ballot run(const VoteRequest& request) const;
  CommandVoterConfig m_config;
};

}  // namespace review
