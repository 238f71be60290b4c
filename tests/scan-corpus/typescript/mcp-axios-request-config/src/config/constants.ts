// Settings shared by the Jira client.
export const JIRA_CONFIG = {
  BASE_PATH: '/rest/api/3',
  DEFAULT_TIMEOUT: 30000,
  MAX_RETRIES: 2,
};
