#!/usr/bin/env bash
# Starts, stops and reports on the kit's local Lambda (local-lambda/target/local-lambda.jar) in the background.
# State (pid, server log, build cache) lives in .local-lambda/ at the repository root.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'TXT'
Usage: scripts/local-lambda.sh start [--template FILE] [--env-vars FILE] [--port N] [-- EXTRA_SERVER_ARGS...]
       scripts/local-lambda.sh stop
       scripts/local-lambda.sh status
       scripts/local-lambda.sh build
       scripts/local-lambda.sh invoke FUNCTION [-e EVENT_FILE] [--qualifier Q] [--template FILE]
       scripts/local-lambda.sh --help

start   builds local-lambda/target/local-lambda.jar when missing or older than its sources, starts the server in the
        background (it writes its pid to .local-lambda/server.pid, its log goes to server.log) and returns once it
        serves (GET /_local/info answers). Defaults: --template template.yaml, --port 3001 (LOCAL_LAMBDA_PORT overrides
        the default). Arguments after -- go to the server as is (e.g. -- --max-environments 4, or
        -- --stop-when-unleased --lease-pid PID as the runs start it: it then stops itself when the last run using it
        ends). One server per state folder: when another start on it is under way, this one waits until that server
        serves and exits with status 3.
stop    stops the server (SIGTERM, then SIGKILL after 20 s) if the pid file names a running local Lambda (checked
        by its command line, never another process that reused the pid); it kills its child JVMs and removes its
        cgroups, and removes what hard-killed servers left (their cgroups; private /tmp folders when none runs).
status  prints whether it runs, and its /_local/info.
build   only builds local-lambda/target/local-lambda.jar when missing or older than its sources (tune.sh reads templates with it).
invoke  as `sam local invoke`: invokes FUNCTION with EVENT_FILE (default: {}), prints the response payload on stdout
        and the function's decoded log (START/END/REPORT lines) on stderr. Uses the server running on the port and
        leaves it running; when none runs, starts one for this call from --template (default template.yaml) that
        builds only FUNCTION's code (--lazy-build), and stops it again afterwards, also on failure or Ctrl-C. Exit
        status 1 when the call fails or the function returns an error.
TXT
}

root="${KIT_ROOT}"
# LOCAL_LAMBDA_STATE_DIR lets two local Lambdas (say, a test and a workshop run) live side by side (common.sh).
state_dir="${KIT_LOCAL_STATE_DIR}"
pid_file="${state_dir}/server.pid"
port_file="${state_dir}/server.port"
log_file="${state_dir}/server.log"
jar="${root}/local-lambda/target/local-lambda.jar"

die() {
  echo "local-lambda.sh: $*" >&2
  exit 1
}

# The pid of the server the pid file names, if it runs (the local Lambda's own check: never a process that reused it).
running_pid() {
  [[ -f "${pid_file}" && -f "${jar}" ]] || return 1
  java -cp "${jar}" locallambda.Cleanup running "${state_dir}"
}

jar_is_stale() {
  [[ -f "${jar}" ]] || return 0
  [[ -d "${root}/local-lambda/target/runtime" ]] || return 0
  local newer
  newer="$(find "${root}/local-lambda/src/main" "${root}/local-lambda/pom.xml" "${root}/pom.xml" -newer "${jar}" -type f -print -quit)"
  [[ -n "${newer}" ]]
}

# Maven in batch mode, its output streamed line by line without colour escapes (Maven 3.8 writes ESC[0m resets even
# with -B and style.color=never)
mvn_plain() {
  mvn -B -Dstyle.color=never "$@" 2>&1 | sed -u $'s/\x1b\\[[0-9;]*m//g'
}

build_jar() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ to build the local Lambda"
  echo "local-lambda.sh: building local-lambda/target/local-lambda.jar (Maven) ..."
  # from the root reactor with the modules it needs (its tests read REPORT lines with report/'s parser), so a
  # fresh clone needs nothing installed in ~/.m2 first
  mvn_plain -q -f "${root}/pom.xml" -pl local-lambda -am package -DskipTests
}

