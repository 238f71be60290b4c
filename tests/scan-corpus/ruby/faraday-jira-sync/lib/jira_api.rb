require "faraday"
require "json"

class JiraApi
  def initialize(site:, email:, token:)
    @conn = Faraday.new(url: "https://#{site}.atlassian.net/rest/api/3") do |f|
      f.request :authorization, :basic, email, token
      f.headers["Content-Type"] = "application/json"
    end
  end

  def issue(key)
    JSON.parse(@conn.get("issue/#{key}").body)
  end

  def add_label(key, label)
    @conn.put("issue/#{key}", { update: { labels: [{ add: label }] } }.to_json)
  end

  def link(from, to)
    @conn.post("issueLink", { type: { name: "Relates" }, inwardIssue: { key: from }, outwardIssue: { key: to } }.to_json)
  end
end
