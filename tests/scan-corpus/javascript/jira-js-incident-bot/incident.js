const jira = require('./jira');

async function openIncident(title) {
  const { key } = await jira.issues.createIssue({
    fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: title },
  });
  await jira.issues.doTransition({ issueIdOrKey: key, transition: { id: '11' } });
  await jira.issueComments.addComment({ issueIdOrKey: key, comment: 'Paged on-call.' });
  return key;
}

module.exports = { openIncident };
