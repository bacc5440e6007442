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

# A free TCP port on 127.0.0.1.
kit_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Bucket the local target creates in moto_server for sdk-slimming.
export KIT_LOCAL_BUCKET="kit-local-bucket"

# Events the runner sends (events/<technique>.json); KIT_EVENTS_DIR overrides the folder (the e2e tests use it to send a
# bad event and check how a failing function is reported).
export KIT_EVENTS_DIR="${KIT_EVENTS_DIR:-${KIT_ROOT}/events}"
