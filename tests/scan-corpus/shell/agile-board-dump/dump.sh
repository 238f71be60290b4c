#!/usr/bin/env bash
JIRA=${JIRA_URL%/}
boards=$(curl -s -H "Authorization: Bearer $JIRA_PAT" "$JIRA/rest/agile/1.0/board?type=scrum")
for id in $(echo "$boards" | jq -r '.values[].id'); do
  url="$JIRA/rest/agile/1.0/board/$id/sprint"
  curl -s -H "Authorization: Bearer $JIRA_PAT" "$url" | jq -c '.values[] | {id, name, state}'
  echo "$boards" | jq -r '.values[].self' | while read -r self; do
    curl -s -H "Authorization: Bearer $JIRA_PAT" "$self" >/dev/null
  done
done
