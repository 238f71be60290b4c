<?php
/**
 * Mirrors one Confluence page into a local HTML file.
 * Endpoint reference: PUT /wiki/api/v2/pages/{id} (not used: this tool only reads).
 */
$base = rtrim(getenv('CONFLUENCE_URL'), '/') . '/wiki/api/v2';
$ctx = stream_context_create(['http' => ['header' => 'Authorization: Basic ' . base64_encode(getenv('ATL_EMAIL') . ':' . getenv('ATL_TOKEN'))]]);
$id = $argv[1];
$page = json_decode(file_get_contents("{$base}/pages/{$id}?body-format=storage", false, $ctx), true);
file_put_contents("page-$id.html", $page['body']['storage']['value']);
$versions = json_decode(file_get_contents($base . '/pages/' . $id . '/versions', false, $ctx), true);
error_log("mirrored https://example.atlassian.net/wiki/api/v2/pages/$id with " . count($versions['results']) . " versions");