# Prints the lines of log $1 past line $2 (complete lines only); echoes the new count.
print_log_from() {
  local log="$1" from="$2" n
  n="$(grep -c '' "${log}" 2>/dev/null || true)"
  n="${n:-0}"
  # the last line may still be being written ("build 2/9: ... " until its result): wait for its newline
  if [[ -s "${log}" && "$(tail -c 1 "${log}" | od -An -c | tr -d ' ')" != '\n' ]]; then
    n=$((n - 1))
  fi
  if ((n > from)); then
    sed -n "$((from + 1)),${n}p" "${log}" | grep -v '^local-lambda ready\|^local-lambda pid .* holds' | sed 's/^/  /' >&2 || true
    echo "${n}"
  else
    echo "${from}"
  fi
}

info_url() {
  echo "http://127.0.0.1:$1/_local/info"
}

# Waits until the server another start launched serves on port $1, then exits 3; or gives up (1).
await_other_start() {
  local deadline=$((SECONDS + ${LOCAL_LAMBDA_START_TIMEOUT:-900}))
  echo "local-lambda.sh: another local Lambda is starting with ${state_dir}; waiting until it serves ..." >&2
  while ((SECONDS < deadline)); do
    if curl -fsS -m 2 "$(info_url "$1")" >/dev/null 2>&1; then
      exit 3
    fi
    running_pid >/dev/null || die "the other start of ${state_dir} ended without serving (see ${log_file})"
    sleep 0.5
  done
  die "the other start of ${state_dir} did not serve within ${LOCAL_LAMBDA_START_TIMEOUT:-900} s"
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
    if curl -fsS -m 2 "$(info_url "${port}")" >/dev/null 2>&1; then
      die "already running (pid ${pid}, port $(cat "${port_file}" 2>/dev/null || echo "?")); run: scripts/local-lambda.sh stop"
    fi
    await_other_start "${port}"
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
  # its own session: a Ctrl-C or a TERM sent to the process group of whoever started it (a run) does not reach it;
  # it stops when told to, or (--stop-when-unleased) when the last run using it ends
  local -a detach=()
  if command -v setsid >/dev/null 2>&1; then
    detach=(setsid)
  fi
  # this start's log: it becomes server.log once this server holds the state folder (a start that loses keeps out)
  local log="${state_dir}/start-$$.log" rc=0
  MAVEN_OPTS="${MAVEN_OPTS:+${MAVEN_OPTS} }-Dstyle.color=never" nohup "${detach[@]}" java -jar "${jar}" "${args[@]}" \
    >"${log}" 2>&1 </dev/null &
  pid=$!
  local url deadline=$((SECONDS + ${LOCAL_LAMBDA_START_TIMEOUT:-900})) shown=0
  url="$(info_url "${port}")"
  # the first start builds every CodeUri (eager build): allow LOCAL_LAMBDA_START_TIMEOUT seconds (default 900)
  while ((SECONDS < deadline)); do
    if [[ "${log}" != "${log_file}" ]] && grep -q '^local-lambda pid .* holds' "${log}" 2>/dev/null; then
      mv "${log}" "${log_file}"
      log="${log_file}"
      echo "${port}" >"${port_file}"
      echo "starting the local Lambda on port ${port} (pid ${pid}); $(build_note "${extra[@]}"):" >&2
    fi
    shown="$(print_log_from "${log}" "${shown}")"
    if ! kill -0 "${pid}" 2>/dev/null; then
      wait "${pid}" || rc=$?
      if ((rc == 3)); then
        rm -f "${log}"
        await_other_start "${port}"
      fi
      echo "local-lambda.sh: the server exited during start (status ${rc}); last lines of ${log}:" >&2
      tail -n 40 "${log}" >&2 || true
      exit 1
    fi
    if [[ "${log}" == "${log_file}" ]] && grep -q "local-lambda ready on" "${log}" && curl -fsS -m 2 "${url}" >/dev/null 2>&1; then
      print_log_from "${log}" "${shown}" >/dev/null
      echo "local-lambda ready on http://127.0.0.1:${port} (pid ${pid}, log ${log_file})"
      return 0
    fi
    sleep 0.5
  done
  echo "local-lambda.sh: not ready after ${LOCAL_LAMBDA_START_TIMEOUT:-900} s; last lines of ${log}:" >&2
  tail -n 40 "${log}" >&2 || true
  cmd_stop >/dev/null 2>&1 || true
  exit 1
}

