<?php
namespace App\Services;

use Illuminate\Support\Facades\Http;

class ServiceDesk
{
    private function client()
    {
        return Http::withBasicAuth(config('jsm.email'), config('jsm.token'))
            ->baseUrl('https://api.atlassian.com/ex/jira/' . config('jsm.cloud_id') . '/rest/servicedeskapi');
    }

    public function raise(string $deskId, string $typeId, string $summary)
    {
        return $this->client()->post('/request', [
            'serviceDeskId' => $deskId,
            'requestTypeId' => $typeId,
            'requestFieldValues' => ['summary' => $summary],
        ])->json();
    }

    public function status(string $key)
    {
        return $this->client()->get("/request/{$key}")->json();
    }
}
