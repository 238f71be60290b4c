import { Version3Client } from 'jira.js';
import { writeFileSync } from 'node:fs';

const jira = new Version3Client({ host: process.env.JIRA_HOST!, authentication: { oauth2: { accessToken: process.env.TOKEN! } } });

async function exportAll(jql: string): Promise<void> {
  const rows: string[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, nextPageToken, fields: ['summary'] });
    for (const issue of page.issues ?? []) rows.push(`${issue.key},${issue.fields.summary}`);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  writeFileSync('issues.csv', rows.join('\n'));
}

exportAll(process.argv[2] ?? 'project = APP');
