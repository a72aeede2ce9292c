// JSON spellings of the finding, voter and voting enums.
#include "reviewers/finding.h"

#include "reviewers/voter.h"
#include "reviewers/voting_policy.h"

namespace review {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
  }
  return "info";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info") return Severity::info;
  if (text == "low") return Severity::low;
  if (text == "medium") return Severity::medium;
  if (text == "high") return Severity::high;
  if (text == "critical") return Severity::critical;
  return std::nullopt;
}

const char* to_string(FindingStatus status) {
  return status == FindingStatus::confirmed ? "confirmed" : "needs_review";
}

const char* to_string(VoterKind kind) {
  switch (kind) {
    case VoterKind::builtin: return "builtin";
    case VoterKind::llm: return "llm";
    case VoterKind::command: return "command";
  }
  return "builtin";
}

const char* to_string(Strategy strategy) {
  switch (strategy) {
    case Strategy::majority: return "majority";
    case Strategy::unanimous: return "unanimous";
    case Strategy::weighted: return "weighted";
    case Strategy::threshold: return "threshold";
    case Strategy::union_: return "union";
  }
  return "majority";
}

std::optional<Strategy> parse_strategy(std::string_view text) {
  if (text == "majority") return Strategy::majority;
  if (text == "unanimous") return Strategy::unanimous;
  if (text == "weighted") return Strategy::weighted;
  if (text == "threshold") return Strategy::threshold;
  if (text == "union") return Strategy::union_;
  return std::nullopt;
}

}  // namespace review
