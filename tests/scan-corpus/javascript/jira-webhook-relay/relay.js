'use strict';
const Jira = require('./lib/jira');

const jira = new Jira(`https://api.atlassian.com/ex/jira/${process.env.CLOUD_ID}`, process.env.OAUTH_TOKEN);

async function onAlert(alert) {
  const created = await jira.request('POST', '/rest/api/3/issue', {
    fields: { project: { key: 'OPS' }, issuetype: { name: 'Incident' }, summary: alert.title },
  });
  await jira.request('POST', `/rest/api/3/issue/${created.key}/remotelink`, {
    object: { url: alert.url, title: 'Alert' },
  });
  return created.key;
}

module.exports = { onAlert };
