"""The wire form of every answer, pinned to docs/kubefate-behaviour.md §1 and §2."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from backend.api import Endpoint
from backend.models.wire import parse_time
from tests.api import go_shapes
from tests.api.conftest import NAMESPACE, Served, cluster_yaml

JSON_TYPE = "application/json; charset=utf-8"
CHALLENGE = "JWT realm=gin jwt"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
GO, ARGS = "json: cannot unmarshal", "Go struct field ClusterArgs"


def concrete(path: str, value: str = UNKNOWN) -> str:
    """A route's path with every `{param}` filled in."""
    return "/".join(value if part.startswith("{") else part for part in path.split("/"))


def endpoints(served: Served) -> list[Endpoint]:
    table: list[Endpoint] = served.app.state.endpoints
    return table


# --- login, logout, tokens ---------------------------------------------------------------------


async def test_login_answers_code_expire_token(served: Served) -> None:
    client = served.client()
    response = await client.post("/v1/user/login", json={"username": "admin", "password": "admin"})
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON_TYPE
    body = response.json()
    assert list(body) == ["code", "expire", "token"] and body["code"] == 200
    assert go_shapes.RFC3339_SECONDS.match(body["expire"]), body["expire"]
    expire = parse_time(body["expire"])
    assert expire is not None
    assert timedelta(minutes=29) < expire - datetime.now().astimezone() <= timedelta(minutes=30)
    assert jwt.get_unverified_header(body["token"]) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(body["token"], options={"verify_signature": False})
    # KubeFATE's claims, plus `gen` (the account's token generation: see test_security.py)
    assert set(claims) == {"id", "exp", "orig_iat", "gen"} and claims["id"] == "admin"
    assert claims["exp"] == int(expire.timestamp())

    # Keys match case-insensitively, as Go's decoder does (the swagger example uses these).
    response = await client.post("/v1/user/login", json={"Username": "admin", "Password": "admin"})
    assert response.status_code == 200


LOGIN_FAILURES = [
    (b"", "missing Username or Password"),
    (b"username=admin", "missing Username or Password"),
    (b'{"username": 1, "password": "admin"}', "missing Username or Password"),
    (b'{"username": "admin", "password": "wrong"}', "incorrect Username or Password"),
    (b'{"username": "nobody", "password": "admin"}', "incorrect Username or Password"),
    (b"{}", "incorrect Username or Password"),
]


async def test_login_failures(served: Served) -> None:
    for body, message in LOGIN_FAILURES:
        response = await served.client().post("/v1/user/login", content=body)
        assert response.status_code == 401, body
        assert response.headers["www-authenticate"] == CHALLENGE
        assert response.json() == {"code": 401, "message": message}


async def test_logout_always_answers_200(served: Served) -> None:
    for headers in ({}, served.auth(), {"Authorization": "Bearer junk"}):
        response = await served.client().post("/v1/user/logout", headers=headers)
        assert (response.status_code, response.json()) == (200, {"code": 200})


async def test_token_failures_are_gin_jwts(served: Served) -> None:
    client = served.client()
    issuer = served.backend.accounts.issuer
    an_hour_ago = datetime.now().astimezone() - timedelta(hours=1)
    expired = issuer.issue("admin", "any-generation", at=an_hour_ago).token
    forged = jwt.encode(
        {"id": "admin", "exp": 4_000_000_000},
        "not the key, but long enough for HS256",
        algorithm="HS256",
    )
    no_exp = jwt.encode({"id": "admin"}, issuer._secret, algorithm="HS256")
    cases: list[tuple[dict[str, str], int, str]] = [
        ({}, 401, "cookie token is empty"),
        ({"Authorization": f"Token {served.token}"}, 401, "cookie token is empty"),
        ({"Authorization": f"bearer {served.token}"}, 401, "cookie token is empty"),
        ({"Authorization": "Bearer"}, 401, "cookie token is empty"),
        ({"Authorization": f"Bearer {forged}"}, 401, "signature is invalid"),
        ({"Authorization": f"Bearer {expired}"}, 401, "Token is expired"),
        ({"Authorization": f"Bearer {no_exp}"}, 400, "missing exp field"),
    ]
    for headers, status, message in cases:
        response = await client.get("/v1/job/", headers=headers)
        assert response.status_code == status, headers
        assert response.headers["www-authenticate"] == CHALLENGE
        assert response.json() == {"code": status, "message": message}
    response = await client.get("/v1/job/", headers={"Authorization": "Bearer abc"})
    assert response.status_code == 401 and set(response.json()) == {"code", "message"}


