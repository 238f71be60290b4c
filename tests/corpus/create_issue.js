// Creates an issue and comments on it from a GitHub Action.
const site = process.env.JIRA_SITE;
const auth = Buffer.from(`${process.env.JIRA_EMAIL}:${process.env.JIRA_TOKEN}`).toString("base64");

async function main() {
  const created = await fetch(`https://${site}.atlassian.net/rest/api/3/issue`, {
    method: "POST",
    headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" },
    body: JSON.stringify({ fields: { project: { key: "OPS" }, summary: "Deploy failed", issuetype: { name: "Bug" } } }),
  });
  const { key } = await created.json();
  await fetch(`https://${site}.atlassian.net/rest/api/3/issue/${key}/comment`, {
    method: "POST",
    headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/json" },
    body: JSON.stringify({ body: "See the pipeline log." }),
  });
}

main();
