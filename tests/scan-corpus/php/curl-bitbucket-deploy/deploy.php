<?php
$workspace = getenv('BB_WORKSPACE');
$repo = getenv('BB_REPO');
$url = sprintf('https://api.bitbucket.org/2.0/repositories/%s/%s/pipelines', $workspace, $repo);

$ch = curl_init($url);
curl_setopt($ch, CURLOPT_USERPWD, getenv('BB_USER') . ':' . getenv('BB_APP_PASSWORD'));
curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json']);
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode(['target' => ['ref_type' => 'branch', 'type' => 'pipeline_ref_target', 'ref_name' => 'main']]));
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
$created = json_decode(curl_exec($ch), true);
curl_close($ch);

$url = "https://api.bitbucket.org/2.0/repositories/$workspace/$repo/pipelines";
$ch = curl_init($url . '?sort=-created_on');
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
$recent = json_decode(curl_exec($ch), true);
echo "started {$created['uuid']}; " . count($recent['values']) . " recent runs\n";