async def test_the_token_may_come_from_query_or_cookie(served: Served) -> None:
    client = served.client()
    response = await client.get("/v1/version/", params={"token": served.token})
    assert response.status_code == 200
    client.cookies.set("jwt", served.token)
    own_origin = {"Origin": served.url}  # the cookie counts from the service's own pages only
    response = await client.get("/v1/version/", headers=own_origin)
    assert response.status_code == 200
    # A broken header does not hide a good token further down the lookup order.
    response = await client.get("/v1/version/", headers={"Authorization": "Token x", **own_origin})
    assert response.status_code == 200


# --- routes: both slash forms, gin's 404, shapes ------------------------------------------------


async def test_both_slash_forms_of_every_route_answer_alike(served: Served) -> None:
    client = served.client()
    for endpoint in endpoints(served):
        path = concrete(endpoint.path)
        answers = []
        for form in {path.rstrip("/") or "/", path.rstrip("/") + "/"}:
            response = await client.request(endpoint.method, form, headers=served.auth())
            assert response.status_code != 404 or response.headers["content-type"] == JSON_TYPE, (
                endpoint.method,
                form,
            )
            assert not response.is_redirect
            answers.append(response.status_code)
        assert len(set(answers)) == 1, (endpoint.method, path, answers)


UNKNOWN_ROUTES = [
    ("GET", "/nope"),
    ("GET", "/v1/nope"),
    ("GET", "/v1/swagger/index.html"),
    ("PATCH", "/v1/job/"),
    ("POST", "/v1/job/"),
    ("DELETE", "/v1/cluster"),
    ("PUT", "/v1/chart/x"),
    ("GET", "/v1/cluster/a/b"),
    ("OPTIONS", "/v1/version/"),
]


async def test_unknown_paths_and_methods_get_gins_404(served: Served) -> None:
    client = served.client()
    for method, path in UNKNOWN_ROUTES:
        response = await client.request(method, path, headers=served.auth())
        assert response.status_code == 404, (method, path)
        assert response.headers["content-type"] == "text/plain"
        assert response.text == "404 page not found"
    # GET /v1/user/:userId with the id "login": a route, and no such user.
    response = await client.get("/v1/user/login", headers=served.auth())
    assert (response.status_code, response.json()) == (404, {"error": "record not found"})


async def test_service_routes(served: Served) -> None:
    client = served.client()
    response = await client.get("/")
    assert (response.status_code, response.text) == (200, '{"msg":"kubefate run Success"}')
    assert response.headers["content-type"] == JSON_TYPE
    response = await client.get("/v1/")
    assert (response.status_code, response.text) == (400, '{"error":"error path"}')
    response = await client.get("/v1/version", headers=served.auth())
    assert response.text == '{"msg":"getVersion Success","version":"v1.4.5"}'
    served.emulator.controller.create_namespace("fate-10000", labels={"team": "a<b"})
    response = await client.get("/v1/namespace/", headers=served.auth())
    assert response.text.startswith('{"data":[') and response.json()["msg"] == (
        "getNamespaceList Success"
    )
    namespaces = {ns["Name"]: ns for ns in response.json()["data"]}
    for item in namespaces.values():
        go_shapes.namespace(item)
    assert namespaces[NAMESPACE]["Status"] == "Active"
    assert namespaces["fate-10000"]["Age"].endswith("s")
    assert "a\\u003cb" in response.text  # Go escapes <, > and & in JSON strings


async def test_namespaces_without_permission(served: Served) -> None:
    served.emulator.controller.deny("list", "namespaces")
    response = await served.client().get("/v1/namespace/", headers=served.auth())
    assert response.status_code == 500
    assert response.json()["error"].startswith(
        "Get namespaces failed. Please check if user has the privilege to list resource "
        '"namespaces"'
    )


async def install(served: Served, client: httpx.AsyncClient, **fields: Any) -> httpx.Response:
    body = {
        "name": "fate-9999",
        "namespace": NAMESPACE,
        "chart_name": "fate",
        "chart_version": "v2.0.0",
        "cover": False,
        "data": base64.b64encode(cluster_yaml()).decode(),
        "Keep_upgrade_job": False,
        **fields,
    }
    return await client.post("/v1/cluster", content=json.dumps(body), headers=served.auth())


