#!/bin/sh
site="${1:-acme}"
endpoint="https://${site}.atlassian.net/rest/api/3/myself"
wget -q -O - --header="Authorization: Basic $JIRA_BASIC" "$endpoint" | grep -q accountId && echo "token ok"
endpoint="https://${site}.atlassian.net/rest/api/3/serverInfo"
wget -q -O - "$endpoint"
