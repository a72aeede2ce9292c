// JSON spellings of the diff model's enums.
#include "git/diff_model.h"

namespace review {

const char* to_string(DeltaStatus status) {
  switch (status) {
    case DeltaStatus::added: return "added";
    case DeltaStatus::modified: return "modified";
    case DeltaStatus::deleted: return "deleted";
    case DeltaStatus::renamed: return "renamed";
    case DeltaStatus::copied: return "copied";
    case DeltaStatus::type_change: return "type_change";
  }
  return "modified";
}

const char* to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::staged: return "staged";
    case SourceKind::worktree: return "worktree";
    case SourceKind::commit: return "commit";
    case SourceKind::range: return "range";
    case SourceKind::base: return "base";
    case SourceKind::patch: return "patch";
  }
  return "worktree";
}

}  // namespace review