async def test_job_and_cluster_shapes(with_chart: Served) -> None:
    served = with_chart
    served.emulator.controller.auto_ready(delay_ms=50)
    client = served.client()
    response = await install(served, client)
    assert list(response.json()) == ["data", "msg"]
    job = response.json()["data"]
    assert list(job) == [
        "uuid", "start_time", "end_time", "method", "cluster_id", "creator", "sub_jobs",
        "status", "time_limit", "meta_data", "states", "ID", "CreatedAt", "UpdatedAt",
        "DeletedAt",
    ]  # fmt: skip
    go_shapes.job(job)
    assert (job["status"], job["cluster_id"], job["end_time"]) == (
        "Pending", "", "0001-01-01T00:00:00Z",
    )  # fmt: skip
    assert job["time_limit"] == 3_600_000_000_000 and job["DeletedAt"] is None
    assert job["meta_data"]["data"] == base64.b64encode(cluster_yaml()).decode()
    await served.backend.engine.wait_idle()

    response = await client.get(f"/v1/job/{job['uuid']}", headers=served.auth())
    job = response.json()["data"]
    sub_job = job["sub_jobs"]["python"]
    assert sub_job["ModuleName"] == "python" and sub_job["Status"] == "Success"
    assert sub_job["ModulesStatus"] == "Available"

    response = await client.get("/v1/cluster/", headers=served.auth())
    (listed,) = response.json()["data"]
    go_shapes.cluster(listed)
    assert listed["namespaces"] == NAMESPACE and "Info" not in listed
    assert listed["Spec"]["partyId"] == 9999 and listed["chart_values"] is None
    response = await client.get(f"/v1/cluster/{job['cluster_id']}/", headers=served.auth())
    described = response.json()["data"]
    assert set(described["Info"]) >= {"ip", "status"}
    assert described["status"] == "Running" and described["revision"] == 1


INSTALL_BIND_ERRORS: list[tuple[dict[str, Any], str | None]] = [
    ({"data": "abc"}, "illegal base64 data at input byte 0"),
    ({"data": "YWJj!ZA=="}, "illegal base64 data at input byte 4"),
    ({"data": 5}, f"{GO} number into {ARGS}.data of type []uint8"),
    ({"data": [300]}, f"{GO} number 300 into {ARGS}.data of type uint8"),
    ({"name": 7}, f"{GO} number into {ARGS}.name of type string"),
    ({"cover": "yes"}, f"{GO} string into {ARGS}.cover of type bool"),
    ({"chart_version": ""}, "chartVersion cannot be empty"),
    ({"chart_name": ""}, "chartVersion cannot be empty"),
    ({"data": base64.b64encode(b"a: [").decode()}, None),  # the document must parse
]
UNBINDABLE_BODIES = [
    (b"", "EOF"),
    (b"   ", "EOF"),
    (b"[1]", "json: cannot unmarshal array into Go value of type modules.ClusterArgs"),
    (b"{", "unexpected EOF"),
    (b"x", "invalid character 'x' looking for beginning of value"),
    (b"null", "chartVersion cannot be empty"),
]


async def test_install_bind_errors(served: Served) -> None:
    client = served.client()
    for fields, error in INSTALL_BIND_ERRORS:
        response = await install(served, client, **fields)
        assert response.status_code == 400, (fields, response.text)
        assert set(response.json()) == {"error"}
        assert error is None or response.json()["error"] == error
    for body, error in UNBINDABLE_BODIES:
        for method in ("POST", "PUT"):
            response = await client.request(
                method, "/v1/cluster", content=body, headers=served.auth()
            )
            assert (response.status_code, response.json()) == (400, {"error": error}), body


async def test_update_of_an_unknown_cluster(with_chart: Served) -> None:
    client = with_chart.client()
    body = {
        "name": "ghost",
        "namespace": NAMESPACE,
        "chart_name": "fate",
        "chart_version": "v2.0.0",
        "data": base64.b64encode(cluster_yaml("ghost")).decode(),
    }
    response = await client.put("/v1/cluster", json=body, headers=with_chart.auth())
    assert (response.status_code, response.json()) == (
        404,
        {"error": "name=ghost Cluster is not existed"},
    )


async def test_no_response_ever_has_two_json_bodies(served: Served) -> None:
    """KubeFATE's user handlers write an error then a success body (§1.3); ours write one."""
    client = served.client()
    for method, path in [
        ("GET", f"/v1/user/{UNKNOWN}"),
        ("DELETE", f"/v1/user/{UNKNOWN}"),
        ("PUT", f"/v1/user/{UNKNOWN}"),
        ("POST", "/v1/user"),
    ]:
        response = await client.request(method, path, json={}, headers=served.auth())
        assert response.status_code in (400, 404)
        json.loads(response.text)  # exactly one JSON value


async def test_read_only_backend_answers_403(served: Served) -> None:
    object.__setattr__(served.backend.options, "read_only", True)
    try:
        response = await served.client().post(
            "/v1/user", json={"username": "x", "password": "y"}, headers=served.auth()
        )
    finally:
        object.__setattr__(served.backend.options, "read_only", False)
    assert response.status_code == 403 and "read-only" in response.json()["error"]


async def test_an_unexpected_error_is_gins_empty_500(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken() -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(served.backend, "version", broken)
    response = await served.client().get("/v1/version/", headers=served.auth())
    assert (response.status_code, response.content) == (500, b"")
