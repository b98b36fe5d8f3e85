"""Helpers for the commerce client tests (fixture names start with `cx_` to stay out of the way
of the testing/ and webhooks/ suites below this folder)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class MagentoList:
    """A tiny list endpoint with Magento's paging: a page past the end returns the last page."""

    def __init__(self, items: list[dict[str, Any]], *, id_field: str = "entity_id") -> None:
        self.items = list(items)
        self.id_field = id_field
        self.pages_asked: list[int] = []

    def page(self, request: httpx.Request) -> httpx.Response:
        query = dict(parse_qsl(request.url.query.decode(), keep_blank_values=True))
        size = int(query.get("searchCriteria[pageSize]", len(self.items) or 1))
        page = int(query.get("searchCriteria[currentPage]", 1))
        self.pages_asked.append(page)
        last = max(1, -(-len(self.items) // size))
        page = min(page, last)  # the clamp (magento/magento2#3787)
        chunk = self.items[(page - 1) * size : page * size]
        return httpx.Response(
            200, json={"items": chunk, "total_count": len(self.items), "search_criteria": {}}
        )


class Recorder:
    """A MockTransport handler that records requests and answers from a routing function."""

    def __init__(self, route: Callable[[httpx.Request], httpx.Response]) -> None:
        self.route = route
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.content)
        return self.route(request)

    def client(self, *, async_: bool = False) -> Any:
        transport = httpx.MockTransport(self)
        return (
            httpx.AsyncClient(transport=transport) if async_ else httpx.Client(transport=transport)
        )

    def json_body(self, index: int) -> Any:
        return json.loads(self.bodies[index])


@pytest.fixture
def cx_fixture():
    def load(name):
        return json.loads((FIXTURES / name).read_text())

    return load


@pytest.fixture
def cx_list():
    return MagentoList


@pytest.fixture
def cx_recorder():
    return Recorder


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class AsyncSleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def cx_sleeps():
    return Sleeps()


@pytest.fixture
def cx_async_sleeps():
    return AsyncSleeps()
