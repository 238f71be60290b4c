require "net/http"
require "json"

SITE = "https://acme.atlassian.net"

def create_request(desk_id, type_id, summary)
  uri = URI("#{SITE}/rest/servicedeskapi/request")
  req = Net::HTTP::Post.new(uri, "Content-Type" => "application/json")
  req.body = { serviceDeskId: desk_id, requestTypeId: type_id, requestFieldValues: { summary: summary } }.to_json
  Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
end

def request_types(desk_id)
  Net::HTTP.get(URI("#{SITE}/rest/servicedeskapi/servicedesk/#{desk_id}/requesttype"))
end
