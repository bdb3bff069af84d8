#!/usr/bin/env python3
"""A Gatehouse client in plain Python (standard library only), driven by the server's own
OpenAPI document: it knows operation ids, not URLs.

Run by test/rest-api.python.test.ts against a real server; usable on its own:

    GATEHOUSE_URL=http://localhost:3000 GATEHOUSE_API_KEY=gate_... python3 gatehouse_client.py

It walks a small scenario (profile, a team, its members, errors) with the key, asserts what it
gets back, and prints what it saw as one JSON object.
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class GatehouseError(Exception):
    def __init__(self, status, body):
        data = (body or {}).get("error", {}).get("data", {})
        super().__init__(f"{status} {data.get('reason')}: {(body or {}).get('error', {}).get('message')}")
        self.status = status
        self.reason = data.get("reason")
        self.body = body


class Gatehouse:
    def __init__(self, base_url, api_key):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        document = self._send("GET", self.base_url + "/api/openapi.json", None, auth=False)
        assert document["openapi"].startswith("3.1"), document["openapi"]
        self.server = document["servers"][0]["url"]
        self.operations = {}
        for path, methods in document["paths"].items():
            for method, operation in methods.items():
                self.operations[operation["operationId"]] = (method.upper(), path, operation)

    def _send(self, method, url, body, auth=True):
        headers = {"Accept": "application/json"}
        if auth:
            headers["Authorization"] = "Bearer " + self.api_key
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raw = error.read().decode("utf-8")
            raise GatehouseError(error.code, json.loads(raw) if raw else None) from None

    def call(self, operation_id, **params):
        """Calls an operation by id: path parameters by name, the rest as query or JSON body."""
        method, template, operation = self.operations[operation_id]
        path = template
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                value = params.pop(parameter["name"])
                path = path.replace("{" + parameter["name"] + "}", urllib.parse.quote(str(value), safe=""))
        url = self.server + path
        if method == "GET":
            if params:
                url += "?" + urllib.parse.urlencode(
                    {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in params.items()}, doseq=True
                )
            return self._send(method, url, None)
        return self._send(method, url, params if "requestBody" in operation else None)


def expect_error(status, reason, action):
    try:
        action()
    except GatehouseError as error:
        assert (error.status, error.reason) == (status, reason), (error.status, error.reason)
        return error
    raise AssertionError(f"expected {status} {reason}, the call succeeded")


def main():
    client = Gatehouse(os.environ["GATEHOUSE_URL"], os.environ["GATEHOUSE_API_KEY"])
    read_only = Gatehouse(os.environ["GATEHOUSE_URL"], os.environ["GATEHOUSE_READ_ONLY_KEY"])

    me = client.call("me.get")
    assert me["via"] == "apiKey" and me["role"] == "owner", me

    team = client.call("orgAdmin.teams.create", name="Made in Python")
    client.call("orgAdmin.teams.addMember", teamId=team["id"], userId=me["id"])
    members = client.call("orgAdmin.members.list", teamId=team["id"], limit=10)
    assert [m["userId"] for m in members["items"]] == [me["id"]], members

    updated = client.call("me.updateProfile", displayName="Py Thon", timezone="Europe/Paris")
    assert updated["displayName"] == "Py Thon", updated
    again = client.call("me.get")
    assert (again["displayName"], again["timezone"]) == ("Py Thon", "Europe/Paris"), again

    invalid = expect_error(400, "VALIDATION", lambda: client.call("orgAdmin.members.list", limit=1000))
    assert invalid.body["error"]["data"]["issues"][0]["path"] == ["limit"], invalid.body
    expect_error(403, "INSUFFICIENT_SCOPE", lambda: read_only.call("orgAdmin.teams.create", name="Nope"))
    expect_error(404, None, lambda: client.call("orgAdmin.teams.rename", teamId="no-such-team", name="X"))

    scratch = client.call("orgAdmin.teams.create", name="Short-lived")
    client.call("orgAdmin.teams.delete", teamId=scratch["id"])
    teams = client.call("orgAdmin.teams.list")

    print(json.dumps({
        "userId": me["id"],
        "teamId": team["id"],
        "deletedTeamId": scratch["id"],
        "teamNames": sorted(t["name"] for t in teams),
        "displayName": again["displayName"],
        "operations": len(client.operations),
    }))


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, GatehouseError) as failure:
        print(f"FAILED: {failure!r}", file=sys.stderr)
        sys.exit(1)
