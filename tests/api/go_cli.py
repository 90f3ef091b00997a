"""The requests the stock `kubefate` CLI sends (docs/kubefate-behaviour.md §6), byte for byte
where it matters: a login before every request (no Content-Type,
`{"password":..,"username":..}`), then the request with `Authorization: Bearer <token>` and
`user-agent: kubefate`, to the exact path form the CLI uses (which KubeFATE answered with a
redirect; we answer directly)."""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from typing import Any

import httpx
import yaml

from backend.models.wire import first_json_value, go_json_dumps

GO_CLIENT_HEADERS = {"User-Agent": "Go-http-client/1.1", "Accept-Encoding": "gzip"}


def go_marshal_sorted(value: Any) -> str:
    """json.Marshal of a Go map: keys sorted, compact, HTML-escaped."""
    return go_json_dumps(json.loads(json.dumps(value, sort_keys=True)))


def cluster_args_body(cluster_yaml: bytes, *, cover: bool = False, keep: bool = False) -> bytes:
    """What `cluster install|update -f` sends: ClusterArgs (Go struct order), `data` = base64
    of the cluster.yaml re-serialised as JSON."""
    spec = yaml.safe_load(cluster_yaml)
    args = {
        "name": spec["name"],
        "namespace": spec["namespace"],
        "chart_name": spec["chartName"],
        "chart_version": spec["chartVersion"],
        "cover": cover,
        "data": base64.b64encode(go_marshal_sorted(spec).encode()).decode(),
        "Keep_upgrade_job": keep,
    }
    return go_json_dumps(args).encode()


def multipart_body(filename: str, content: bytes) -> tuple[bytes, str]:
    """Go's multipart.Writer with one CreateFormFile("file", filename) part."""
    boundary = secrets.token_hex(30)
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@dataclass
class Answer:
    status: int
    body: Any  # the first JSON value (the CLI decodes the body whatever the status)


class GoCli:
    def __init__(self, client: httpx.AsyncClient, username: str = "admin", password: str = "admin"):
        self.client = client
        self.username = username
        self.password = password
        self.sent: list[httpx.Request] = []

    async def token(self) -> str:
        body = go_marshal_sorted({"username": self.username, "password": self.password})
        response = await self.client.post(
            "/v1/user/login", content=body.encode(), headers=GO_CLIENT_HEADERS
        )
        assert response.status_code == 200, response.text
        token = first_json_value(response.text)["token"]
        assert isinstance(token, str)
        return token

    async def send(
        self, method: str, path: str, body: bytes = b"", content_type: str | None = None
    ) -> Answer:
        headers = {
            **GO_CLIENT_HEADERS,
            "Authorization": f"Bearer {await self.token()}",
            "user-agent": "kubefate",
        }
        if content_type:
            headers["Content-Type"] = content_type
        request = self.client.build_request(method, "/v1/" + path, content=body, headers=headers)
        self.sent.append(request)
        response = await self.client.send(request)
        assert not response.is_redirect, f"{method} {path}: redirected"
        return Answer(response.status_code, first_json_value(response.text))
