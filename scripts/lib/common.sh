#!/usr/bin/env bash
# Shared settings of the kit's scripts: the ONE place for the local endpoint, how `aws` and the runner are called, and
# how a run shares the local Lambda. Sourced, not run.

KIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export KIT_ROOT

# Local Lambda endpoint (as `sam local start-lambda`): LOCAL_LAMBDA_PORT overrides the port.
KIT_LOCAL_PORT="${LOCAL_LAMBDA_PORT:-3001}"
export KIT_LOCAL_ENDPOINT="http://127.0.0.1:${KIT_LOCAL_PORT}"
# Where scripts/local-lambda.sh keeps the server's pid and log (LOCAL_LAMBDA_STATE_DIR overrides).
export KIT_LOCAL_STATE_DIR="${LOCAL_LAMBDA_STATE_DIR:-${KIT_ROOT}/.local-lambda}"

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

# Stops what kit_wait runs (TERM) and waits until it ended: the runner then stops its own call, writes run.json, and
# (tune) puts the function's configuration back.
kit_stop_child() {
  [[ -n "${KIT_CHILD}" ]] || return 0
  kill -TERM "${KIT_CHILD}" 2>/dev/null || true
  wait "${KIT_CHILD}" 2>/dev/null || true
  KIT_CHILD=""
}

# Stops a process and everything it started (children first), by pid.
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

# Every later aws call goes to this region (when one is given).
kit_use_region() {
  if [[ -n "$1" ]]; then
    export AWS_DEFAULT_REGION="$1" AWS_REGION="$1"
  fi
}

# For the aws CLI calls of a local run (local-lambda.sh invoke, the moto bucket's s3api; the runner itself calls the
# local Lambda over HTTP): the local endpoints check no credentials, but the CLI wants some; dummy ones, so that no real
# ones go to them.
kit_use_local_endpoint() {
  export AWS_ACCESS_KEY_ID="local" AWS_SECRET_ACCESS_KEY="local"
  unset AWS_SESSION_TOKEN AWS_PROFILE
}

# Whether a local Lambda answers on the kit's local endpoint.
kit_local_lambda_answers() {
  curl -fsS --max-time 2 "${KIT_LOCAL_ENDPOINT}/_local/info" >/dev/null 2>&1
}

# A free TCP port on 127.0.0.1.
kit_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Bucket the local target creates in moto_server for the techniques that list it.
export KIT_LOCAL_BUCKET="kit-local-bucket"

# Events the runner sends (events/<technique>.json); KIT_EVENTS_DIR overrides the folder (the e2e tests use it to send a
# bad event and check how a failing function is reported).
export KIT_EVENTS_DIR="${KIT_EVENTS_DIR:-${KIT_ROOT}/events}"

# --- the runner (runner/, Java): what run-experiments.sh and tune.sh run once their target is up ----------------------
KIT_RUNNER_CP="${KIT_ROOT}/report/target/report.jar:${KIT_ROOT}/runner/target/runner.jar"

# Builds report.jar and runner.jar when missing or older than their sources (and the root pom).
kit_build_runner() {
  local jar stale=""
  for jar in report runner; do
    [[ -f "${KIT_ROOT}/${jar}/target/${jar}.jar" ]] || stale=1
  done
  if [[ -z "${stale}" ]]; then
    stale="$(find "${KIT_ROOT}/runner/src/main" "${KIT_ROOT}/runner/pom.xml" "${KIT_ROOT}/report/src/main" \
      "${KIT_ROOT}/report/pom.xml" "${KIT_ROOT}/pom.xml" -newer "${KIT_ROOT}/runner/target/runner.jar" -type f -print -quit)"
  fi
  [[ -n "${stale}" ]] || return 0
  kit_log "building the runner (report/, runner/) ..."
  mvn -B -q -f "${KIT_ROOT}/pom.xml" -pl report,runner package -DskipTests >&2 || kit_die "the runner did not build"
}

# kit_runner COMMAND ARGS...: the runner in the background (kit_wait), so that a signal reaches the script at once.
kit_runner() {
  kit_wait java -cp "${KIT_RUNNER_CP}" runner.Main "$@"
}

# kit_runner_check COMMAND ARGS...: a runner's checks; prints the results folder it made (on bad input: the runner's
# status, after its message).
kit_runner_check() {
  java -cp "${KIT_RUNNER_CP}" runner.Main "$@"
}

# --- sharing the local Lambda between runs: leases held by the server (/_local/leases), one per run's pid ------------
KIT_LEASE_HEADER="X-Local-Lambda-Lease: 1"

