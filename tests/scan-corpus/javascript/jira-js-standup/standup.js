const { Version3Client } = require('jira.js');

const client = new Version3Client({
  host: process.env.JIRA_HOST,
  authentication: { basic: { email: process.env.JIRA_EMAIL, apiToken: process.env.JIRA_TOKEN } },
});

async function main() {
  const me = await client.myself.getCurrentUser();
  const result = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
    jql: 'assignee = currentUser() AND updated >= -1d',
    fields: ['summary', 'status'],
  });
  for (const issue of result.issues ?? []) {
    console.log(`${me.displayName}: ${issue.key} ${issue.fields.summary}`);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
