#!/usr/bin/env bash
# Agent skill: list the user's repositories, then open a pull request from a feature branch.
set -euo pipefail
: "${BITBUCKET_USERNAME:?}" "${BITBUCKET_APP_PASSWORD:?}"
workspace="${1:?workspace}"
repo="${2:?repo}"

curl -s -u "$BITBUCKET_USERNAME:$BITBUCKET_APP_PASSWORD" "https://api.bitbucket.org/2.0/repositories/$BITBUCKET_USERNAME" | jq -r '.values[].full_name'

curl -s -X POST -u "$BITBUCKET_USERNAME:$BITBUCKET_APP_PASSWORD" \
  "https://api.bitbucket.org/2.0/repositories/$workspace/$repo/pullrequests" \
  -H "Content-Type: application/json" \
  -d '{"title": "Feature PR", "source": {"branch": {"name": "feature"}}, "destination": {"branch": {"name": "main"}}}'
