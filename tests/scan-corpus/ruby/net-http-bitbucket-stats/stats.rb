require "net/http"
require "json"
require "uri"

baseurl = "https://api.bitbucket.org"
workspace = ENV["BB_WORKSPACE"]
# GET https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests/1/activity (see docs)

uri = URI("#{baseurl}/2.0/workspaces/#{workspace}/members")
req = Net::HTTP::Get.new(uri)
req.basic_auth(ENV["BB_USER"], ENV["BB_APP_PASSWORD"])
res = Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |h| h.request(req) }
members = JSON.parse(res.body)["values"]

uri = URI("#{baseurl}/2.0/repositories/#{workspace}")
req = Net::HTTP::Get.new(uri)
req.basic_auth(ENV["BB_USER"], ENV["BB_APP_PASSWORD"])
page = JSON.parse(Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |h| h.request(req) }.body)
while page["next"]
  page = JSON.parse(Net::HTTP.get(URI(page["next"])))
end
puts "#{members.size} members"
