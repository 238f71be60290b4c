#!/usr/bin/env bash
set -euo pipefail
: "${JIRA_SITE:?}" "${JIRA_EMAIL:?}" "${JIRA_TOKEN:?}"
BASE="https://${JIRA_SITE}.atlassian.net"
VERSION="$1"

# Example: curl -X DELETE "$BASE/rest/api/3/version/10001"   (do not run)
curl -sS -u "$JIRA_EMAIL:$JIRA_TOKEN" \
  -H 'Content-Type: application/json' \
  --request POST \
  --data "{\"name\":\"$VERSION\",\"projectId\":10000}" \
  "$BASE/rest/api/3/version"

curl -sS -u "$JIRA_EMAIL:$JIRA_TOKEN" \
  "$BASE/rest/api/3/search/jql?jql=fixVersion%3D$VERSION" | jq -r '.issues[].key'
