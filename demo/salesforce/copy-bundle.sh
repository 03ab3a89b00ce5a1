#!/usr/bin/env bash
# Copies the built browser files into the static resources of this SFDX project.
# Run `npm run build` at the repository root first.
set -euo pipefail
cd "$(dirname "$0")"
dist=../../dist
resources=force-app/main/default/staticresources
lazy=(ringnity-agent-calls ringnity-agent-call-view ringnity-agent-thread)
files=(ringnity-agent.js)
for name in "${lazy[@]}"; do files+=("$name.js" "$name.classic.js"); done
for file in "${files[@]}" ringnity-host.js; do
  [[ -f "$dist/$file" ]] || { echo "missing $dist/$file: run npm run build at the repository root" >&2; exit 1; }
done
# A zip resource, kept expanded in source format. Under Lightning Web Security the bundle has no
# document.currentScript, so the components pass this resource's URL as RingnityAgent.configure({ assetsUrl })
# and the bundle loads the call, call view and thread files (or their .classic.js variants) from it.
mkdir -p "$resources/RingnityAgent"
for file in "${files[@]}"; do cp "$dist/$file" "$resources/RingnityAgent/"; done
cp "$dist/ringnity-host.js" "$resources/RingnityHost.js"
ls -l "$resources/RingnityAgent" "$resources/RingnityHost.js"
