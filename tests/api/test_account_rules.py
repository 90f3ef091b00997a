"""New accounts made through the API follow backend.models.account_rules; the admin
configured as KubeFATE's manifests configure it (`admin`/`admin`) still logs in."""

from __future__ import annotations

import pytest

from tests.api.conftest import Served


@pytest.mark.parametrize(
    ("username", "password", "error"),
    [
        ("bob smith", "long-enough", "username: must not contain spaces or other whitespace"),
        ("bob\u202eevil", "long-enough", "username: must not contain control or invisible"),
        ("bob", "short", "password: at least 8 characters"),
    ],
)
async def test_a_new_user_that_breaks_the_rules_gets_400(
    served: Served, username: str, password: str, error: str
) -> None:
    client = served.client()
    response = await client.post(
        "/v1/user", json={"username": username, "password": password}, headers=served.auth()
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"].startswith(error)
    response = await client.get("/v1/user/", headers=served.auth())
    assert [user["username"] for user in response.json()["data"]] == ["admin"]


async def test_new_usernames_are_stored_nfkc_normalised(served: Served) -> None:
    client = served.client()
    response = await client.post(
        "/v1/user",
        json={"username": "\uff42\uff4f\uff42", "password": "long-enough"},  # full-width bob
        headers=served.auth(),
    )
    assert response.status_code == 200 and response.json()["data"]["username"] == "bob"
    bob = response.json()["data"]["uuid"]
    response = await client.put(f"/v1/user/{bob}", json={"password": "pw"}, headers=served.auth())
    assert (response.status_code, response.json()) == (
        400,
        {"error": "password: at least 8 characters"},
    )
    for typed in ("bob", "\uff42\uff4f\uff42"):
        response = await client.post(
            "/v1/user/login", json={"username": typed, "password": "long-enough"}
        )
        assert response.status_code == 200


async def test_the_admin_configured_as_kubefate_does_logs_in(served: Served) -> None:
    response = await served.client().post(
        "/v1/user/login", json={"username": "admin", "password": "admin"}
    )
    assert response.status_code == 200
