const { api, workspace } = require('./api');

async function staleBranches(repo) {
  const res = await api.get(`/repositories/${workspace}/${repo}/refs/branches`, { params: { q: 'name ~ "feature/"', pagelen: 100 } });
  return res.data.values.filter((b) => new Date(b.target.date) < Date.now() - 90 * 864e5);
}

async function main() {
  const repos = await api.get(`/repositories/${workspace}`, { params: { role: 'member' } });
  for (const repo of repos.data.values) {
    for (const branch of await staleBranches(repo.slug)) {
      console.log(`would delete ${repo.slug}:${branch.name} (dry run, see ${branch.links.html.href})`);
    }
  }
}

main();
