require 'httparty'

# Wraps an HTTP module (HTTParty unless a test passes another) and expands paths on a base URL.
class JiraBot
  attr_reader :username, :password, :base_url, :auth, :response, :party

  def initialize(options = {})
    @username = options[:username]
    @password = options[:password]
    @base_url = options[:base_url]
    @auth = { basic_auth: { username: username, password: password } }
    @party = options[:http] || HTTParty
  end

  def get(uri)
    uri = expand uri
    @response = party.get(uri, auth)
  end

  def put(uri, data)
    uri = expand uri
    @response = party.put(uri, body: data.to_json, headers: { 'Content-Type' => 'application/json' }, basic_auth: auth[:basic_auth])
  end

  def open_helpdesk_issues
    get '/search/jql?jql=project%3DHELP%20AND%20status%3DOpen'
  end

  private

  def expand(uri)
    "#{base_url}#{uri}"
  end
end
