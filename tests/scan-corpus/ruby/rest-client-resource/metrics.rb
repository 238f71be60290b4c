require 'json'
require_relative 'lib/restclientjira'

# Weekly metrics: issues resolved last week, and a worklog entry for the report itself.
resolved = JSON.parse(RestClientJira.get('search/jql?jql=resolved%3E%3D-7d&fields=key'))
puts "#{resolved['issues'].size} resolved"
RestClientJira.post("issue/#{ARGV[0]}/worklog", { timeSpentSeconds: 900, comment: 'metrics report' }.to_json)
