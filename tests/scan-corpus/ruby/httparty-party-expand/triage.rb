require_relative 'lib/jira_bot'

bot = JiraBot.new(username: ENV['JIRA_USER'], password: ENV['JIRA_TOKEN'], base_url: 'https://acme.atlassian.net/rest/api/3')
bot.open_helpdesk_issues['issues'].each do |issue|
  bot.put("/issue/#{issue['key']}", { update: { labels: [{ add: 'triaged' }] } })
end
