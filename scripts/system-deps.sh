# Sourced by scripts/test: what the tests need from Debian's packages, installed and started
# when this user may (root, or passwordless sudo): PostgreSQL 15 on loopback, so that database
# tests also run on PostgreSQL, and Chromium for the browser test. Set
# ECR_ACCESS_NO_SYSTEM_INSTALL=1 to install nothing: database tests then run on SQLite only
# (unless BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING points at a server of yours).
# shellcheck shell=bash

ecr_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

ecr_may_install() {
  [ -z "${ECR_ACCESS_NO_SYSTEM_INSTALL:-}" ] && command -v apt-get >/dev/null 2>&1 &&
    { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }
}

ecr_apt_install() {
  echo "==> apt-get install $*"
  ecr_as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive ecr_as_root apt-get install -y -qq "$@" >/dev/null
}

ecr_system_deps() {
  local missing=()
  [ -d /usr/lib/postgresql ] || missing+=(postgresql)
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    if ecr_may_install; then
      ecr_apt_install "${missing[@]}"
    else
      echo "ecr-access: not installing ${missing[*]} (no root, or ECR_ACCESS_NO_SYSTEM_INSTALL set)"
    fi
  fi
  if [ -z "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ] &&
    [ -d /usr/lib/postgresql ] && ecr_may_install; then
    ecr_start_postgres
  fi
}

ecr_start_postgres() {
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  echo "==> PostgreSQL $version on 127.0.0.1:5432"
  pg_lsclusters -h | grep -q "^$version main" || ecr_as_root pg_createcluster "$version" main >/dev/null
  ecr_as_root pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  ecr_as_root su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres';\"" >/dev/null
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:5432
}
