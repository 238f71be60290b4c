#!/bin/sh
WS="$BITBUCKET_WORKSPACE"
REPO="$BITBUCKET_REPO_SLUG"
API=https://api.bitbucket.org/2.0

curl -s -u "$BB_USER:$BB_APP_PASSWORD" -H "Content-Type: application/json" \
  -d '{"title":"Release '"$TAG"'","source":{"branch":{"name":"release/'"$TAG"'"}},"destination":{"branch":{"name":"main"}}}' \
  "$API/repositories/$WS/$REPO/pullrequests"

echo "Open PRs: $API/repositories/$WS/$REPO/pullrequests?state=OPEN"
