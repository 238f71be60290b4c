#!/usr/bin/env bash
# Reports build status to Bitbucket and reads the pull requests of the repo.
set -euo pipefail
API="https://api.bitbucket.org/2.0"
REPO="$API/repositories/$WORKSPACE/$SLUG"

curl -sf -u "$BB_USER:$BB_TOKEN" "$REPO/pullrequests?state=OPEN"
curl -sf -u "$BB_USER:$BB_TOKEN" -X POST -H 'Content-Type: application/json' \
  "$REPO/commit/$COMMIT/statuses/build" -d '{"state":"SUCCESSFUL","key":"ci"}'
