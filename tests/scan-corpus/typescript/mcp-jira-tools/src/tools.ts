import { client } from './jira';

export async function createTicket(project: string, summary: string): Promise<string> {
  const created = await client.issues.createIssue({
    fields: { project: { key: project }, summary, issuetype: { name: 'Task' } },
  });
  return created.key;
}

export async function moveTicket(key: string, transitionId: string): Promise<void> {
  await client.issues.doTransition({ issueIdOrKey: key, transition: { id: transitionId } });
}

export async function retitle(key: string, summary: string): Promise<void> {
  await client.issues.editIssue({ issueIdOrKey: key, fields: { summary } });
}
