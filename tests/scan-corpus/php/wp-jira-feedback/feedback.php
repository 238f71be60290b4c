<?php
$jiraUrl = get_option('jira_url');
$endpoint = $jiraUrl . '/rest/api/3/issue';
$response = wp_remote_post($endpoint, [
    'headers' => ['Authorization' => 'Basic ' . get_option('jira_basic'), 'Content-Type' => 'application/json'],
    'body' => wp_json_encode(['fields' => ['project' => ['key' => 'FB'], 'summary' => $_POST['title'], 'issuetype' => ['name' => 'Task']]]),
]);
$key = json_decode(wp_remote_retrieve_body($response), true)['key'];
$attach = wp_remote_request($jiraUrl . "/rest/api/3/issue/$key/attachments", [
    'method' => 'POST',
    'headers' => ['X-Atlassian-Token' => 'no-check'],
    'body' => file_get_contents($_FILES['shot']['tmp_name']),
]);
