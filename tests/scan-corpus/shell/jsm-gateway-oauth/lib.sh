# shellcheck shell=bash
GATEWAY="https://api.atlassian.com/ex/jira/${CLOUD_ID}"

jsm() {
  local method="$1" path="$2"
  shift 2
  curl -sS -X "$method" -H "Authorization: Bearer $ACCESS_TOKEN" -H 'Content-Type: application/json' "$GATEWAY/rest/servicedeskapi$path" "$@"
}
