require 'faraday'
require 'json'

# Opens an issue from a CI workflow; credentials come from the workflow's environment.
username = ENV['JIRA_USERNAME']
api_token = ENV['JIRA_API_TOKEN']

conn = Faraday.new(
  url: 'https://lexly.atlassian.net/',
  headers: { 'Content-Type' => 'application/json' },
  request: { timeout: 120 }
) do |faraday|
  faraday.request :authorization, :basic, username, api_token
end

# Kept for the jira-ruby gem the team used before; not used below.
options = {
  site: 'https://lexly.atlassian.net/',
  context_path: '',
  auth_type: :basic,
}

attrs = {
  fields: {
    project: { key: 'CORE' },
    issuetype: { id: '10400' },
    summary: "Nightly build #{ENV['BUILD_NUMBER']} failed",
  }
}

response = conn.post do |req|
  req.url '/rest/api/3/issue'
  req.body = attrs.to_json
end
key = JSON.parse(response.body)['key']

transitions = conn.get do |req|
  req.url "/rest/api/3/issue/#{key}/transitions"
end
p transitions.status
