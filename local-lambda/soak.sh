#!/usr/bin/env bash
# Soak / load run of the local Lambda, loopback only and bounded in count and time: starts its own server on a free
# port with the test template (fixture EchoFunction), runs N invocations from 8 concurrent clients with cold starts
# forced throughout (UpdateFunctionConfiguration every --cold-every calls), and prints: lost REPORT lines (must be 0),
# the server's threads / fds / heap before and after, and the warm overhead (client round trip minus REPORT Duration)
# of the 8 clients and of one client alone (bench/WarmOverhead.java).
#   local-lambda/soak.sh [--count 10000] [--clients 8] [--cold-every 1000] [--max-seconds 900] [-- SERVER_ARGS...]
# The function runs at 1769 MB (one vCPU) with a 60 s timeout. SOAK_SERVER_JAVA_OPTS adds JVM options to the server.
# Needs local-lambda/target/local-lambda.jar (mvn -B -q -pl local-lambda -am package -DskipTests).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
count=10000
clients=8
cold_every=1000
max_seconds=900
server_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --cold-every) cold_every="$2"; shift 2 ;;
    --max-seconds) max_seconds="$2"; shift 2 ;;
    --) shift; server_args=("$@"); break ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "${count}" =~ ^[0-9]+$ && "${count}" -le 100000 ]] || { echo "soak.sh: --count must be 0..100000" >&2; exit 2; }
[[ "${max_seconds}" =~ ^[0-9]+$ && "${max_seconds}" -le 3600 ]] || { echo "soak.sh: --max-seconds must be <= 3600" >&2; exit 2; }

jar="${here}/target/local-lambda.jar"
[[ -f "${jar}" ]] || { echo "soak.sh: ${jar} missing: mvn -B -q -pl local-lambda -am package -DskipTests" >&2; exit 1; }
java_bin="${JAVA_HOME:+${JAVA_HOME}/bin/}java"
work="${here}/target/soak"
mkdir -p "${work}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
endpoint="http://127.0.0.1:${port}"

# SOAK_SERVER_JAVA_OPTS: extra JVM options of the server, e.g. -Dlocallambda.quietSocketMicros=1000 (the old drain rule)
# shellcheck disable=SC2086
"${java_bin}" ${SOAK_SERVER_JAVA_OPTS:-} -Dlocallambda.runtimeDir="${here}/target/runtime" -jar "${jar}" --template "${here}/src/test/resources/template.yaml" \
  --port "${port}" --state-dir "${work}/state" --max-environments 10 --idle-timeout 600 "${server_args[@]}" >"${work}/server.log" 2>&1 &
server=$!
# shellcheck disable=SC2317  # called by the EXIT trap
stop_server() {
  if kill -0 "${server}" 2>/dev/null; then
    kill -TERM "${server}" 2>/dev/null || true
    wait "${server}" 2>/dev/null || true
  fi
}
trap stop_server EXIT
for ((i = 0; i < 600; i++)); do
  grep -q "local-lambda ready on" "${work}/server.log" 2>/dev/null && break
  kill -0 "${server}" 2>/dev/null || { echo "soak.sh: server exited:" >&2; tail -20 "${work}/server.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "local-lambda ready on" "${work}/server.log" || { echo "soak.sh: server not ready" >&2; exit 1; }

figures() {
  local threads fds heap envs info logs
  threads="$(awk '/^Threads:/ {print $2}' "/proc/${server}/status")"
  fds="$(find "/proc/${server}/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
  jcmd "${server}" GC.run >/dev/null 2>&1 || true
  heap="$(jcmd "${server}" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | tr -dc '0-9')"
  info="$(curl -fsS -m 5 "${endpoint}/_local/info")"
  envs="$(grep -oE '"environments":[0-9]+' <<<"${info}" | tr -dc '0-9')"
  # the log store keeps every event (as CloudWatch does) up to its bound: heap it holds by design, not a leak
  logs="$(grep -oE '"logStoreBytes":[0-9]+' <<<"${info}" | tr -dc '0-9')"
  echo "threads ${threads}, fds ${fds}, heap used ${heap:-?} KB, of which the log store ~$((${logs:-0} / 1024)) KB, environments ${envs:-?}"
}

# one call first so the build and the first environment exist before the baseline
"${java_bin}" "${here}/soak/Soak.java" "${endpoint}" EchoFunction 8 "${clients}" 0 120 >/dev/null
echo "server before: $(figures)"
set +e
"${java_bin}" "${here}/soak/Soak.java" "${endpoint}" EchoFunction "${count}" "${clients}" "${cold_every}" "${max_seconds}"
rc=$?
set -e
# the warm overhead of one caller after the load (one keep-alive socket, 2000 calls to warm up, then 1000 measured):
# the figure the 8 clients' percentiles above cannot give on a machine with fewer cores than clients
echo "one client, after the load: $("${java_bin}" "${here}/bench/WarmOverhead.java" "${endpoint}" EchoFunction 2000 1000)"
# idle API threads end after 30 s, idle I/O threads after 60 s: compare once they had the chance
sleep "${SOAK_SETTLE_SECONDS:-65}"
echo "server after:  $(figures)"
exit "${rc}"
