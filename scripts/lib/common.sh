#!/usr/bin/env bash
# Shared settings of the kit's scripts: the ONE place for the stack name, the local endpoint and how `aws` is called.
# Sourced, not run.

KIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export KIT_ROOT

# Local Lambda endpoint (as `sam local start-lambda`): LOCAL_LAMBDA_PORT overrides the port.
KIT_LOCAL_PORT="${LOCAL_LAMBDA_PORT:-3001}"
export KIT_LOCAL_ENDPOINT="http://127.0.0.1:${KIT_LOCAL_PORT}"
# Where scripts/local-lambda.sh keeps the server's pid, owner and log (LOCAL_LAMBDA_STATE_DIR overrides).
export KIT_LOCAL_STATE_DIR="${LOCAL_LAMBDA_STATE_DIR:-${KIT_ROOT}/.local-lambda}"
# The stack name the local Lambda gives AWS::StackName (functions carry it as KIT_STACK).
export KIT_LOCAL_STACK="local"

# Stack name on AWS: samconfig.toml's stack_name, unless --stack says otherwise.
kit_default_stack() {
  local name
  name="$(sed -n 's/^[[:space:]]*stack_name[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' "${KIT_ROOT}/samconfig.toml" 2>/dev/null | head -n 1)"
  echo "${name:-lambda-tuning-kit}"
}

# Endpoint every `aws` call goes to: empty = the real AWS. KIT_AWS_ENDPOINT_URL points the AWS path at local stand-ins
# (the tests use it); the local target sets it to the local Lambda.
KIT_ENDPOINT="${KIT_AWS_ENDPOINT_URL:-}"

# pid of the command kit_wait runs (empty when none): a signal handler stops it.
KIT_CHILD=""

# Runs a command in the background and waits for it. A trapped INT/TERM interrupts `wait` at once (bash runs a trap only
# after a foreground command ends), so the handler can stop the command instead of waiting for it. In a subshell (a
# command substitution) it runs in the foreground: there the traps are reset, a Ctrl-C ends the subshell, and the
# command must get the signal too (a background command of a non-interactive shell ignores SIGINT).
kit_wait() {
  local rc=0
  if ((BASH_SUBSHELL > 0)); then
    # an explicit status: a bare `return` in a function called from a trap handler (the EXIT clean-up) returns the
    # status the trap interrupted (e.g. 130), not this command's
    "$@"
    return $?
  fi
  "$@" &
  KIT_CHILD=$!
  wait "${KIT_CHILD}" || rc=$?
  KIT_CHILD=""
  return "${rc}"
}

kit_aws() {
  if [[ -n "${KIT_ENDPOINT}" ]]; then
    kit_wait aws --endpoint-url "${KIT_ENDPOINT}" "$@"
  else
    kit_wait aws "$@"
  fi
}

# Stops a process and everything it started (children first), by pid: TERM, then KILL after a grace period.
kit_kill_tree() {
  local pid="$1" child
  [[ -n "${pid}" ]] || return 0
  for child in $(ps -o pid= --ppid "${pid}" 2>/dev/null); do
    kit_kill_tree "${child}"
  done
  kill -TERM "${pid}" 2>/dev/null || true
}

kit_log() {
  printf '%s\n' "$*" >&2
}

kit_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

kit_now_ms() {
  date +%s%3N
}

# The options both runners (run-experiments.sh, tune.sh) take alike, read into the variables of the same name.
# kit_run_option_defaults sets their defaults (each runner applies its target's defaults later).
# shellcheck disable=SC2034 # the runners' own variables, read by the scripts that source this file
kit_run_option_defaults() {
  target="local"
  memory=""
  cold=""
  warm=""
  region=""
  run_id=""
  make_report=1
}

# How many words the option kit_run_option or a runner's own option reader just read.
kit_option_words=0

# kit_run_option ARGS...: reads the first option if it is a shared one (kit_option_words = the words it took), else
# sets kit_option_words to 0.
# shellcheck disable=SC2034 # the variables are the runners' own, read by the scripts that source this file
kit_run_option() {
  kit_option_words=2
  case "$1" in
    --target) target="${2:?--target needs local or aws}" ;;
    --memory) memory="${2:?--memory needs a list}" ;;
    --cold) cold="${2:?--cold needs a number}" ;;
    --warm) warm="${2:?--warm needs a number}" ;;
    --region) region="${2:?--region needs a region}" ;;
    --run-id) run_id="${2:?--run-id needs a name}" ;;
    --no-report) make_report=0; kit_option_words=1 ;;
    *) kit_option_words=0 ;;
  esac
}

