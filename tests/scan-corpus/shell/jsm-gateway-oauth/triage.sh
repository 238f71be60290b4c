#!/usr/bin/env bash
set -eu
. "$(dirname "$0")/lib.sh"

jsm GET "/servicedesk/${DESK_ID}/queue" | jq -r '.values[].name'
jsm POST "/request/${1}/comment" --data '{"body":"Triaged by script","public":false}'
