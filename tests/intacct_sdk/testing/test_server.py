"""FakeIntacct.serve(): the same gateway over real HTTP on loopback."""

from __future__ import annotations

import httpx
from lxml import etree

from .conftest import envelope, fn, text


def test_served_fake_answers_over_http_and_hands_out_the_loopback_endpoint(fake):
    with fake.serve() as url, httpx.Client() as client:
        assert url.startswith("http://127.0.0.1:")
        answer = client.post(url, content=envelope(fn("s", "<getAPISession/>")))
        root = etree.fromstring(answer.content)
        assert text(root, "operation/result/data/api/endpoint") == url
        session_id = text(root, "operation/result/data/api/sessionid")
        read = envelope(
            fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
        )
        again = etree.fromstring(client.post(url, content=read).content)
        assert text(again, "operation/authentication/status") == "success"
        fake.faults.drop_response_after_commit_next()
        try:
            client.post(url, content=read)
            raised = False
        except httpx.TransportError:
            raised = True
        assert raised
    assert fake.endpoint_url == "https://api-fake.intacct.com/ia/xml/xmlgw.phtml"
    assert fake.requests[-1].endpoint == url


def test_served_latency_goes_through_the_injected_sleep():
    from intacct_sdk.testing import FakeIntacct

    slept: list[float] = []
    fake = FakeIntacct(latency=0.05, sleep=slept.append)
    with fake.serve() as url, httpx.Client() as client:
        client.post(url, content=envelope(fn("s", "<getAPISession/>")))
    assert slept == [0.05]
