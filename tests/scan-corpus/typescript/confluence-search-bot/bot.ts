const cloudId = process.env.CLOUD_ID ?? '';
const wiki = `https://api.atlassian.com/ex/confluence/${cloudId}/wiki`;

export const DOCS_LINK = 'https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-search/';

export async function answer(question: string): Promise<string[]> {
  const cql = encodeURIComponent(`type = page AND text ~ "${question}"`);
  const res = await fetch<unknown>(`${wiki}/rest/api/search?cql=${cql}&limit=5`, {
    headers: { Authorization: `Bearer ${process.env.TOKEN}` },
  });
  const data = (await (res as Response).json()) as { results: { title: string; url: string }[] };
  return data.results.map((r) => `${r.title}: ${wiki}${r.url}`);
}

declare function fetch<T>(input: string, init?: RequestInit): Promise<T | Response>;
