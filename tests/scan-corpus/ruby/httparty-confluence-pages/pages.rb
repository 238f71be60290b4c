require "httparty"

class Wiki
  include HTTParty
  base_uri "https://#{ENV['ATL_SITE']}.atlassian.net/wiki/api/v2"
  basic_auth ENV["ATL_EMAIL"], ENV["ATL_TOKEN"]
  headers "Content-Type" => "application/json"

  def self.create(space_id, title, html)
    post("/pages", body: { spaceId: space_id, status: "current", title: title, body: { representation: "storage", value: html } }.to_json)
  end

  def self.children(page_id)
    get("/pages/#{page_id}/children")
  end
end

parent = Wiki.create(ENV["SPACE_ID"], "Runbook index", "<p>index</p>")
puts Wiki.children(parent["id"]).code
