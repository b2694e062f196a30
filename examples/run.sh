#!/usr/bin/env bash
# One command from a fresh clone to a running example: bootstrap Node 24 + pnpm when needed,
# a frozen install, a build of the packages the examples use (cached by turbo), then the
# examples named (metapack, configapi, bynder, authorization-code, oauth1-provider; default: all of them).
# Usage: bash examples/run.sh [metapack|configapi|bynder|authorization-code|oauth1-provider|client-credentials]...
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A file=([metapack]=metapack-client.mjs [configapi]=configapi-revoked-token.mjs [bynder]=bynder-signed-post.mjs [authorization-code]=authorization-code-login.mjs [oauth1-provider]=oauth1-provider.mjs [client-credentials]=client-credentials-provider.mjs)
[ "$#" -gt 0 ] || set -- metapack configapi bynder authorization-code oauth1-provider client-credentials
for name in "$@"; do
  [ -n "${file[$name]:-}" ] || { echo "examples/run.sh: unknown example '$name' (metapack, configapi, bynder, authorization-code, oauth1-provider, client-credentials)" >&2; exit 2; }
done
source scripts/bootstrap.sh
pnpm install --frozen-lockfile >&2
pnpm turbo run build --filter=auth-examples... --output-logs=errors-only >&2
for name in "$@"; do
  echo "=== examples/${file[$name]}"
  node "examples/${file[$name]}"
done
