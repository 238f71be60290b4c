require 'httparty'
require 'json'

# A Jira client that mixes in HTTParty and passes the API root as base_uri on every call.
class Jira
  include HTTParty

  def initialize
    @config = JSON.parse(File.read('config.json'))
  end

  def get(path, options = {})
    response = self.class.get(path, options.merge({
      base_uri: "#{@config['base_uri']}/rest/api/3",
      headers: { 'Accept' => 'application/json' },
      basic_auth: { username: @config['user'], password: @config['token'] },
    }))
    return response if (200..299).include?(response.code)

    puts "Response Code: #{response.code}"
    puts "Path: #{path}"
    raise 'request failed'
  end
end
