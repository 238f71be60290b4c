// Publishes CHANGELOG.md to a Confluence page (v2 API).
const site = process.env.ATLASSIAN_SITE;
const base = `https://${site}.atlassian.net/wiki/api/v2`;
const headers = {
  Authorization: 'Basic ' + Buffer.from(`${process.env.ATL_EMAIL}:${process.env.ATL_TOKEN}`).toString('base64'),
  'Content-Type': 'application/json',
};

async function publish(pageId, html) {
  const current = await fetch(`${base}/pages/${pageId}`, { headers }).then((r) => r.json());
  const body = JSON.stringify({
    id: pageId,
    status: 'current',
    title: current.title,
    body: { representation: 'storage', value: html },
    version: { number: current.version.number + 1 },
  });
  const res = await fetch(`${base}/pages/${pageId}`, {
    headers,
    method: 'PUT',
    body,
  });
  if (!res.ok) throw new Error(`update failed: ${res.status}`);
  await fetch(base + '/pages/' + pageId + '/labels', { headers });
}

publish(process.argv[2], require('fs').readFileSync('CHANGELOG.html', 'utf8'));
