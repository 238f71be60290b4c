<?php
$base = 'https://acme.atlassian.net/rest/api/3';
$client = new GuzzleHttp\Client(['auth' => [getenv('JIRA_EMAIL'), getenv('JIRA_TOKEN')]]);

$me = $client->get($base . '/myself');
$users = $client->get("$base/user/search?query=alice");
$client->delete($base . '/issue/' . $argv[1]);
