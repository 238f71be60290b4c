import { Version3Client } from 'jira.js';

const jira = new Version3Client({ host: process.env.JIRA_HOST, authentication: { oauth2: { accessToken: process.env.JIRA_OAUTH } } });
const KEYS = (process.env.ISSUE_KEYS || '').split(',').filter(Boolean);

for (const key of KEYS) {
  const issue = await jira.issues.getIssue({ issueIdOrKey: key, fields: ['status'] });
  await jira.issueComments.addComment({
    issueIdOrKey: key,
    comment: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `Deployed (${issue.fields.status.name})` }] }] },
  });
  // Never transition here; this line documents the old behaviour:
  // await jira.issues.doTransition({ issueIdOrKey: key, transition: { id: '31' } });
}
