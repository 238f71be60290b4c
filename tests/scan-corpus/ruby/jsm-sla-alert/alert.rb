require "net/http"
require "json"

JSM_ROOT = ENV.fetch("JSM_URL") + "/rest/servicedeskapi"

def jsm(method, path, body = nil)
  uri = URI(JSM_ROOT + path)
  req = Net::HTTP.const_get(method.capitalize).new(uri)
  req["Authorization"] = "Basic " + ENV.fetch("JSM_BASIC")
  req["Content-Type"] = "application/json"
  req.body = body.to_json if body
  Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |h| h.request(req) }
end

queues = JSON.parse(jsm(:get, "/servicedesk/%s/queue" % ENV.fetch("DESK_ID")).body)
breached = queues["values"].select { |q| q["name"].include?("SLA") }
breached.each do |q|
  jsm(:post, "/request/#{q['name'].split.last}/comment", { body: "SLA queue #{q['name']} is not empty", public: false })
end
