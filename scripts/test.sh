#!/usr/bin/env bash
# The whole test suite: unit specs, then e2e specs against the real PostgreSQL, Redis and an S3
# server, then browser specs: the web UI in headless Chromium against the same real server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
bash scripts/install-system-deps.sh
npx jest --config jest.config.js --selectProjects unit "$@"
npx jest --config jest.config.js --selectProjects e2e --runInBand "$@"
npx jest --config jest.config.js --selectProjects browser --runInBand "$@"
