<?php
namespace Acme\Jira;

use GuzzleHttp\Client;

final class JiraClient
{
    private Client $http;

    public function __construct(string $site, string $email, string $token)
    {
        $this->http = new Client([
            'base_uri' => "https://{$site}.atlassian.net/rest/api/3/",
            'auth' => [$email, $token],
            'headers' => ['Accept' => 'application/json'],
        ]);
    }

    public function search(string $jql): array
    {
        $res = $this->http->request('POST', 'search/jql', ['json' => ['jql' => $jql, 'fields' => ['summary']]]);
        return json_decode((string) $res->getBody(), true);
    }

    public function versions(string $project): array
    {
        return json_decode((string) $this->http->get("project/{$project}/versions")->getBody(), true);
    }
}
