#!/bin/bash
DOMAIN=acme
PAGE_ID=$1
AUTH="$ATL_EMAIL:$ATL_TOKEN"

current=$(curl -s -u "$AUTH" 'https://'$DOMAIN'.atlassian.net/wiki/api/v2/pages/'$PAGE_ID'?body-format=storage')
version=$(echo "$current" | jq '.version.number + 1')

curl -s -u "$AUTH" -X PUT -H 'Content-Type: application/json' \
  'https://'$DOMAIN'.atlassian.net/wiki/api/v2/pages/'"$PAGE_ID" \
  --data-binary @- <<JSON
{"id":"$PAGE_ID","status":"current","title":"Status","body":{"representation":"storage","value":"$(cat status.html)"},"version":{"number":$version}}
JSON