# Stops the server (SIGTERM, then SIGKILL after 20 s) and removes what servers that did not stop cleanly left.
cmd_stop() {
  (($# == 0)) || { [[ "$1" == --help || "$1" == -h ]] && usage && exit 0; } || die "unknown option $1 (see --help)"
  if [[ ! -f "${jar}" ]]; then
    rm -f "${pid_file}"
    echo "local-lambda: not running"
    return 0
  fi
  java -cp "${jar}" locallambda.Cleanup stop "${state_dir}"
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

# What a start builds, for its first message: with --lazy-build each function at its first call, else all of them now.
build_note() {
  local a
  for a in "$@"; do
    if [[ "${a}" == --lazy-build ]]; then
      echo "each function is built with Maven at its first call"
      return
    fi
  done
  echo "the first start builds every function with Maven"
}

# The server of this state folder if this invoke started it: its command line holds this shell's lease.
own_server_pid() {
  local pid
  pid="$(running_pid 2>/dev/null)" || return 1
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null)" || return 1
  [[ "${cmdline}" == *" --lease-pid $$ "* ]] || return 1
  echo "${pid}"
}

invoke_tmp=""
invoke_started=0

# The end of an invoke, however it ends: its temporary folder goes, and so does a server it started. The server also
# holds a lease for this shell (--stop-when-unleased): were this script killed outright, it would still stop itself.
invoke_cleanup() {
  local code=$?
  trap - EXIT INT TERM
  # a signal may arrive while the call's output goes to files: the messages below go to the invoke's own stdout and
  # stderr (during the start, which runs without them, its output is the invoke's already)
  if { true >&6 && true >&7; } 2>/dev/null; then
    exec 1>&6 2>&7
  fi
  kit_stop_child
  if ((invoke_started)) && own_server_pid >/dev/null; then
    echo "local-lambda.sh: stopping the local Lambda this invoke started ..." >&2
    cmd_stop >&2 || true
  fi
  [[ -z "${invoke_tmp}" ]] || rm -rf "${invoke_tmp}"
  exit "${code}"
}

# Starts a local Lambda on port $1 from template $2 for one invoke: only the invoked function is built (at its call).
start_for_invoke() {
  local port="$1" template="$2" rc=0
  [[ -f "${template}" ]] || die "template ${template} not found"
  echo "local-lambda.sh: no local Lambda on http://127.0.0.1:${port}; starting one for this call (it stops afterwards)" >&2
  invoke_started=1
  # a child script, so that a start that finds another start under way (exit 3) does not end this one; its stdout
  # goes to stderr (stdout is the payload's), and the server gets neither fd 6 nor 7: it would hold a reader of this
  # invoke's output open
  kit_wait env LOCAL_LAMBDA_PORT="${port}" "${BASH_SOURCE[0]}" start --template "${template}" --port "${port}" \
    -- --lazy-build --stop-when-unleased --lease-pid "$$" >&2 6>&- 7>&- || rc=$?
  if ((rc == 3)); then
    # another start of this state folder won: use its server, and leave it to whoever started it
    invoke_started=0
  elif ((rc != 0)); then
    die "the local Lambda did not start (see ${log_file})"
  fi
}

cmd_invoke() {
  local fn="" event="" qualifier="" template="template.yaml"
  while (($# > 0)); do
    case "$1" in
      -e|--event) [[ $# -ge 2 ]] || die "$1 needs a file"; event="$2"; shift 2 ;;
      --qualifier) [[ $# -ge 2 ]] || die "--qualifier needs a version or alias"; qualifier="$2"; shift 2 ;;
      --template) [[ $# -ge 2 ]] || die "--template needs a file"; template="$2"; shift 2 ;;
      --help|-h) usage; exit 0 ;;
      -*) die "unknown option $1 (see --help)" ;;
      *) [[ -z "${fn}" ]] || die "one function at a time (got ${fn} and $1)"; fn="$1"; shift ;;
    esac
  done
  [[ -n "${fn}" ]] || die "invoke needs a function name (a logical id of the template), e.g. scripts/local-lambda.sh invoke MyFunction -e events/my-event.json"
  if [[ -n "${event}" && ! -f "${event}" ]]; then
    die "event file ${event} not found"
  fi
  command -v aws >/dev/null 2>&1 || die "the aws CLI is not installed (pip install awscli)"
  command -v jq >/dev/null 2>&1 || die "jq is not installed"
  local port
  port="$(cat "${port_file}" 2>/dev/null || true)"
  port="${LOCAL_LAMBDA_PORT:-${port:-3001}}"
  exec 6>&1 7>&2
  invoke_tmp="$(mktemp -d)"
  trap invoke_cleanup EXIT
  # a trapped signal interrupts kit_wait at once; the EXIT trap then stops what runs
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if ! curl -fsS -m 3 "$(info_url "${port}")" >/dev/null 2>&1; then
    start_for_invoke "${port}" "${template}"
  fi
  local tmp="${invoke_tmp}"
  if [[ -n "${event}" ]]; then
    cp "${event}" "${tmp}/event.json"
  else
    echo '{}' >"${tmp}/event.json"
  fi
  local -a args=(--endpoint-url "http://127.0.0.1:${port}" --region "${AWS_DEFAULT_REGION:-us-east-1}" lambda invoke
    --function-name "${fn}" --payload "fileb://${tmp}/event.json" --log-type Tail --output json)
  if [[ -n "${qualifier}" ]]; then
    args+=(--qualifier "${qualifier}")
  fi
  # the local Lambda checks no credentials; dummy ones keep real ones away from it. A lazily built function is built
  # in its first call: no read timeout
  if ! kit_wait env -u AWS_PROFILE -u AWS_SESSION_TOKEN AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
    aws --cli-read-timeout 0 "${args[@]}" "${tmp}/out.json" >"${tmp}/meta.json" 2>"${tmp}/err"; then
    # e.g. "An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found: ..."
    echo "local-lambda: invoke ${fn} failed: $(sed '/^[[:space:]]*$/d' "${tmp}/err")" >&2
    exit 1
  fi
  jq -r '.LogResult // empty' "${tmp}/meta.json" | base64 -d >&2 2>/dev/null || true
  cat "${tmp}/out.json"
  echo
  local error
  error="$(jq -r '.FunctionError // empty' "${tmp}/meta.json")"
  if [[ -n "${error}" ]]; then
    echo "local-lambda: ${fn} returned an error (${error}): $(jq -r '"\(.errorType // "?"): \(.errorMessage // "")"' "${tmp}/out.json" 2>/dev/null || head -c 300 "${tmp}/out.json")" >&2
    exit 1
  fi
}

cmd_build() {
  if jar_is_stale; then
    build_jar >&2
  fi
}

main() {
  case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    invoke) shift; cmd_invoke "$@" ;;
    status) shift; cmd_status ;;
    build) cmd_build ;;
    --help|-h|help) usage ;;
    "") usage >&2; exit 2 ;;
    *) echo "local-lambda.sh: unknown command $1" >&2; usage >&2; exit 2 ;;
  esac
}

main "$@"
