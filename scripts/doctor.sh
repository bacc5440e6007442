#!/usr/bin/env bash
# Checks what the kit needs on this machine before a workshop's first run: one line per check, and for each piece that
# is missing the command that installs or fixes it. The checks that need the local Lambda's own view of the machine
# (JDK per runtime, cgroups, port, Maven cache) are locallambda.Doctor's, so they agree with what the server will do.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'TXT'
Usage: scripts/doctor.sh [--target local|aws] [--stack NAME] [--region REGION] [--help]

Checks every prerequisite of the kit and prints one line per check: ok, missing (the kit cannot work without it) or
warning (it works, with less), and below each missing piece or warning what to install or fix (Debian commands).
Exit status 1 when something needed is missing; warnings do not fail.

--target local (default)  the local Lambda: JDKs for the functions' runtimes, moto_server, cgroup CPU limits, the port
                          (LOCAL_LAMBDA_PORT, default 3001)
--target aws              the deployed stack instead: credentials, region, the stack (--stack, default samconfig.toml's
                          stack_name) and the sam CLI; --region overrides the configured region
Both check the build (JDK 17+, Maven 3.8+, the Maven cache), aws, jq, python3, curl, free disk and the test tools.
TXT
}

# Free space the kit needs on the filesystem of its folder: ~0.6 GB of Maven dependencies (when ~/.m2 is there too),
# ~0.5 GB of build output (the local Lambda's jar and runtime, the functions' zips) and the local Lambda's state (a
# build per function, one CDS archive per JDK).
DISK_NEEDED_MB=2048
DISK_MINIMUM_MB=1024

missing=()
warnings=0

# report STATUS NAME DETAIL [FIX]: one check's line, and the fix below it.
report() {
  local status="$1" name="$2" detail="$3" fix="${4:-}"
  printf '%-8s %-16s %s\n' "${status}" "${name}" "${detail}"
  if [[ -n "${fix}" && "${status}" != ok ]]; then
    printf '%-8s %-16s fix: %s\n' "" "" "${fix}"
  fi
  case "${status}" in
    missing) missing+=("${name}") ;;
    warning) warnings=$((warnings + 1)) ;;
  esac
}

# tool NAME NEEDED FIX [WHAT]: whether a command is on PATH; NEEDED=yes makes its absence fail the doctor.
tool() {
  local name="$1" needed="$2" fix="$3" what="${4:-}" path
  if path="$(command -v "${name}" 2>/dev/null)"; then
    report ok "${name}" "${path}${what:+ (${what})}"
  elif [[ "${needed}" == yes ]]; then
    report missing "${name}" "not on PATH${what:+: ${what}}" "${fix}"
  else
    report warning "${name}" "not on PATH${what:+: ${what}}" "${fix}"
  fi
}

# version_at_least HAVE WANT: dotted versions compared part by part.
version_at_least() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]
}

plural() {
  if (($1 == 1)); then echo "1 $2"; else echo "$1 $2s"; fi
}

# The aws CLI, run once: a pyenv shim is on PATH even where the Python it points at has no awscli.
check_aws_cli() {
  local fix="pip install awscli (v1), or AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
  local out
  if ! command -v aws >/dev/null 2>&1; then
    report missing aws "not on PATH: the runs call Lambda with it" "${fix}"
  elif out="$(aws --version 2>&1)"; then
    report ok aws "${out%% *} ($(command -v aws))"
  else
    report missing aws "$(command -v aws) does not run: $(tail -n 1 <<<"${out}")" "${fix}"
  fi
}