# kit_lease METHOD: takes (POST) or gives back (DELETE) this run's lease; prints the server's answer.
kit_lease() {
  curl -sS --max-time 5 -X "$1" -H "${KIT_LEASE_HEADER}" -w '\n%{http_code}' "${KIT_LOCAL_ENDPOINT}/_local/leases?pid=$$"
}

# kit_local_use START_ARGS...: uses the local Lambda on the port, or starts one that holds this run's lease from the
# start and stops itself when the last run using it ends (also when that run is killed). Then this run holds a lease
# on it until kit_local_release or its end.
KIT_LEASED=0
kit_local_use() {
  local answer code rc attempt
  for attempt in 1 2 3; do
    if ! kit_local_lambda_answers; then
      rc=0
      # not in a subshell: a signal must find the start in KIT_CHILD to stop it (and the server it is starting)
      kit_wait env LOCAL_LAMBDA_PORT="${KIT_LOCAL_PORT}" "${KIT_ROOT}/scripts/local-lambda.sh" start "$@" \
        -- --stop-when-unleased --lease-pid "$$" >&2 6>&- 7>&- || rc=$?
      if ((rc == 0)); then
        KIT_LEASED=1
        return 0
      fi
      # 3: another run started it meanwhile (it holds the state folder): use that one
      ((rc == 3)) || kit_die "the local Lambda did not start (see ${KIT_LOCAL_STATE_DIR}/server.log)"
    fi
    answer="$(kit_lease POST 2>&1)" || true
    code="${answer##*$'\n'}"
    answer="${answer%$'\n'*}"
    if [[ "${code}" == "200" ]]; then
      KIT_LEASED=1
      kit_log "using the local Lambda already running on port ${KIT_LOCAL_PORT}$(kit_local_says "${answer}")"
      return 0
    fi
    # 409: it is stopping (its last run just ended): wait until it is gone, then start one
    kit_log "the local Lambda on port ${KIT_LOCAL_PORT} is stopping; waiting to start another (attempt ${attempt}) ..."
    kit_local_await_gone
  done
  kit_die "could not take a lease on the local Lambda on port ${KIT_LOCAL_PORT}: ${answer}"
}

# What a lease answer says about the server: who else uses it, and whether it stays after this run.
kit_local_says() {
  jq -r --arg me "$$" '(.holders | map(tostring) | map(select(. != $me))) as $others
    | (if .stopsWhenUnleased then "; it stops when the last run using it ends" else "; this run leaves it running" end)
    + (if ($others | length) > 0 then "\nwarning: another run (pid \($others | join(","))) uses this local Lambda now:"
       + " both runs'"'"' calls share the CPUs and the functions, so the timings of both are disturbed" else "" end)' <<<"$1"
}

# Waits (up to 60 s) until the local Lambda no longer answers, its pid file is gone and its process ($1, when known)
# has ended.
kit_local_await_gone() {
  local pid="${1:-}" i
  for ((i = 0; i < 120; i++)); do
    if ! kit_local_lambda_answers && [[ ! -f "${KIT_LOCAL_STATE_DIR}/server.pid" ]] &&
      { [[ -z "${pid}" ]] || ! kill -0 "${pid}" 2>/dev/null; }; then
      return 0
    fi
    sleep 0.5
  done
}

# Gives this run's lease back; when it was the last one of a server that stops then, waits until it is gone (an answer
# cut short by that stop counts as such).
kit_local_release() {
  ((KIT_LEASED)) || return 0
  KIT_LEASED=0
  local answer pid
  pid="$(cat "${KIT_LOCAL_STATE_DIR}/server.pid" 2>/dev/null || true)"
  if ! answer="$(kit_lease DELETE 2>/dev/null)" || jq -e '.stopping' <<<"${answer%$'\n'*}" >/dev/null 2>&1; then
    kit_local_await_gone "${pid}"
  fi
}

# The last step of a run or a sweep: build the report from the raw lines (unless --no-report) and exit 1 when calls
# failed; what was collected stays either way.
# Usage: kit_finish_run MAKE_REPORT STATUS ERROR_MESSAGE REPORT_ARGS...
kit_finish_run() {
  local make_report="$1" status="$2" message="$3"
  shift 3
  if [[ "${make_report}" == "true" ]]; then
    kit_wait "${KIT_ROOT}/scripts/report.sh" "$@" || { kit_log "FAILED: the report could not be built (raw lines are kept)"; status=1; }
  fi
  if ((status != 0)); then
    kit_log "error: ${message}"
    exit 1
  fi
}
