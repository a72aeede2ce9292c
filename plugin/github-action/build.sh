#!/usr/bin/env bash
# Finds or builds the `review` binary for the action and prints its path to $GITHUB_OUTPUT
# as review-bin. Order: the review-path input (REVIEW_PATH), `review` on PATH, else a
# release build of this action's own source tree (Debian/Ubuntu packages via scripts/setup).
set -euo pipefail
out() { if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "review-bin=$1" >>"$GITHUB_OUTPUT"; fi; echo "review: using $1"; }

if [ -n "${REVIEW_PATH:-}" ]; then
  [ -x "$REVIEW_PATH" ] || { echo "::error title=review::review-path '$REVIEW_PATH' is not an executable"; exit 2; }
  out "$REVIEW_PATH"
  exit 0
fi
if found=$(command -v review 2>/dev/null); then
  out "$found"
  exit 0
fi
source_root=$(cd "$(dirname "$0")/../.." && pwd)
echo "::group::review: build from $source_root"
"$source_root/scripts/setup"
cmake -S "$source_root" --preset release >/dev/null
cmake --build "$source_root/build/release" --target review -j "$(nproc)"
echo "::endgroup::"
out "$source_root/build/release/review"