# Maven and the JDK it builds with (mvn -v names both; the build's JDK is Maven's, JAVA_HOME or the java on PATH).
check_build() {
  local out mvn_version java_version java_home
  if ! command -v mvn >/dev/null 2>&1; then
    report missing maven "not on PATH: builds the local Lambda, the runner and the functions" "apt-get install maven"
    check_java_on_path
    return
  fi
  out="$(mvn -v -B 2>&1 | sed $'s/\x1b\\[[0-9;]*m//g')" || true
  mvn_version="$(sed -n 's/^Apache Maven \([0-9][0-9.]*\).*/\1/p' <<<"${out}" | head -n 1)"
  java_version="$(sed -n 's/^Java version: \([^,]*\),.*/\1/p' <<<"${out}" | head -n 1)"
  java_home="$(sed -n 's/.*runtime: \(.*\)$/\1/p' <<<"${out}" | head -n 1)"
  if [[ -z "${mvn_version}" ]]; then
    report missing maven "mvn -v fails: $(head -n 1 <<<"${out}")" "apt-get install maven (and a JDK 17+: apt-get install openjdk-17-jdk-headless)"
  elif version_at_least "${mvn_version}" 3.8; then
    report ok maven "Maven ${mvn_version}"
  else
    report missing maven "Maven ${mvn_version} (3.8+ needed)" "apt-get install maven (Debian 12 has 3.8.7), or Maven 3.9 from maven.apache.org"
  fi
  if [[ -z "${java_version}" ]]; then
    check_java_on_path
  elif version_at_least "${java_version%%[+-]*}" 17 && [[ -x "${java_home}/bin/javac" || -x "${java_home}/../bin/javac" ]]; then
    report ok "jdk (build)" "JDK ${java_version} at ${java_home} (Maven's)"
  elif version_at_least "${java_version%%[+-]*}" 17; then
    report missing "jdk (build)" "${java_home} is a JRE (no javac)" "apt-get install openjdk-17-jdk-headless, or point JAVA_HOME at a JDK 17+"
  else
    report missing "jdk (build)" "Maven runs on Java ${java_version} (17+ needed)" "apt-get install openjdk-17-jdk-headless and point JAVA_HOME at it"
  fi
}

check_java_on_path() {
  local version
  if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
    report missing "jdk (build)" "no java/javac on PATH" "apt-get install openjdk-17-jdk-headless"
    return
  fi
  version="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  if version_at_least "${version%%[+-]*}" 17; then
    report ok "jdk (build)" "JDK ${version} ($(command -v java))"
  else
    report missing "jdk (build)" "java on PATH is ${version} (17+ needed)" "apt-get install openjdk-17-jdk-headless"
  fi
}

# The classes of locallambda.Doctor: the jar's when it is newer than the two sources, else compiled from them (a fresh
# clone has no jar; the classes are kept under target/ for the next call).
doctor_classpath() {
  local src="${KIT_ROOT}/local-lambda/src/main/java/locallambda" jar="${KIT_ROOT}/local-lambda/target/local-lambda.jar"
  local classes="${KIT_ROOT}/local-lambda/target/doctor-classes"
  local -a sources=("${src}/Doctor.java" "${src}/sandbox/JdkResolver.java")
  if [[ -f "${jar}" && -z "$(find "${sources[@]}" -newer "${jar}" -print -quit)" ]]; then
    echo "${jar}"
    return
  fi
  if [[ ! -f "${classes}/locallambda/Doctor.class" || -n "$(find "${sources[@]}" -newer "${classes}/locallambda/Doctor.class" -print -quit)" ]]; then
    command -v javac >/dev/null 2>&1 || return 1
    mkdir -p "${classes}"
    javac --release 17 -d "${classes}" "${sources[@]}" >&2 || return 1
  fi
  echo "${classes}"
}

check_local_lambda_view() {
  local cp status name detail fix
  if ! cp="$(doctor_classpath)"; then
    report missing "jdk java25" "cannot run the JDK checks (no javac 17+ to compile locallambda.Doctor)" "apt-get install openjdk-17-jdk-headless"
    return
  fi
  while IFS=$'\t' read -r status name detail fix; do
    report "${status}" "${name}" "${detail}" "${fix}"
  done < <(java -cp "${cp}" locallambda.Doctor --target "${target}" --port "${KIT_LOCAL_PORT}" --root "${KIT_ROOT}" \
    --m2 "${HOME}/.m2/repository" || echo $'missing\tdoctor\tlocallambda.Doctor failed (see above)\t')
}

check_disk() {
  local free_mb
  free_mb="$(df -Pm "${KIT_ROOT}" | awk 'NR == 2 { print $4 }')"
  local detail="${free_mb} MB free at ${KIT_ROOT} (about ${DISK_NEEDED_MB} MB needed: Maven cache, builds, the local Lambda's state)"
  local fix="free space on that filesystem (e.g. rm -rf results/<old runs>, or mvn clean), or clone the kit elsewhere"
  if ((free_mb < DISK_MINIMUM_MB)); then
    report missing disk "${detail}" "${fix}"
  elif ((free_mb < DISK_NEEDED_MB)); then
    report warning disk "${detail}" "${fix}"
  else
    report ok disk "${detail}"
  fi
}

