type Status = { state: 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS'; key: string; url: string };

export class BitbucketGate {
  private readonly api = 'https://bitbucket.org/api/2.0';

  constructor(private ws: string, private repo: string, private token: string) {}

  private headers() {
    return { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' };
  }

  async report(commit: string, status: Status): Promise<void> {
    await fetch(`${this.api}/repositories/${this.ws}/${this.repo}/commit/${commit}/statuses/build`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify(status),
    });
  }

  async trigger(branch: string): Promise<string> {
    const res = await fetch(`${this.api}/repositories/${this.ws}/${this.repo}/pipelines`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: branch } }),
    });
    const body = (await res.json()) as { uuid: string; links: { self: { href: string } } };
    const again = await fetch(body.links.self.href, { headers: this.headers() });
    return ((await again.json()) as { uuid: string }).uuid;
  }
}
