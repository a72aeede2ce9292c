// Maps command-line options to a DiffRequest (shared by review, diff, plan, baseline).
#pragma once

#include "git/diff_source.h"
#include "plugin/options.h"

namespace review {

inline DiffRequest diff_request_from(const Options& options) {
  DiffRequest r;
  r.kind = options.source.kind;
  r.rev = options.source.rev;
  r.repo_path = options.repo_path;
  r.include_untracked = options.source.include_untracked;
  return r;
}

}  // namespace review
