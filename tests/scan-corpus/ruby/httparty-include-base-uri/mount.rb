require_relative 'jira'

# Lists a project's open issues as files, one per issue with its description.
jira = Jira.new
found = jira.get('/search/jql', query: { jql: "project = #{ARGV[0]} AND resolution IS EMPTY", fields: 'key' })
found['issues'].each do |i|
  issue = jira.get("/issue/#{i['key']}", query: { fields: 'summary,description' })
  File.write("#{i['key']}.txt", issue['fields']['summary'])
end
