#!/usr/bin/env bash
# Copies the built browser files into the static resources of this SFDX project.
# Run `npm run build` at the repository root first.
set -euo pipefail
cd "$(dirname "$0")"
dist=../../dist
resources=force-app/main/default/staticresources
for file in ringnity-agent.js ringnity-agent-calls.js ringnity-agent-thread.js ringnity-agent-calls.classic.js ringnity-agent-thread.classic.js ringnity-host.js; do
  [[ -f "$dist/$file" ]] || { echo "missing $dist/$file: run npm run build at the repository root" >&2; exit 1; }
done
# A zip resource, kept expanded in source format. Under Lightning Web Security the bundle has no
# document.currentScript, so the components pass this resource's URL as RingnityAgent.configure({ assetsUrl })
# and the bundle loads the call and thread files (or their .classic.js variants) from it.
mkdir -p "$resources/RingnityAgent"
cp "$dist/ringnity-agent.js" "$dist/ringnity-agent-calls.js" "$dist/ringnity-agent-thread.js" \
  "$dist/ringnity-agent-calls.classic.js" "$dist/ringnity-agent-thread.classic.js" "$resources/RingnityAgent/"
cp "$dist/ringnity-host.js" "$resources/RingnityHost.js"
ls -l "$resources/RingnityAgent" "$resources/RingnityHost.js"
