#!/usr/bin/env bash
# The GitHub Action's logic (plugin/github-action/action.yml calls it; tests run it locally
# with a simulated GitHub environment). It reviews a pull request the way DESIGN.md
# "Pull requests in Actions" says: GITHUB_SHA is a test merge commit, so the change is
# pull_request.head.sha against its merge-base with the base branch; a shallow checkout is
# deepened step by step until the merge-base is there, or the step fails with a clear message.
#
# Writes: SARIF to $INPUT_SARIF_FILE (for github/codeql-action/upload-sarif), the Markdown
# report to $GITHUB_STEP_SUMMARY, annotations (workflow commands) to stdout, JSON to
# $INPUT_JSON_FILE when set, and to $GITHUB_OUTPUT: findings (unsuppressed findings in the
# report), confirmed (of those, confirmed), sarif-file, json-file, exit-code.
# Exits with review's exit code: 0 clean, 1 findings at/above fail-on, 2 usage/input
# error (including "cannot find the merge-base"), 3 backend failure under fail-closed.
#
# Environment (the action maps its inputs to these):
#   GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_SHA  (GitHub)
#   REVIEW_BIN              the review binary (default: review on PATH)
#   INPUT_BASE_REF          base branch (default: the event's pull_request.base.ref)
#   INPUT_REMOTE            remote to fetch from (default: origin)
#   INPUT_FAIL_ON           none|info|low|medium|high|critical (default: high)
#   INPUT_MIN_CONFIDENCE    0..1 (default: review's)
#   INPUT_FORMATS           comma list of sarif, markdown, github, json (default: sarif,markdown,github)
#   INPUT_SARIF_FILE        default: review.sarif (relative to the workspace)
#   INPUT_JSON_FILE         default: review.json when formats has json
#   INPUT_LLM_PROVIDER, INPUT_LLM_URL, INPUT_LLM_MODEL, INPUT_POLICY, INPUT_SHARD
#   INPUT_TRUST_REPO_CONFIG true to let the repository's .review.toml choose the LLM endpoint
#   INPUT_DEEPEN_STEP       commits per deepening fetch (default 50, doubled each time)
#   INPUT_DEEPEN_TRIES      deepening fetches before giving up (default 6)
#   INPUT_ARGS              extra arguments for review (split on spaces)
set -euo pipefail

