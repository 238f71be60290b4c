require 'rest-client'

# A RestClient::Resource on the API root; callers index it with a sub-URL.
module RestClientJira
  USERNAME = ENV.fetch('JIRA_USER', '')
  PASSWORD = ENV.fetch('JIRA_TOKEN', '')

  REQUEST_URL = "https://#{ENV.fetch('JIRA_SITE', 'acme')}.atlassian.net/rest/api/3"

  def self.auth
    RestClient::Resource.new REQUEST_URL, USERNAME, PASSWORD
  end

  def self.get(sub_url)
    puts "GET sub_url => #{sub_url.inspect}"
    auth[sub_url].get
  end

  def self.post(sub_url, payload)
    puts "POST sub_url => #{sub_url.inspect}"
    auth[sub_url].post payload, content_type: 'application/json'
  end
end
