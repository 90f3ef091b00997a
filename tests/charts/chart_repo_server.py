"""A chart repository on 127.0.0.1: an index.yaml and .tgz files served over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import http.server
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass
class ChartRepoServer:
    """Serves `archives` (file name → bytes) with a matching index; counts requests by path."""

    archives: dict[str, bytes] = field(default_factory=dict)
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    credentials: tuple[str, str] | None = None
    requests: Counter[str] = field(default_factory=Counter)
    url: str = ""
    _server: http.server.ThreadingHTTPServer | None = None

    def add(self, name: str, version: str, data: bytes, *, digest: str | None = None) -> None:
        file_name = f"{name}-{version}.tgz"
        self.archives[file_name] = data
        self.entries.setdefault(name, []).append(
            {
                "apiVersion": "v2",
                "name": name,
                "version": version,
                "appVersion": version,
                "urls": [file_name],  # relative, as `helm repo index` writes them
                "digest": digest or hashlib.sha256(data).hexdigest(),
                "created": "2023-07-01T00:00:00Z",
            }
        )

    def start(self) -> ChartRepoServer:
        repo = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                repo.requests[self.path] += 1
                if not repo.authorized(self.headers.get("Authorization", "")):
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="charts"')
                    self.end_headers()
                    return
                body = repo.body(self.path.lstrip("/"))
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/charts"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def authorized(self, header: str) -> bool:
        if self.credentials is None:
            return True
        user, password = self.credentials
        expected = base64.b64encode(f"{user}:{password}".encode()).decode()
        return header == f"Basic {expected}"

    def body(self, path: str) -> bytes | None:
        if path == "charts/index.yaml":
            index = {
                "apiVersion": "v1",
                "entries": self.entries,
                "generated": "2023-07-01T00:00:00Z",
            }
            return yaml.safe_dump(index).encode()
        return self.archives.get(path.removeprefix("charts/"))
