const request = require('request');

// Lists a team's repositories and the open pull requests of each (request's options object).
const username = process.env.BITBUCKET_USER;
const password = process.env.BITBUCKET_APP_PASSWORD;
const team = process.env.BITBUCKET_TEAM;
const auth = 'Basic ' + Buffer.from(username + ':' + password).toString('base64');

const baseUrl = 'https://api.bitbucket.org/2.0';

const options = {
  url: `${baseUrl}/repositories/${team}`,
  headers: {
    Authorization: auth,
    'Content-Type': 'application/json',
  },
};

request(options, (err, res) => {
  if (err) {
    console.log(err);
    return;
  }
  const data = JSON.parse(res.body);
  data.values.forEach((repo) => {
    const prOptions = {
      url: `${baseUrl}/repositories/${team}/${repo.slug}/pullrequests?state=OPEN`,
      headers: { Authorization: auth },
    };
    request(prOptions, (e, r) => {
      if (!e) console.log(repo.name, JSON.parse(r.body).size);
    });
  });
});
