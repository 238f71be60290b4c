# Test fixtures: recorded responses. Nothing here is requested.
FIXTURES = {
    "DELETE https://acme.atlassian.net/rest/api/3/issue/BUG-1": {"status": 204},
    "POST https://acme.atlassian.net/rest/api/3/issue": {"key": "BUG-1"},
}


def test_fixture_keys():
    assert "BUG-1" in FIXTURES["POST https://acme.atlassian.net/rest/api/3/issue"]["key"]
