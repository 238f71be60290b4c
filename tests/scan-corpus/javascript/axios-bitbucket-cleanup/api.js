const axios = require('axios');

const workspace = process.env.BITBUCKET_WORKSPACE;
const api = axios.create({
  baseURL: 'https://api.bitbucket.org/2.0',
  auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASSWORD },
});

module.exports = { api, workspace };
