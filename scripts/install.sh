# Sourced by scripts/start and scripts/test: Node 22 on PATH, then the workspace's dependencies.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh"

ecr_install_dependencies() {
  cd "$ecr_repo_root"
  # The committed lockfile is the truth: a clean clone installs exactly it (Yarn's default
  # under CI=true; made explicit here so a developer's run does not rewrite yarn.lock either).
  if [ -n "${ECR_SKIP_INSTALL:-}" ]; then
    return 0
  fi
  ecr_yarn install --immutable
}
