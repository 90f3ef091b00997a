"""Lenient reading of the Go service's answers and the mapping of its errors (§1.3)."""

from __future__ import annotations

import httpx
import pytest

from backend.errors import (
    AuthenticationFailed,
    BackendError,
    Conflict,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    Unavailable,
)
from backend.remote.response_reading import classify, error_for, objects_of, read_answer

URL = "http://kf.example:8080/v1/job/"


def answer(
    status: int, body: str | bytes, content_type: str = "application/json"
) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return httpx.Response(
        status,
        content=content,
        headers={"content-type": content_type},
        request=httpx.Request("GET", URL),
    )


def test_the_first_of_two_concatenated_bodies_is_read() -> None:
    response = answer(200, '{"data":[],"msg":"getUserList Success"}{"msg":"again"}')
    assert read_answer(response, what="list users") == {"data": [], "msg": "getUserList Success"}


def test_the_status_decides_even_when_a_success_body_follows_the_error() -> None:
    response = answer(500, '{"error":"record not found"}{"data":{},"msg":"getUser Success"}')
    with pytest.raises(NotFound, match="user u1: no such user"):
        read_answer(response, what="read user u1", not_found="user u1: no such user")


def test_null_lists_are_empty_lists() -> None:
    assert objects_of(None, answer(200, "{}")) == []


def test_a_list_of_something_else_is_unavailable_with_the_start_quoted() -> None:
    with pytest.raises(Unavailable, match=r"expected a list of objects.*\[1, 2\]"):
        objects_of([1, 2], answer(200, "{}"))


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        (500, "record not found", NotFound),
        (500, "get Cluster error, record not found", NotFound),
        (400, "get Cluster error, record not found", NotFound),
        (500, "get job by jobID error, please check job ID, record not found", NotFound),
        (500, "name=fate-9999 Cluster is not existed", NotFound),
        (500, "User is existed.", Conflict),
        (500, "name=fate-9999 & namespace=fate-9999 Cluster already existed", Conflict),
        (500, "job status is Success, not support stop", Conflict),
        (500, "ClusterUpdate type jobs do not support stop", Conflict),
        (400, "illegal base64 data at input byte 4", InvalidRequest),
        (400, "jobStatus error", InvalidRequest),
        (500, "chartVersion cannot be empty", InvalidRequest),
        (500, "the configuration file did not change", InvalidRequest),
        (500, "using kubefate to downgrade a cluster is not supported yet", InvalidRequest),
        (500, "http: no such file", InvalidRequest),
        (
            500,
            "Get namespaces failed. Please check if user has the privilege to list resource",
            PermissionDenied,
        ),
        (401, "Token is expired", AuthenticationFailed),
        (403, "you don't have permission to access this resource", PermissionDenied),
        (500, "some kubernetes error", Unavailable),
    ],
)
def test_the_services_words_map_to_backend_errors(
    status: int, message: str, expected: type[BackendError]
) -> None:
    error = classify(status, message, what="do it")
    assert type(error) is expected
    if expected is not NotFound:
        assert message in str(error)
        assert str(error).startswith("do it: ")


def test_unknown_service_errors_take_the_callers_type() -> None:
    assert type(classify(500, "not a chart", what="upload", otherwise=InvalidRequest)) is (
        InvalidRequest
    )


def test_jwt_middleware_shape_is_read() -> None:
    error = error_for(answer(401, '{"code":401,"message":"cookie token is empty"}'), what="x")
    assert isinstance(error, AuthenticationFailed)
    assert "cookie token is empty" in str(error)


def test_an_html_page_means_a_server_that_is_not_kubefate() -> None:
    page = "<html>\r\n<head><title>404 Not Found</title></head><body>nginx</body></html>"
    with pytest.raises(Unavailable) as caught:
        read_answer(answer(200, page, "text/html"), what="list jobs")
    for error in (caught.value, error_for(answer(404, page, "text/html"), what="list jobs")):
        text = str(error)
        assert isinstance(error, Unavailable)
        assert URL in text
        assert "'404 Not Found'" in text
        assert "not KubeFATE" in text
        assert "serviceurl" in text and "ingress" in text and "/etc/hosts" in text


def test_garbage_is_unavailable_quoting_the_first_bytes() -> None:
    response = answer(200, b"\x00\x01garbage" + b"x" * 200, "application/octet-stream")
    with pytest.raises(Unavailable) as caught:
        read_answer(response, what="list jobs")
    text = str(caught.value)
    assert "garbage" in text and "…" in text and URL in text
    assert "not JSON" in text


def test_an_empty_500_is_a_crash_of_the_service() -> None:
    error = error_for(answer(500, ""), what="update cluster fate-9999")
    assert isinstance(error, Unavailable)
    assert "crashed" in str(error) and "update cluster fate-9999" in str(error)


def test_an_empty_success_body_is_unavailable() -> None:
    with pytest.raises(Unavailable, match="empty body"):
        read_answer(answer(200, ""), what="x")


def test_gin_404_means_no_such_route() -> None:
    error = error_for(answer(404, "404 page not found", "text/plain"), what="x")
    assert isinstance(error, Unavailable)
    assert "no such route" in str(error)


def test_a_proxy_502_page_says_the_service_behind_it_is_down() -> None:
    page = "<html><head><title>502 Bad Gateway</title></head></html>"
    error = error_for(answer(502, page, "text/html"), what="x")
    assert isinstance(error, Unavailable)
    assert "502 Bad Gateway" in str(error) and "kubefate pod" in str(error)


def test_a_redirect_to_https_says_to_use_tls() -> None:
    response = httpx.Response(
        308,
        headers={"location": "https://kf.example/v1/job/"},
        request=httpx.Request("GET", "http://kf.example/v1/job/"),
    )
    error = error_for(response, what="x")
    assert isinstance(error, Unavailable)
    assert "https://" in str(error) and "safeconnect" in str(error)
