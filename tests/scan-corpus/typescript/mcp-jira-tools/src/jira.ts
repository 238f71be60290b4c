import { Version3Client } from 'jira.js';

export const client = new Version3Client({
  host: process.env.JIRA_HOST as string,
  authentication: { basic: { email: process.env.JIRA_EMAIL as string, apiToken: process.env.JIRA_TOKEN as string } },
});
