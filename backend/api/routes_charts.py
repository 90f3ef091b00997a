"""Charts (§1.5.6): upload, list, describe, delete, and a chart's example cluster.yaml.

The list holds each chart's identity (uuid, name, version, app version, times) with the file
fields empty; KubeFATE sends every template of every chart there (docs/kubefate-compatibility.md).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.api.endpoints import Endpoint
from backend.api.multipart_upload import file_part
from backend.api.responses import RECORD_NOT_FOUND, streamed_success, success
from backend.embedded import EmbeddedBackend


class ChartRoutes:
    def __init__(self, backend: EmbeddedBackend) -> None:
        self.backend = backend

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint("POST", "/v1/chart", self.upload),
            Endpoint("GET", "/v1/chart/", self.list),
            Endpoint("GET", "/v1/chart/{chart_id}", self.get, not_found_text=RECORD_NOT_FOUND),
            Endpoint(
                "DELETE", "/v1/chart/{chart_id}", self.delete, not_found_text=RECORD_NOT_FOUND
            ),
            Endpoint(
                "GET",
                "/v1/chart/valueTemplateExample/{chart_name}/{chart_version}",
                self.value_template_example,
            ),
        ]

    async def upload(self, request: Request, caller: str) -> Response:
        content_type = request.headers.get("content-type", "")
        archive = file_part(await request.body(), content_type)
        chart = await self.backend.upload_chart(archive)
        return success("CreateChart Success", data={"helmUUID": chart.uuid})

    async def list(self, request: Request, caller: str) -> Response:
        charts = await self.backend.list_charts()
        return success("getChartList Success", data=[c.summary().to_wire() for c in charts])

    async def get(self, request: Request, caller: str) -> Response:
        chart = await self.backend.get_chart(request.path_params["chart_id"])
        # Up to ~20 MB of base64 templates: built off the loop and encoded a template at a time.
        return streamed_success("getChart Success", chart.to_wire, depth=3)

    async def delete(self, request: Request, caller: str) -> Response:
        await self.backend.delete_chart(request.path_params["chart_id"])
        return success("deleteChart Success")

    async def value_template_example(self, request: Request, caller: str) -> Response:
        params = request.path_params
        text = await self.backend.value_template_example(
            params["chart_name"], params["chart_version"]
        )
        return success("getChartByNameVersion Success", data=text)
