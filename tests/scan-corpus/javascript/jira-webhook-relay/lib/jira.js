'use strict';
const https = require('https');

class Jira {
  constructor(baseUrl, token) {
    this.base = baseUrl.replace(/\/$/, '');
    this.token = token;
  }

  request(method, path, body) {
    return new Promise((resolve, reject) => {
      const req = https.request(this.base + path, { method, headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' } }, (res) => {
        let data = '';
        res.on('data', (c) => { data += c; });
        res.on('end', () => resolve(data ? JSON.parse(data) : null));
      });
      req.on('error', reject);
      if (body) req.write(JSON.stringify(body));
      req.end();
    });
  }
}

module.exports = Jira;
