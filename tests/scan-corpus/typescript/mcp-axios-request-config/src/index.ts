import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { addComment, getIssue, searchIssues, updateIssue } from './utils/api-helpers.js';
import { testConnection } from './utils/jira-auth.js';

const server = new McpServer({ name: 'jira-stdio', version: '0.1.0' });
const text = (v: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(v) }] });

server.tool('jira_get_issue', { key: z.string() }, async ({ key }) => text(await getIssue(key)));
server.tool('jira_search', { jql: z.string() }, async ({ jql }) => text(await searchIssues(jql)));
server.tool('jira_update_summary', { key: z.string(), summary: z.string() }, async ({ key, summary }) => {
  await updateIssue(key, summary);
  return text('ok');
});
server.tool('jira_comment', { key: z.string(), body: z.string() }, async ({ key, body }) => text(await addComment(key, body)));

if (!(await testConnection())) {
  console.error('Jira connection failed');
}
await server.connect(new StdioServerTransport());
