#!/usr/bin/env python3
"""`token-warden mcp` driven by a real MCP client the team did not write: the `mcp` package from
PyPI (the official Python SDK; version pinned in tests/mcp/requirements.txt), through its
`stdio_client` and `ClientSession`.

Every answer is checked twice: against the CLI's own `--json` output, run here on the same input
(the server and the CLI must give the same JSON), and against facts from outside the code
(Atlassian's REST reference and a public report of a 401), cited where they are used.

Run:  TOKEN_WARDEN=target/release/token-warden target/py/bin/python tests/mcp/test_mcp_server.py
(`./build.sh test` does this). Prints one line per test and a closing `N passed, N failed`; exits
non-zero when any test fails.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import asynccontextmanager
from pathlib import Path

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("TOKEN_WARDEN", ROOT / "target" / "release" / "token-warden"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOOLS = {"scopes_for_requests", "scopes_for_source", "explain_request", "list_templates"}
CREDENTIALS = ["scoped-personal-token", "service-account-token", "service-account-oauth", "bitbucket-token"]

# GET /rest/api/3/myself ("Get current user"): Atlassian's Jira Cloud platform REST reference lists
# the classic scope read:jira-user, or the granular set below.
# https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get
MYSELF_GRANULAR = ["read:application-role:jira", "read:avatar:jira", "read:group:jira", "read:user:jira"]


def cli(*args: str) -> tuple[int, object]:
    """Runs the CLI and returns its exit code and parsed `--json` output."""
    done = subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=60)
    try:
        return done.returncode, json.loads(done.stdout)
    except json.JSONDecodeError as e:
        raise AssertionError(f"CLI {args} printed no JSON (exit {done.returncode}): {done.stderr}") from e


@asynccontextmanager
async def session(handshake: str = "initialize"):
    params = StdioServerParameters(command=str(BINARY), args=["mcp"], cwd=str(ROOT))
    with open(os.devnull, "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as s:
                if handshake == "discover":
                    await s.discover()
                else:
                    await s.initialize()
                yield s


async def call(s: ClientSession, tool: str, arguments: dict | None = None):
    result = await s.call_tool(tool, arguments)
    return result


def structured(result) -> dict:
    assert not result.is_error, f"tool error: {texts(result)}"
    assert isinstance(result.structured_content, dict), result.structured_content
    # The MCP specification: structured content is also given as serialized JSON text.
    assert any(
        json.loads(t) == result.structured_content for t in texts(result) if t.startswith("{")
    ), "no text block holds the structured content"
    return result.structured_content


def texts(result) -> list[str]:
    return [c.text for c in result.content if getattr(c, "type", None) == "text"]


def tool_error(result) -> str:
    assert result.is_error, f"expected a tool error, got {result.structured_content}"
    assert result.structured_content is None
    message = "\n".join(texts(result))
    assert message, "a tool error without a message"
    return message


def scopes_of(recommendation: dict) -> list[str]:
    return sorted(s["scope"] for s in recommendation["scopes"])


# --- the tests ---------------------------------------------------------------------------------


async def test_lists_the_four_tools_with_their_schemas(s: ClientSession):
    listed = (await s.list_tools()).tools
    assert {t.name for t in listed} == TOOLS, [t.name for t in listed]
    by_name = {t.name: t for t in listed}
    for tool in listed:
        schema = tool.input_schema
        assert schema["type"] == "object", tool.name
        assert schema.get("additionalProperties") is False, tool.name
        assert tool.annotations.read_only_hint is True, tool.name
        assert tool.annotations.open_world_hint is False, tool.name
        assert len(tool.description) > 80, tool.name
    requests = by_name["scopes_for_requests"].input_schema
    assert requests["required"] == ["requests"]
    assert requests["properties"]["requests"]["type"] == "array"
    assert requests["properties"]["requests"]["items"]["type"] == "string"
    for name in ("scopes_for_requests", "scopes_for_source"):
        assert json.dumps(by_name[name].input_schema).count('"service-account-token"') >= 1, name
        for credential in CREDENTIALS:
            assert credential in json.dumps(by_name[name].input_schema), (name, credential)
    assert by_name["scopes_for_source"].input_schema["required"] == ["paths"]
    assert sorted(by_name["explain_request"].input_schema["required"]) == ["method", "url"]
    assert set(by_name["explain_request"].input_schema["properties"]) == {
        "method", "url", "held_scopes", "error_response"
    }
    assert "required" not in by_name["list_templates"].input_schema
    # The descriptions tell an agent when to call: before asking a person for a token.
    assert "BEFORE asking a person" in by_name["scopes_for_requests"].description
    assert "401" in by_name["explain_request"].description


async def test_server_identifies_itself_and_says_when_to_use_it(s: ClientSession):
    info = s._initialize_result  # what `initialize` returned
    assert info.server_info.name == "token-warden"
    assert "least-privilege" in info.instructions
    assert info.capabilities.tools is not None


async def test_myself_gets_the_exact_scopes_the_cli_gives(s: ClientSession):
    line = "GET https://acme.atlassian.net/rest/api/3/myself"
    got = structured(await call(s, "scopes_for_requests", {"requests": [line]}))
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
        f.write(line + "\n")
        f.flush()
        code, expected = cli("scopes", "requests", "--json", f.name)
    assert code == 0
    assert got.pop("unreadable_lines") == []
    assert got == expected
    assert [r["operation"] for r in got["requests"]] == ["GET /rest/api/3/myself"]
    (recommendation,) = got["recommendations"]
    assert recommendation["credential"] == "service_account_token"
    assert scopes_of(recommendation) == MYSELF_GRANULAR


async def test_curl_lines_credentials_and_bitbucket_match_the_cli(s: ClientSession):
    requests = [
        "# a comment, then a curl command continued over two lines",
        "curl -s -X POST -H 'Content-Type: application/json' \\\n"
        "  https://api.atlassian.com/ex/jira/11111111-2222-3333-4444-555555555555/rest/api/3/issue",
        "GET https://api.bitbucket.org/2.0/repositories/acme/api/pullrequests",
        "GET https://acme.atlassian.net/rest/api/3/no/such/endpoint",
        "this is not a request",
    ]
    got = structured(
        await call(s, "scopes_for_requests", {"requests": requests, "credential": "service-account-oauth"})
    )
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
        f.write("\n".join(requests) + "\n")
        f.flush()
        code, expected = cli("scopes", "requests", "--credential", "service-account-oauth", "--json", f.name)
    assert code == 1  # one unknown endpoint
    unreadable = got.pop("unreadable_lines")
    assert got == expected
    assert [u["text"] for u in unreadable] == ["this is not a request"]
    assert [r["operation"] for r in got["requests"]] == [
        "POST /rest/api/3/issue",
        "GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests",
        None,
    ]
    assert got["unknown_count"] == 1
    assert [r["credential"] for r in got["recommendations"]] == ["service_account_oauth", "bitbucket_token"]
    summary = texts(await call(s, "scopes_for_requests", {"requests": requests}))[0]
    assert summary.startswith("3 request(s), 1 unknown, 1 unreadable line(s)"), summary


async def test_scan_returns_exactly_what_the_cli_prints(s: ClientSession):
    fixture = FIXTURES / "jira-project-report"
    got = structured(await call(s, "scopes_for_source", {"paths": [str(fixture)]}))
    code, expected = cli("scopes", "scan", "--json", str(fixture))
    assert code == 0
    assert got == expected
    # The fixture's hand-labelled operations (see its header), found whatever the report's shape.
    text = json.dumps(got)
    for operation in ("GET /rest/api/3/project", "POST /rest/api/3/issue/{issueIdOrKey}/comment"):
        assert operation in text, operation
    assert "report.py:" in text
    assert "write:comment:jira" in text
    # The credential reaches the scan too.
    got = structured(
        await call(s, "scopes_for_source", {"paths": [str(fixture)], "credential": "scoped-personal-token"})
    )
    code, expected = cli("scopes", "scan", "--credential", "scoped-personal-token", "--json", str(fixture))
    assert got == expected


async def test_explain_myself_gives_every_scope_set_and_the_host_fix(s: ClientSession):
    url = "https://acme.atlassian.net/rest/api/3/myself"
    got = structured(await call(s, "explain_request", {"method": "get", "url": url}))
    code, expected = cli("scopes", "explain", "--json", "GET", url)
    assert code == 0
    assert got["explanation"] == expected
    assert got["explanation"]["operation"] == "GET /rest/api/3/myself"
    assert sorted(map(sorted, got["explanation"]["alternatives"])) == sorted(
        [["read:jira-user"], MYSELF_GRANULAR]
    )
    host = got["host"]
    assert host["url_form"] == "site"
    assert host["ok_for_scoped_credentials"] is False
    assert host["gateway_url"] == "https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3/myself"
    assert host["cloud_id_lookup"] == "https://acme.atlassian.net/_edge/tenant_info"
    assert got["error_response"] is None


async def test_a_pasted_401_scope_does_not_match_names_the_missing_scope(s: ClientSession):
    # A public report (Atlassian Community, "OAuth 3LO Access Token Returns 401 'Unauthorized; scope
    # does not match' for Jira Software APIs", July 2025): a token with these scopes gets the 401
    # on GET /rest/agile/1.0/board through the gateway. Atlassian's reference for that operation
    # (Jira Software REST, "Get all boards") lists read:board-scope:jira-software and
    # read:project:jira, so the one missing is read:project:jira.
    held = [
        "read:jira-work", "read:board-scope:jira-software", "read:board-scope.admin:jira-software",
        "read:sprint:jira-software", "read:jira-user", "write:jira-work", "manage:jira-webhook",
    ]
    url = "https://api.atlassian.com/ex/jira/11111111-2222-3333-4444-555555555555/rest/agile/1.0/board"
    error = '{"code":401,"message":"Unauthorized; scope does not match"}'
    got = structured(
        await call(s, "explain_request", {"method": "GET", "url": url, "held_scopes": held, "error_response": error})
    )
    code, expected = cli("scopes", "explain", "--json", "--held", ",".join(held), "GET", url)
    assert got["explanation"] == expected
    assert got["host"]["ok_for_scoped_credentials"] is True
    assert got["host"]["gateway_url"] is None
    advice = got["error_response"]
    assert advice["kind"] == "scope-does-not-match"
    assert advice["status"] == 401
    assert advice["likely_missing"] == ["read:project:jira"]
    assert any("read:project:jira" in step for step in advice["next_steps"])
    # Without the held scopes: inferred from method and path alone.
    got = structured(await call(s, "explain_request", {"method": "GET", "url": url, "error_response": error}))
    assert sorted(got["error_response"]["likely_missing"]) == [
        "read:board-scope:jira-software", "read:project:jira"
    ]


async def test_a_401_on_the_site_url_says_to_fix_the_host_first(s: ClientSession):
    got = structured(
        await call(s, "explain_request", {
            "method": "GET",
            "url": "https://acme.atlassian.net/wiki/api/v2/pages/42",
            "error_response": "HTTP/1.1 401 Unauthorized",
        })
    )
    advice = got["error_response"]
    assert advice["kind"] == "unauthorized"
    assert advice["likely_missing"] == []
    assert advice["next_steps"][0].endswith(
        "https://api.atlassian.com/ex/confluence/{cloudId}/wiki/api/v2/pages/42"
    )


async def test_templates_are_the_cli_templates(s: ClientSession):
    got = structured(await call(s, "list_templates"))
    code, expected = cli("scopes", "templates", "--json")
    assert got == {"templates": expected}
    assert len(expected) >= 5
    one = expected[0]["template"]["id"]
    got = structured(await call(s, "list_templates", {"id": one}))
    code, expected = cli("scopes", "templates", "--json", "--id", one)
    assert got == {"templates": expected}
    assert len(expected) == 1


async def test_bad_input_gets_a_clean_tool_error_and_the_server_goes_on(s: ClientSession):
    cases = [
        ("scopes_for_requests", {"requests": []}, "no requests"),
        ("scopes_for_requests", {"requests": ["not a request"]}, "no readable request"),
        ("scopes_for_requests", {"requests": ["GET /rest/api/3/myself"], "credential": "root"}, "unknown variant"),
        ("scopes_for_requests", {"requests": "GET /rest/api/3/myself"}, "invalid type"),
        ("scopes_for_requests", {"requests": ["GET /x"], "extra": 1}, "unknown field"),
        ("scopes_for_requests", {"requests": ["GET /rest/api/3/myself"] * 2001}, "at most 2000"),
        ("scopes_for_requests", {"requests": ["GET /rest/api/3/myself?" + "a" * (1024 * 1024)]}, "at most 1048576"),
        ("scopes_for_source", {"paths": []}, "no paths"),
        ("scopes_for_source", {"paths": ["/no/such/dir/for/token-warden"]}, "no such file or directory"),
        ("scopes_for_source", {}, "missing field `paths`"),
        ("explain_request", {"method": "GET"}, "missing field `url`"),
        ("explain_request", {"method": "G E T", "url": "/rest/api/3/myself"}, "not an HTTP method"),
        ("explain_request", {"method": "GET", "url": "  "}, "url is empty"),
        ("explain_request", {"method": "GET", "url": "/rest/\u0007api"}, "control characters"),
        ("explain_request", {"method": "GET", "url": "/" + "x" * 9000}, "at most 8192"),
        ("list_templates", {"id": "no-such-template"}, 'no template with id "no-such-template"'),
    ]
    for tool, arguments, expected in cases:
        message = tool_error(await call(s, tool, arguments))
        assert expected in message, (tool, expected, message)
    # An unknown method name is an answer (unknown operation), not an error.
    got = structured(await call(s, "explain_request", {"method": "BREW", "url": "/rest/api/3/myself"}))
    assert got["explanation"]["operation"] is None
    assert "BREW" in got["explanation"]["matched"]["unknown_reason"]
    # Still serving.
    assert {t.name for t in (await s.list_tools()).tools} == TOOLS


async def test_the_modern_discover_handshake_works_too(_: ClientSession):
    async with session("discover") as s:
        got = structured(
            await call(s, "scopes_for_requests", {"requests": ["GET https://acme.atlassian.net/rest/api/3/myself"]})
        )
        assert scopes_of(got["recommendations"][0]) == MYSELF_GRANULAR


async def test_the_server_survives_malformed_and_oversized_json_rpc_lines(_: ClientSession):
    # Raw stdio, since a well-behaved client never sends these: a line that is not JSON, a JSON
    # value that is not a message, a valid request longer than the server's 4 MiB message bound
    # (dropped unread: valid, so only the bound can stop it); then a request that must still be
    # answered.
    explain = {"method": "GET", "url": "/rest/api/3/myself"}
    oversized = {"method": "GET", "url": "/rest/api/3/myself?" + "a" * (5 * 1024 * 1024)}
    lines = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        "{this is not json",
        "[1, 2, 3]",
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "explain_request", "arguments": oversized}},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "explain_request", "arguments": explain}},
    ]
    payload = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    process = await asyncio.create_subprocess_exec(
        str(BINARY), "mcp", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    process.stdin.write(payload.encode())
    await process.stdin.drain()
    answers = {}
    while 2 not in answers:
        line = await asyncio.wait_for(process.stdout.readline(), timeout=30)
        assert line, f"the server closed stdout; exit code {await process.wait()}"
        message = json.loads(line)
        answers[message.get("id")] = message
    assert answers[2]["result"]["structuredContent"]["explanation"]["operation"] == "GET /rest/api/3/myself"
    assert process.returncode is None, "the server exited"
    process.stdin.close()
    rest = await asyncio.wait_for(process.stdout.read(), timeout=30)
    for line in rest.splitlines():
        message = json.loads(line)
        answers[message.get("id")] = message
    assert await asyncio.wait_for(process.wait(), timeout=30) == 0
    assert 3 not in answers, "the oversized request was read"


async def main() -> int:
    if not BINARY.is_file():
        print(f"no token-warden binary at {BINARY} (set TOKEN_WARDEN)", file=sys.stderr)
        return 2
    tests = [(name, fn) for name, fn in globals().items() if name.startswith("test_") and callable(fn)]
    passed = failed = 0
    started = time.monotonic()
    async with session() as s:
        for name, test in tests:
            try:
                await asyncio.wait_for(test(s), timeout=120)
                passed += 1
                print(f"ok - {name}")
            except Exception:  # a failing test is reported and the rest still run
                failed += 1
                print(f"not ok - {name}")
                traceback.print_exc(file=sys.stdout)
    print(f"{passed} passed, {failed} failed ({time.monotonic() - started:.1f} s, {BINARY})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
