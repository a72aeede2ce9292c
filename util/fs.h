// File helpers. Writes are atomic (temporary file in the same folder, then rename), so an
// interrupted run never leaves a partial report, cache entry or hook behind.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.h"

namespace review {

/// Reads a whole file as bytes. Error kind `input` naming the path when it cannot be read.
Expected<std::string> read_file(const std::filesystem::path& path);

/// Whether write_file_atomic waits for the data to reach the disk (fsync) before the
/// rename. `none` suits caches whose readers validate entries: after a crash an entry may
/// be empty, never partial-and-valid; readers never see a partial file either way.
enum class FileSync { fsync, none };

/// Writes `bytes` to `path` atomically: a temporary sibling is written, flushed and renamed
/// over `path`. On failure nothing is left behind and `path` is unchanged. `mode` is the
/// permission bits of the new file (e.g. 0755 for a hook).
Expected<void> write_file_atomic(const std::filesystem::path& path, std::string_view bytes,
                                 unsigned mode = 0644, FileSync sync = FileSync::fsync);

}  // namespace review
