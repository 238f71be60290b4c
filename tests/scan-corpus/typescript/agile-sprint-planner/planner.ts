import axios, { AxiosInstance } from 'axios';

export class AgileService {
  private client: AxiosInstance;

  constructor(private readonly base: string, email: string, token: string) {
    this.client = axios.create({ baseURL: `${this.base}/rest/agile/1.0`, auth: { username: email, password: token } });
  }

  async futureSprints(boardId: number) {
    const { data } = await this.client.get<{ values: { id: number; name: string }[] }>(`/board/${boardId}/sprint`, {
      params: { state: 'future' },
    });
    return data.values;
  }

  async createSprint(boardId: number, name: string) {
    const { data } = await this.client.post<{ id: number }>('/sprint', { name, originBoardId: boardId });
    return data.id;
  }

  async fill(sprintId: number, keys: string[]) {
    await this.client.post(`/sprint/${sprintId}/issue`, { issues: keys });
  }
}
