import { apiFetch } from './api';

interface Page<T> { values: T[]; isLastPage: boolean }
interface Desk { id: string; projectKey: string }
interface Req { issueKey: string; currentStatus: { status: string } }

export async function myOpenRequests(): Promise<Req[]> {
  const page = await apiFetch<Page<Req>>('/request?requestStatus=OPEN_REQUESTS');
  return page.values;
}

export async function desks(): Promise<Desk[]> {
  return (await apiFetch<Page<Desk>>('/servicedesk')).values;
}

export async function raise(deskId: string, typeId: string, summary: string): Promise<Req> {
  return apiFetch<Req>('/request', {
    method: 'POST',
    body: JSON.stringify({ serviceDeskId: deskId, requestTypeId: typeId, requestFieldValues: { summary } }),
  });
}
