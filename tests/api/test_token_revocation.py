"""Tokens are checked against the account at every request: deleting the user, changing its
password and logging out end them, also across a restart (KubeFATE: a token lives 30 minutes
whatever happens to its account)."""

from __future__ import annotations

from pathlib import Path

import httpx

from backend.api import create_app
from tests.api.conftest import Served, serving
from tests.engine.conftest import backend_for

ENDED = {
    "code": 401,
    "message": "token is no longer valid (logged out, password changed or user deleted)",
}


async def login(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    response = await client.post(
        "/v1/user/login", json={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def create_user(served: Served, username: str, password: str) -> str:
    response = await served.client().post(
        "/v1/user", json={"username": username, "password": password}, headers=served.auth()
    )
    assert response.status_code == 200, response.text
    uuid: str = response.json()["data"]["uuid"]
    return uuid


async def test_a_deleted_users_token_stops_working(served: Served) -> None:
    client = served.client()
    carol = await create_user(served, "carol", "carols-password")
    as_carol = await login(client, "carol", "carols-password")
    assert (await client.get("/v1/job/", headers=as_carol)).status_code == 200
    response = await client.delete(f"/v1/user/{carol}", headers=served.auth())
    assert response.status_code == 200
    response = await client.get("/v1/job/", headers=as_carol)
    assert (response.status_code, response.json()) == (401, ENDED)
    # A new account under the same name does not revive the old one's tokens.
    await create_user(served, "carol", "carols-password")
    response = await client.get("/v1/job/", headers=as_carol)
    assert response.status_code == 401


async def test_logout_ends_the_token(served: Served) -> None:
    client = served.client()
    await create_user(served, "dave", "daves-password")
    as_dave = await login(client, "dave", "daves-password")
    response = await client.post("/v1/user/logout", headers=as_dave)
    assert (response.status_code, response.json()) == (200, {"code": 200})  # KubeFATE's answer
    response = await client.get("/v1/job/", headers=as_dave)
    assert (response.status_code, response.json()) == (401, ENDED)
    # Logging in again works; other accounts were not touched.
    assert (
        await client.get("/v1/job/", headers=await login(client, "dave", "daves-password"))
    ).status_code == 200
    assert (await client.get("/v1/job/", headers=served.auth())).status_code == 200


async def test_a_changed_password_ends_earlier_tokens(served: Served) -> None:
    client = served.client()
    erin = await create_user(served, "erin", "erins-password")
    as_erin = await login(client, "erin", "erins-password")
    response = await client.put(
        f"/v1/user/{erin}", json={"email": "erin@example.com"}, headers=served.auth()
    )
    assert response.status_code == 200
    assert (await client.get("/v1/job/", headers=as_erin)).status_code == 200  # email only
    response = await client.put(
        f"/v1/user/{erin}", json={"password": "a-new-password"}, headers=served.auth()
    )
    assert response.status_code == 200
    response = await client.get("/v1/job/", headers=as_erin)
    assert (response.status_code, response.json()) == (401, ENDED)


async def test_an_ended_token_stays_ended_after_a_restart(served: Served, kubeconfig: Path) -> None:
    client = served.client()
    await create_user(served, "fay", "fays-password")
    as_fay = await login(client, "fay", "fays-password")
    await client.post("/v1/user/logout", headers=as_fay)
    second = backend_for(served.db_path, kubeconfig)  # what a restart opens
    await second.start()
    try:
        async with serving(create_app(second)) as url:
            restarted = served.client(base_url=url)
            assert (await restarted.get("/v1/job/", headers=as_fay)).status_code == 401
            assert (await restarted.get("/v1/job/", headers=served.auth())).status_code == 200
    finally:
        await second.close()
