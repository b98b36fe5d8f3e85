"""A scripted gateway for client tests: an httpx.MockTransport whose answers are queued."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from lxml import etree

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ENDPOINT = "https://na1.intacct.com/ia/xml/xmlgw.phtml"

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]

CREDS: dict[str, Any] = {
    "sender_id": "shop",
    "sender_password": "sender-secret",
    "company_id": "acme",
    "user_id": "api",
    "user_password": "user-secret",
}


def functions_of(request: httpx.Request) -> list[tuple[str, str]]:
    """(controlid, function name) of every function in a request."""
    root = etree.fromstring(request.content)
    return [
        (str(f.get("controlid")), str(f[0].tag))
        for f in root.iterfind("operation/content/function")
    ]


def auth_of(request: httpx.Request) -> str:
    root = etree.fromstring(request.content)
    return root.findtext("operation/authentication/sessionid") or "login"


def _auth(timeout: datetime | None) -> str:
    stamp = f"<sessiontimeout>{timeout.isoformat()}</sessiontimeout>" if timeout else ""
    return (
        "<authentication><status>success</status><userid>api</userid><companyid>acme</companyid>"
        f"{stamp}</authentication>"
    )


def xml(body: str, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status, content=body.encode(), headers={"content-type": "text/xml", **(headers or {})}
    )


def session_answer(
    session_id: str = "sess-1", endpoint: str = ENDPOINT, timeout: datetime | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        ((cid, name),) = functions_of(request)
        assert name == "getAPISession"
        return xml(
            "<response><control><status>success</status></control><operation>"
            f"{_auth(timeout or T0 + timedelta(hours=1))}<result><status>success</status>"
            f"<function>getAPISession</function><controlid>{cid}</controlid><data><api>"
            f"<sessionid>{session_id}</sessionid><endpoint>{endpoint}</endpoint>"
            "<locationid></locationid></api></data></result></operation></response>"
        )

    return answer


def success_answer(
    data: str = "", timeout: datetime | None = None, status: str = "success"
) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        results = "".join(
            f"<result><status>{status}</status><function>{name}</function>"
            f"<controlid>{cid}</controlid>{data}</result>"
            for cid, name in functions_of(request)
        )
        return xml(
            "<response><control><status>success</status></control><operation>"
            f"{_auth(timeout)}{results}</operation></response>"
        )

    return answer


def expired_answer(request: httpx.Request) -> httpx.Response:
    return xml(
        "<response><control><status>success</status></control><operation><authentication>"
        "<status>failure</status><userid/><companyid/></authentication><errormessage><error>"
        "<errorno>XL03000006</errorno><description2>Invalid session</description2></error>"
        "</errormessage></operation></response>"
    )


def html(status: int) -> httpx.Response:
    return httpx.Response(
        status, content=b"<html>down</html>", headers={"content-type": "text/html"}
    )


class Script:
    """Answers requests in order; records every request."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.answers:
            raise AssertionError(f"unexpected request #{len(self.requests)}")
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))
