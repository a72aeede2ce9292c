// Worker-thread limit for a command run, from --jobs. oneTBB reads the limit from a
// tbb::global_control object while it lives; make it once, early in the command, and keep
// it for the command's whole run (STYLE.md: "Set tbb::global_control once from --jobs").
#pragma once

#include <oneapi/tbb/global_control.h>

#include <memory>
#include <optional>

namespace review {

/// Limits oneTBB to `jobs` worker threads (including the calling thread) for as long as
/// the returned object lives; nullptr (no limit: all cores) when `jobs` is unset.
/// `jobs` >= 1 (CLI11 checks the range); smaller values are treated as 1.
inline std::unique_ptr<tbb::global_control> limit_parallelism(std::optional<int> jobs) {
  if (!jobs) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<size_t>(*jobs < 1 ? 1 : *jobs));
}

}  // namespace review
