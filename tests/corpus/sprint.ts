import axios from "axios";

const agile = axios.create({ baseURL: "https://acme.atlassian.net" });

export async function sprintIssues(boardId: number): Promise<string[]> {
  const sprints = await agile.get(`/rest/agile/1.0/board/${boardId}/sprint?state=active`);
  const sprintId: number = sprints.data.values[0].id;
  const issues = await agile.get(`/rest/agile/1.0/sprint/${sprintId}/issue`);
  return issues.data.issues.map((i: { key: string }) => i.key);
}
