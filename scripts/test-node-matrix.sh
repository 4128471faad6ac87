#!/usr/bin/env bash
# Runs the whole test suite under Node 22 and 24 as well as the machine's Node (the card: 20 is
# the floor, 22 and 24 must work). The binaries come from the official node-linux-<arch> npm
# packages (the npm registry is the only network some machines reach), unpacked under /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
arch=$(node -p 'process.arch')
npm run build >/dev/null
for major in ${NODE_MAJORS:-22 24}; do
  dir=$(mktemp -d /tmp/disinto-node-XXXXXX)
  (cd "$dir" && npm pack --silent "node-linux-$arch@$major" >/dev/null && tar xzf ./*.tgz)
  bin="$dir/package/bin"
  echo "== $("$bin/node" --version)"
  PATH="$bin:$PATH" "$bin/node" node_modules/vitest/vitest.mjs run || { rm -rf "$dir"; exit 1; }
  rm -rf "$dir"
done
