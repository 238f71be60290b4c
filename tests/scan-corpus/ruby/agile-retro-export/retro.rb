require "faraday"
require "json"

AGILE = "/rest/agile/1.0".freeze
conn = Faraday.new(url: ENV.fetch("JIRA_URL"), headers: { "Authorization" => "Bearer #{ENV.fetch('JIRA_TOKEN')}" })

sprint = JSON.parse(conn.get("#{AGILE}/sprint/#{ARGV[0]}").body)
issues = JSON.parse(conn.get(AGILE + "/sprint/" + ARGV[0] + "/issue", fields: "summary,status").body)
File.write("retro-#{sprint['name']}.json", JSON.pretty_generate(issues))
