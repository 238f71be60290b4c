import { AxiosRequestConfig } from 'axios';
import { makeJiraRequest } from './jira-auth.js';

export async function getIssue(issueKey: string, fields: string[] = []): Promise<unknown> {
  const config: AxiosRequestConfig = {
    method: 'GET',
    url: `/issue/${issueKey}`,
    params: fields.length ? { fields: fields.join(',') } : {},
  };
  return await makeJiraRequest(config);
}

export async function searchIssues(jql: string, maxResults = 50): Promise<unknown> {
  const config: AxiosRequestConfig = {
    method: 'POST',
    url: '/search/jql',
    data: { jql, maxResults },
  };
  return await makeJiraRequest(config);
}

export async function updateIssue(issueKey: string, summary: string): Promise<void> {
  const config: AxiosRequestConfig = {
    method: 'PUT',
    url: `/issue/${issueKey}`,
    data: { fields: { summary } },
  };
  await makeJiraRequest(config);
}

export async function addComment(issueKey: string, text: string): Promise<unknown> {
  const data = {
    body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
  };
  const config: AxiosRequestConfig = {
    method: 'POST',
    url: `/issue/${issueKey}/comment`,
    data,
  };
  return await makeJiraRequest(config);
}