die() {  # one clear line as an error annotation, exit 2 (input error)
  local message=${1//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  message=${message//$'\n'/'%0A'}
  echo "::error title=review::$message"
  echo "review action: $1" >&2
  write_output exit-code 2
  exit 2
}

write_output() {  # name value → $GITHUB_OUTPUT (values never contain newlines here)
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s=%s\n' "$1" "${2//$'\n'/ }" >>"$GITHUB_OUTPUT"
  fi
}

have_commit() { git cat-file -e "$1^{commit}" 2>/dev/null; }

: "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}"
: "${GITHUB_EVENT_PATH:?GITHUB_EVENT_PATH is not set}"
review_bin=${REVIEW_BIN:-review}
command -v "$review_bin" >/dev/null 2>&1 || die "cannot run review at '$review_bin'"
command -v jq >/dev/null 2>&1 || die "jq is needed to read the event payload"
cd "$GITHUB_WORKSPACE"
git rev-parse --git-dir >/dev/null 2>&1 || die "$GITHUB_WORKSPACE is not a git checkout; add actions/checkout before this step"

head_sha=$(jq -r '.pull_request.head.sha // empty' "$GITHUB_EVENT_PATH")
base_ref=${INPUT_BASE_REF:-$(jq -r '.pull_request.base.ref // empty' "$GITHUB_EVENT_PATH")}
if [ -z "$head_sha" ]; then
  # Not a pull_request event (push, workflow_dispatch): review the checked-out commit
  # against the base branch given as input.
  [ -n "${INPUT_BASE_REF:-}" ] || die "not a pull_request event and no base-ref input: nothing to compare against"
  head_sha=${GITHUB_SHA:-$(git rev-parse HEAD)}
fi
[ -n "$base_ref" ] || die "cannot tell the base branch: set the base-ref input"
[[ $head_sha =~ ^[0-9a-f]{40}$ ]] || die "pull_request.head.sha is not a commit id: '$head_sha'"
[[ $base_ref != -* && $base_ref != *..* ]] || die "bad base-ref: '$base_ref'"

remote=${INPUT_REMOTE:-origin}
base_tracking="refs/remotes/$remote/$base_ref"
step=${INPUT_DEEPEN_STEP:-50}
tries=${INPUT_DEEPEN_TRIES:-6}
refspecs=("+$head_sha:refs/review/head" "+refs/heads/$base_ref:$base_tracking")

echo "::group::review: find the merge-base of $base_ref and ${head_sha:0:12}"
if ! have_commit "$head_sha" || ! git rev-parse -q --verify "$base_tracking^{commit}" >/dev/null; then
  depth=()
  [ "$(git rev-parse --is-shallow-repository)" = true ] && depth=(--depth="$step")
  git fetch --no-tags --quiet "${depth[@]}" "$remote" "${refspecs[@]}" ||
    die "cannot fetch $head_sha and branch $base_ref from $remote"
fi
attempt=0
until merge_base=$(git merge-base "$base_tracking" "$head_sha" 2>/dev/null); do
  if [ "$(git rev-parse --is-shallow-repository)" != true ]; then
    die "$base_ref and ${head_sha:0:12} have no common ancestor: nothing to compare"
  fi
  attempt=$((attempt + 1))
  if [ "$attempt" -gt "$tries" ]; then
    die "cannot find the merge-base of $base_ref and ${head_sha:0:12}: the checkout is shallow and $tries deepening fetches did not reach it; use actions/checkout with fetch-depth: 0"
  fi
  echo "shallow checkout: fetching $step more commits of each side"
  git fetch --no-tags --quiet --deepen="$step" "$remote" "${refspecs[@]}" ||
    die "cannot deepen the shallow checkout from $remote; use actions/checkout with fetch-depth: 0"
  step=$((step * 2))
done
echo "reviewing $merge_base..$head_sha"
echo "::endgroup::"

formats=${INPUT_FORMATS:-sarif,markdown,github}
sarif_file=${INPUT_SARIF_FILE:-review.sarif}
json_file=${INPUT_JSON_FILE:-}
scratch=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/review-action.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
args=(--range "$merge_base..$head_sha" --fail-on "${INPUT_FAIL_ON:-high}" --no-progress --color never
      --output "json=$scratch/report.json")
stdout_format=text
IFS=',' read -r -a wanted <<<"$formats"
for f in "${wanted[@]}"; do
  case "${f// /}" in
    sarif) args+=(--output "sarif=$sarif_file") ;;
    markdown) args+=(--output "markdown=$scratch/report.md") ;;
    github) stdout_format=github ;;
    json) json_file=${json_file:-review.json} ;;
    "") ;;
    *) die "unknown format '$f' in formats (sarif, markdown, github, json)" ;;
  esac
done
[ -z "$json_file" ] || args+=(--output "json=$json_file")
args+=(--format "$stdout_format")
[ -z "${INPUT_MIN_CONFIDENCE:-}" ] || args+=(--min-confidence "$INPUT_MIN_CONFIDENCE")
[ -z "${INPUT_LLM_PROVIDER:-}" ] || args+=(--llm "$INPUT_LLM_PROVIDER")
[ -z "${INPUT_LLM_URL:-}" ] || args+=(--llm-url "$INPUT_LLM_URL")
[ -z "${INPUT_LLM_MODEL:-}" ] || args+=(--llm-model "$INPUT_LLM_MODEL")
[ -z "${INPUT_POLICY:-}" ] || args+=(--policy "$INPUT_POLICY")
[ -z "${INPUT_SHARD:-}" ] || args+=(--shard "$INPUT_SHARD")
[ "${INPUT_TRUST_REPO_CONFIG:-false}" != true ] || args+=(--trust-repo-config)
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi

set +e
"$review_bin" "${args[@]}"
status=$?
set -e

if [ -f "$scratch/report.md" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$scratch/report.md" >>"$GITHUB_STEP_SUMMARY"
fi
findings=0
confirmed=0
if [ -f "$scratch/report.json" ]; then
  findings=$(jq '[.findings[] | select(.suppressed != true)] | length' "$scratch/report.json")
  confirmed=$(jq '[.findings[] | select(.suppressed != true and .status == "confirmed")] | length' "$scratch/report.json")
fi
write_output findings "$findings"
write_output confirmed "$confirmed"
if [[ ",${formats// /}," == *,sarif,* ]]; then write_output sarif-file "$sarif_file"; fi
[ -z "$json_file" ] || write_output json-file "$json_file"
write_output exit-code "$status"
exit "$status"
