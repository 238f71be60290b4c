const { Version3Client } = require('jira.js');

module.exports = new Version3Client({
  host: `https://${process.env.JIRA_SITE}.atlassian.net`,
  authentication: { basic: { email: process.env.JIRA_EMAIL, apiToken: process.env.JIRA_TOKEN } },
});