# kit_read_options OWN_READER ARGS...: reads the whole command line, the shared options by kit_run_option and every
# other word by the runner's OWN_READER (called with the remaining arguments; it sets kit_option_words, and answers
# --help and unknown words itself).
kit_read_options() {
  local own_reader="$1"
  shift
  while (($# > 0)); do
    kit_run_option "$@"
    if ((kit_option_words == 0)); then
      "${own_reader}" "$@"
    fi
    shift "${kit_option_words}"
  done
}

# Exits with a message unless every tool named is on PATH.
kit_require_tools() {
  local tool missing=()
  for tool in "$@"; do
    command -v "${tool}" >/dev/null 2>&1 || missing+=("${tool}")
  done
  ((${#missing[@]} == 0)) || kit_die "missing tools: ${missing[*]} (needed: $*; see README.md)"
}

# Every later aws call goes to this region (when one is given).
kit_use_region() {
  if [[ -n "$1" ]]; then
    export AWS_DEFAULT_REGION="$1" AWS_REGION="$1"
  fi
}

# Points every later kit_aws call at the local Lambda. It checks no credentials, but the aws CLI wants some: dummy
# ones, so that no real ones go to it.
kit_use_local_endpoint() {
  KIT_ENDPOINT="${KIT_LOCAL_ENDPOINT}"
  export AWS_ACCESS_KEY_ID="local" AWS_SECRET_ACCESS_KEY="local"
  unset AWS_SESSION_TOKEN AWS_PROFILE
}

# The local Lambda's /_local/info (machine, CPU limit mode, JDKs), logged in one line; exits when it does not answer.
kit_local_info() {
  local info
  info="$(curl -fsS --max-time 5 "${KIT_LOCAL_ENDPOINT}/_local/info")" || kit_die "no /_local/info at ${KIT_LOCAL_ENDPOINT}"
  kit_log "local Lambda at ${KIT_LOCAL_ENDPOINT}: cpu limit $(jq -r '.cpuLimitMode' <<<"${info}")"
  printf '%s\n' "${info}"
}

# Whether a local Lambda answers on the kit's local endpoint.
kit_local_lambda_answers() {
  curl -fsS --max-time 2 "${KIT_LOCAL_ENDPOINT}/_local/info" >/dev/null 2>&1
}

# Facts of the machine a run's script runs on, for run.json: {cpuModel, cores, os}.
kit_host_json() {
  local cpu_model cores
  cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
  cores="$(nproc 2>/dev/null || echo 0)"
  jq -cn --arg cpuModel "${cpu_model:-unknown}" --argjson cores "${cores}" --arg os "$(uname -srm)" \
    '{cpuModel: $cpuModel, cores: $cores, os: $os}'
}

# jq definitions both runners' run.json share: the machine (the local Lambda's view of it when there is one) and the
# JDKs the local Lambda runs the functions on.
# shellcheck disable=SC2016,SC2034 # jq variables, not shell ones; read by the scripts that source this file
KIT_JQ_RUN_FACTS='
  def machine($info; $host): {cpuModel: ($info.cpuModel // $host.cpuModel), cores: ($info.cores // $host.cores), os: $host.os};
  def local_jdks($info): [$info.jdks // {} | to_entries[] | "\(.key): \(.value.version // "?")"
                          + (if .value.exact == false then " (nearest)" else "" end)] | join(", ");'

# A free TCP port on 127.0.0.1.
kit_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Bucket the local target creates in moto_server for sdk-slimming.
export KIT_LOCAL_BUCKET="kit-local-bucket"

# Events the runner sends (events/<technique>.json); KIT_EVENTS_DIR overrides the folder (the e2e tests use it to send a
# bad event and check how a failing function is reported).
export KIT_EVENTS_DIR="${KIT_EVENTS_DIR:-${KIT_ROOT}/events}"

# The last step of a run or a sweep: build the report from the raw lines (unless --no-report) and exit 1 when calls
# failed; what was collected stays either way. The caller defines fail().
# Usage: kit_finish_run MAKE_REPORT FAILURES ERROR_MESSAGE REPORT_ARGS...
kit_finish_run() {
  local make_report="$1" failures="$2" message="$3"
  shift 3
  if ((make_report)); then
    kit_wait "${KIT_ROOT}/scripts/report.sh" "$@" || fail "the report could not be built (raw lines are kept)"
  fi
  if ((failures > 0)); then
    kit_log "error: ${message}"
    exit 1
  fi
}
