// Process exit codes, per DESIGN.md "Command-line contract".
#pragma once

#include "util/error.h"

namespace review {

enum class ExitCode : int {
  clean = 0,          ///< nothing confirmed at/above --fail-on
  findings = 1,       ///< a confirmed finding at/above --fail-on
  usage = 2,          ///< usage, configuration or input error
  backend = 3,        ///< reviewer backend failure under a fail-closed policy
  interrupted = 130,  ///< interrupted by a signal
};

/// The exit code for an error that reached the top layer.
inline ExitCode exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::backend: return ExitCode::backend;
    case ErrorKind::interrupted: return ExitCode::interrupted;
    default: return ExitCode::usage;
  }
}

}  // namespace review