# The AWS target: who the credentials are, the region, and the stack the runs read their functions from.
check_aws() {
  local -a timeouts=(--cli-connect-timeout 4 --cli-read-timeout 6)
  tool sam no "pip install aws-sam-cli" "builds and deploys the stack: sam build && sam deploy"
  if ! command -v aws >/dev/null 2>&1; then
    return
  fi
  local r="${region:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}"
  if [[ -z "${r}" ]]; then
    r="$(aws configure get region 2>/dev/null || true)"
  fi
  if [[ -n "${r}" ]]; then
    report ok region "${r}"
    kit_use_region "${r}"
  else
    report missing region "no region configured" "aws configure set region eu-west-1 (or pass --region, or export AWS_REGION)"
  fi
  local who
  if who="$(aws "${timeouts[@]}" sts get-caller-identity --query Arn --output text 2>&1)"; then
    report ok credentials "${who}"
  else
    report missing credentials "aws sts get-caller-identity failed: $(tail -n 1 <<<"${who}")" "aws configure (or export AWS_PROFILE=..., or aws sso login)"
    report missing stack "${stack}: not checked without credentials" "sam build && sam deploy --guided"
    return
  fi
  [[ -n "${r}" ]] || return 0
  local status
  if status="$(aws "${timeouts[@]}" cloudformation describe-stacks --stack-name "${stack}" --query 'Stacks[0].StackStatus' --output text 2>&1)"; then
    # CREATE_COMPLETE, UPDATE_COMPLETE, IMPORT_COMPLETE serve; a rolled-back or deleted stack has no usable functions
    if [[ "${status}" == *_COMPLETE && "${status}" != *ROLLBACK_COMPLETE && "${status}" != DELETE_COMPLETE ]]; then
      report ok stack "${stack} (${status}) in ${r}"
      return
    fi
    report missing stack "${stack} is ${status} in ${r}" "sam build && sam deploy (see the stack's events in the CloudFormation console)"
  else
    report missing stack "${stack} not found in ${r}: $(tail -n 1 <<<"${status}")" "sam build && sam deploy --guided --stack-name ${stack}"
  fi
}

# samconfig.toml's stack_name, as the runner reads it; else the kit's default name.
default_stack() {
  local name=""
  if [[ -f "${KIT_ROOT}/samconfig.toml" ]]; then
    name="$(sed -n 's/^[[:space:]]*stack_name[[:space:]]*=[[:space:]]*"\(.*\)".*/\1/p' "${KIT_ROOT}/samconfig.toml" | head -n 1)"
  fi
  echo "${name:-lambda-tuning-kit}"
}

target=local
stack=""
region=""

main() {
  while (($# > 0)); do
    case "$1" in
      --target) [[ $# -ge 2 ]] || kit_die "--target needs local or aws"; target="$2"; shift 2 ;;
      --stack) [[ $# -ge 2 ]] || kit_die "--stack needs a name"; stack="$2"; shift 2 ;;
      --region) [[ $# -ge 2 ]] || kit_die "--region needs a region"; region="$2"; shift 2 ;;
      --help|-h) usage; exit 0 ;;
      *) echo "doctor.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
  done
  [[ "${target}" == local || "${target}" == aws ]] || kit_die "--target is local or aws, not ${target}"
  stack="${stack:-$(default_stack)}"

  echo "Lambda Tuning Kit doctor (target ${target})"
  check_build
  check_local_lambda_view
  check_aws_cli
  tool jq yes "apt-get install jq"
  tool python3 yes "apt-get install python3 python3-pip"
  tool curl yes "apt-get install curl"
  if [[ "${target}" == local ]]; then
    tool moto_server yes "pip install 'moto[server]'" "the local S3 of techniques that list a bucket in techniques.json"
  fi
  check_disk
  tool cfn-lint no "pip install cfn-lint" "only scripts/test.sh needs it"
  tool shellcheck no "apt-get install shellcheck" "only scripts/test.sh needs it"
  tool chromium no "apt-get install chromium" "only scripts/test.sh needs it, for the HTML report check"
  if [[ "${target}" == aws ]]; then
    check_aws
  fi

  echo
  if ((${#missing[@]} > 0)); then
    echo "doctor: missing ${missing[*]} ($(plural "${warnings}" warning)): install what the fix lines say, then run scripts/doctor.sh again"
    exit 1
  fi
  echo "doctor: everything needed is there ($(plural "${warnings}" warning))"
}

main "$@"
