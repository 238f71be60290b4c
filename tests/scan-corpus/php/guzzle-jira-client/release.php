<?php
require __DIR__ . '/vendor/autoload.php';

use Acme\Jira\JiraClient;

$jira = new JiraClient(getenv('JIRA_SITE'), getenv('JIRA_EMAIL'), getenv('JIRA_TOKEN'));
$versions = $jira->versions('APP');
$found = $jira->search('fixVersion = "' . end($versions)['name'] . '"');
printf("%d issues in %s\n", count($found['issues']), end($versions)['name']);
