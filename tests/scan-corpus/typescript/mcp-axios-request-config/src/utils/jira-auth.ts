import axios, { AxiosInstance, AxiosRequestConfig } from 'axios';
import { JIRA_CONFIG } from '../config/constants.js';

let jiraClient: AxiosInstance | null = null;

function baseUrl(): string {
  const url = process.env.JIRA_BASE_URL;
  if (!url) throw new Error('JIRA_BASE_URL is required');
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

export function getAuthenticatedClient(): AxiosInstance {
  if (jiraClient) return jiraClient;
  jiraClient = axios.create({
    baseURL: `${baseUrl()}${JIRA_CONFIG.BASE_PATH}`,
    timeout: JIRA_CONFIG.DEFAULT_TIMEOUT,
    auth: { username: process.env.JIRA_EMAIL ?? '', password: process.env.JIRA_API_TOKEN ?? '' },
  });
  return jiraClient;
}

// Every request of the server goes through here, described by an axios request config.
export async function makeJiraRequest<T = unknown>(config: AxiosRequestConfig): Promise<T> {
  const client = getAuthenticatedClient();
  let lastError: unknown;
  for (let attempt = 0; attempt <= JIRA_CONFIG.MAX_RETRIES; attempt++) {
    try {
      const response = await client.request<T>(config);
      return response.data;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export async function testConnection(): Promise<boolean> {
  try {
    await makeJiraRequest({
      method: 'GET',
      url: '/myself',
    });
    return true;
  } catch {
    return false;
  }
}
