#!/usr/bin/env bash
# The type check, lint and unit tests: independent of the engine and of each other, each one process on
# one core, so `npm test` runs them side by side, each with its own log printed when it ends.
set -uo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
names=("typecheck" "lint" "test:unit")
pids=()
for name in "${names[@]}"; do
  npm run -s "$name" >"$dir/$name.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then failed=1; echo "--- ${names[$i]} failed ---"; fi
  cat "$dir/${names[$i]}.log"
done
exit $failed
