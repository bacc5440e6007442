#!/usr/bin/env bash
# Starts, stops and reports on the kit's local Lambda (local-lambda/target/local-lambda.jar) in the background.
# State (pid, server log, build cache) lives in .local-lambda/ at the repository root.
set -euo pipefail

usage() {
  cat <<'TXT'
Usage: scripts/local-lambda.sh start [--template FILE] [--env-vars FILE] [--port N] [-- EXTRA_SERVER_ARGS...]
       scripts/local-lambda.sh stop
       scripts/local-lambda.sh status
       scripts/local-lambda.sh --help

start   builds local-lambda/target/local-lambda.jar when missing or older than its sources, starts the server in the
        background (pid and log in .local-lambda/) and returns once it serves (GET /_local/info answers).
        Defaults: --template template.yaml, --port 3001 (LOCAL_LAMBDA_PORT overrides the default).
        Arguments after -- go to the server as is (e.g. -- --max-environments 4 --parameter-overrides JavaRuntime=java21).
stop    stops the server (SIGTERM, then SIGKILL after 20 s) if the pid file names a running local Lambda (checked
        by its command line, never another process that reused the pid); it kills its child JVMs and removes its
        cgroups, and removes what hard-killed servers left (their cgroups; private /tmp folders when none runs).
status  prints whether it runs, and its /_local/info.
TXT
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# LOCAL_LAMBDA_STATE_DIR lets two local Lambdas (say, a test and a workshop run) live side by side.
state_dir="${LOCAL_LAMBDA_STATE_DIR:-${root}/.local-lambda}"
pid_file="${state_dir}/server.pid"
port_file="${state_dir}/server.port"
log_file="${state_dir}/server.log"
jar="${root}/local-lambda/target/local-lambda.jar"

die() {
  echo "local-lambda.sh: $*" >&2
  exit 1
}

running_pid() {
  local pid
  [[ -f "${pid_file}" ]] || return 1
  pid="$(cat "${pid_file}")"
  [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null || return 1
  echo "${pid}"
}

jar_is_stale() {
  [[ -f "${jar}" ]] || return 0
  [[ -d "${root}/local-lambda/target/runtime" ]] || return 0
  local newer
  newer="$(find "${root}/local-lambda/src/main" "${root}/local-lambda/pom.xml" "${root}/pom.xml" -newer "${jar}" -type f -print -quit)"
  [[ -n "${newer}" ]]
}

build_jar() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ to build the local Lambda"
  echo "local-lambda.sh: building local-lambda/target/local-lambda.jar"
  # the module's parent is the root pom: make sure it is installed (non-recursive) before building the module alone
  if ! mvn -B -q -f "${root}/local-lambda/pom.xml" package -DskipTests; then
    mvn -B -q -N -f "${root}/pom.xml" install
    mvn -B -q -f "${root}/local-lambda/pom.xml" package -DskipTests
  fi
}

info_url() {
  echo "http://127.0.0.1:$1/_local/info"
}

cmd_start() {
  local template="template.yaml" env_vars="" port="${LOCAL_LAMBDA_PORT:-3001}"
  local -a extra=()
  while (($# > 0)); do
    case "$1" in
      --template) [[ $# -ge 2 ]] || die "--template needs a file"; template="$2"; shift 2 ;;
      --env-vars) [[ $# -ge 2 ]] || die "--env-vars needs a file"; env_vars="$2"; shift 2 ;;
      --port) [[ $# -ge 2 ]] || die "--port needs a number"; port="$2"; shift 2 ;;
      --help|-h) usage; exit 0 ;;
      --) shift; extra=("$@"); break ;;
      *) die "unknown option $1 (see --help)" ;;
    esac
  done
  [[ "${port}" =~ ^[0-9]+$ ]] || die "port must be a number, got ${port}"
  [[ -f "${template}" ]] || die "template ${template} not found"
  if [[ -n "${env_vars}" && ! -f "${env_vars}" ]]; then
    die "env-vars file ${env_vars} not found"
  fi
  local pid
  if pid="$(running_pid)"; then
    die "already running (pid ${pid}, port $(cat "${port_file}" 2>/dev/null || echo "?")); run: scripts/local-lambda.sh stop"
  fi
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17+"
  mkdir -p "${state_dir}"
  if jar_is_stale; then
    build_jar
  fi
  local -a args=(--template "${template}" --port "${port}" --state-dir "${state_dir}")
  if [[ -n "${env_vars}" ]]; then
    args+=(--env-vars "${env_vars}")
  fi
  if ((${#extra[@]} > 0)); then
    args+=("${extra[@]}")
  fi
  nohup java -jar "${jar}" "${args[@]}" >"${log_file}" 2>&1 </dev/null &
  pid=$!
  echo "${pid}" >"${pid_file}"
  echo "${port}" >"${port_file}"
  local url
  url="$(info_url "${port}")"
  # the first start builds every CodeUri (eager build): allow LOCAL_LAMBDA_START_TIMEOUT seconds (default 900)
  local deadline=$((SECONDS + ${LOCAL_LAMBDA_START_TIMEOUT:-900}))
  while ((SECONDS < deadline)); do
    if ! kill -0 "${pid}" 2>/dev/null; then
      rm -f "${pid_file}"
      echo "local-lambda.sh: the server exited during start; last lines of ${log_file}:" >&2
      tail -n 40 "${log_file}" >&2 || true
      exit 1
    fi
    if grep -q "local-lambda ready on" "${log_file}" 2>/dev/null && curl -fsS -m 2 "${url}" >/dev/null 2>&1; then
      grep -v "^local-lambda ready" "${log_file}" | sed 's/^/  /' || true
      echo "local-lambda ready on http://127.0.0.1:${port} (pid ${pid}, log ${log_file})"
      return 0
    fi
    sleep 0.5
  done
  echo "local-lambda.sh: not ready after ${LOCAL_LAMBDA_START_TIMEOUT:-900} s; last lines of ${log_file}:" >&2
  tail -n 40 "${log_file}" >&2 || true
  cmd_stop >/dev/null 2>&1 || true
  exit 1
}

# Whether pid is a local Lambda server (its command line runs local-lambda.jar or locallambda.Main): a pid file left
# by a hard-killed server may name a pid the system has since given to an unrelated process, which must not be signalled.
is_server_pid() {
  local pid="$1" cmdline
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  if [[ -r "/proc/${pid}/cmdline" ]]; then
    cmdline="$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null)" || return 1
  else
    cmdline="$(ps -o args= -p "${pid}" 2>/dev/null)" || return 1
  fi
  [[ "${cmdline}" == *local-lambda.jar* || "${cmdline}" == *locallambda.Main* ]]
}

# Kills what runs in a server's cgroups (local-lambda-<pid>) and removes them; for a server that is gone.
remove_cgroups_of() {
  local pid="$1" group procs p
  for group in /sys/fs/cgroup/cpu/local-lambda-"${pid}" /sys/fs/cgroup/memory/local-lambda-"${pid}" \
    /sys/fs/cgroup/local-lambda-"${pid}" /sys/fs/cgroup/unified/local-lambda-"${pid}"; do
    [[ -d "${group}" ]] || continue
    while IFS= read -r procs; do
      while IFS= read -r p; do
        if [[ -n "${p}" ]]; then
          kill -KILL "${p}" 2>/dev/null || true
        fi
      done <"${procs}"
    done < <(find "${group}" -name cgroup.procs)
    sleep 0.2
    find "${group}" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

# Removes what hard-killed servers left behind: cgroups of any local-lambda-<pid> whose pid is no running server, and
# (when no server runs at all) the environments' private /tmp folders.
remove_stale() {
  local dir base pid any=0
  for dir in /sys/fs/cgroup/cpu/local-lambda-* /sys/fs/cgroup/memory/local-lambda-* /sys/fs/cgroup/local-lambda-* \
    /sys/fs/cgroup/unified/local-lambda-*; do
    [[ -d "${dir}" ]] || continue
    base="$(basename "${dir}")"
    pid="${base#local-lambda-}"
    [[ "${pid}" =~ ^[0-9]+$ ]] || continue
    is_server_pid "${pid}" || remove_cgroups_of "${pid}"
  done
  for dir in /proc/[0-9]*; do
    if is_server_pid "${dir#/proc/}"; then
      any=1
      break
    fi
  done
  if [[ "${any}" == 0 ]]; then
    find "${TMPDIR:-/tmp}" -maxdepth 1 -type d -name 'local-lambda-tmp-*' -user "$(id -u)" -exec rm -rf {} + 2>/dev/null || true
  fi
}

cmd_stop() {
  local pid=""
  [[ -f "${pid_file}" ]] && pid="$(cat "${pid_file}")"
  if [[ -z "${pid}" ]] || ! kill -0 "${pid}" 2>/dev/null || ! is_server_pid "${pid}"; then
    # gone (or the pid now belongs to another process, which is left alone): clean up what a hard kill left behind
    [[ "${pid}" =~ ^[0-9]+$ ]] && ! is_server_pid "${pid}" && remove_cgroups_of "${pid}"
    remove_stale
    rm -f "${pid_file}"
    echo "local-lambda: not running"
    return 0
  fi
  kill -TERM "${pid}" 2>/dev/null || true
  local i
  for ((i = 0; i < 40; i++)); do
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "${pid}" 2>/dev/null && is_server_pid "${pid}"; then
    echo "local-lambda.sh: pid ${pid} did not stop after SIGTERM; sending SIGKILL" >&2
    kill -KILL "${pid}" 2>/dev/null || true
    sleep 0.5
  fi
  # after a SIGKILL the server could not clean up: kill its environments and remove its cgroups here
  remove_cgroups_of "${pid}"
  remove_stale
  rm -f "${pid_file}"
  echo "local-lambda: stopped (pid ${pid})"
}

cmd_status() {
  local pid port
  if pid="$(running_pid)"; then
    port="$(cat "${port_file}" 2>/dev/null || echo 3001)"
    echo "local-lambda: running (pid ${pid}) on http://127.0.0.1:${port}"
    curl -fsS -m 5 "$(info_url "${port}")" || echo "local-lambda: /_local/info does not answer"
    echo
  else
    echo "local-lambda: not running"
    return 3
  fi
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop ;;
  status) shift; cmd_status ;;
  --help|-h|help) usage ;;
  "") usage >&2; exit 2 ;;
  *) echo "local-lambda.sh: unknown command $1" >&2; usage >&2; exit 2 ;;
esac
