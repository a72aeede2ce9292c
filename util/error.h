// Error values for every layer below plugin/: functions return Expected<T>, and
// plugin/main catches once and maps ErrorKind to an exit code (util/exit_code.h).
// Messages are one line, meant for the user, and never contain API keys.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace review {

/// What went wrong, coarse enough to pick an exit code from.
enum class ErrorKind {
  usage,        ///< bad flags or arguments (exit 2)
  config,       ///< bad configuration file or value (exit 2)
  input,        ///< bad input: not a repository, unknown ref, malformed patch (exit 2)
  backend,      ///< a reviewer backend failed under a fail-closed policy (exit 3)
  interrupted,  ///< SIGINT/SIGTERM (exit 130)
  internal,     ///< a bug; reported as input error (exit 2) with the message
};

/// A one-line, user-facing error.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
};

/// The result of an operation that can fail: a T or an Error.
template <class T>
using Expected = std::expected<T, Error>;

/// Builds the error side of an Expected: `return fail(ErrorKind::input, "no such ref")`.
inline std::unexpected<Error> fail(ErrorKind kind, std::string message) {
  return std::unexpected<Error>(Error{kind, std::move(message)});
}

}  // namespace review
