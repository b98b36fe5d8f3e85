"""Fixtures for the FakeIntacct tests: a controllable clock, a fake with GL accounts, raw XML."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from lxml import etree

from intacct_sdk.testing import FakeIntacct

URL = "https://api.intacct.com/ia/xml/xmlgw.phtml"


class Clock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def envelope(
    functions: str,
    *,
    session_id: str | None = None,
    uniqueid: bool = False,
    transaction: bool = False,
    sender: tuple[str, str] = ("fake-sender", "fake-sender-password"),
    login: tuple[str, str, str] = ("fake-user", "FAKE-COMPANY", "fake-user-password"),
    location: str | None = None,
    dtdversion: str = "3.0",
) -> bytes:
    """A request written out by hand, in the DTD's element order."""
    if session_id is not None:
        auth = f"<sessionid>{session_id}</sessionid>"
    else:
        loc = f"<locationid>{location}</locationid>" if location is not None else ""
        auth = (
            f"<login><userid>{login[0]}</userid><companyid>{login[1]}</companyid>"
            f"<password>{login[2]}</password>{loc}</login>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<request><control>"
        f"<senderid>{sender[0]}</senderid><password>{sender[1]}</password>"
        "<controlid>req-1</controlid>"
        f"<uniqueid>{'true' if uniqueid else 'false'}</uniqueid>"
        f"<dtdversion>{dtdversion}</dtdversion><includewhitespace>false</includewhitespace>"
        "</control>"
        f'<operation transaction="{"true" if transaction else "false"}">'
        f"<authentication>{auth}</authentication>"
        f"<content>{functions}</content></operation></request>"
    ).encode()


def fn(control_id: str, body: str) -> str:
    return f'<function controlid="{control_id}">{body}</function>'


def vendor_create(vendor_id: str, name: str = "Widget Co", email: str = "") -> str:
    contact = f"<DISPLAYCONTACT><EMAIL1>{email}</EMAIL1></DISPLAYCONTACT>" if email else ""
    return (
        f"<create><VENDOR><VENDORID>{vendor_id}</VENDORID><NAME>{name}</NAME>"
        f"{contact}</VENDOR></create>"
    )


def bill_create(vendor_id: str, *lines: tuple[str, str], number: str = "BILL-1") -> str:
    items = "".join(
        f"<APBILLITEM><ACCOUNTNO>{acct}</ACCOUNTNO><TRX_AMOUNT>{amount}</TRX_AMOUNT>"
        "<ENTRYDESCRIPTION>goods</ENTRYDESCRIPTION></APBILLITEM>"
        for acct, amount in lines
    )
    return (
        f"<create><APBILL><VENDORID>{vendor_id}</VENDORID><WHENCREATED>03/01/2026</WHENCREATED>"
        f"<WHENDUE>03/31/2026</WHENDUE><RECORDID>{number}</RECORDID>"
        f"<APBILLITEMS>{items}</APBILLITEMS></APBILL></create>"
    )


class Gateway:
    """Posts raw XML to the fake and parses the answer."""

    def __init__(self, fake: FakeIntacct) -> None:
        self.fake = fake
        self.http = httpx.Client(transport=fake)

    def post(self, body: bytes, url: str = URL) -> etree._Element:
        response = self.http.post(url, content=body, headers={"content-type": "application/xml"})
        assert response.status_code == 200, response.text
        return etree.fromstring(response.content)

    def call(self, *functions: str, **kwargs) -> etree._Element:
        return self.post(envelope("".join(functions), **kwargs))

    def result(self, function: str, **kwargs) -> etree._Element:
        root = self.call(fn("f1", function), **kwargs)
        result = root.find("operation/result")
        assert result is not None, etree.tostring(root)
        return result


def text(element: etree._Element | None, path: str) -> str:
    """Text at `path` ("" when empty); the element must exist."""
    assert element is not None
    found = element.find(path)
    assert found is not None, f"no {path} in {etree.tostring(element)!r}"
    return found.text or ""


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeIntacct:
    fake = FakeIntacct(clock=clock)
    fake.add_gl_account("6000", "Cost of goods")
    fake.add_gl_account("6100", "Freight")
    fake.add_gl_account("6999", "Old account", status="inactive")
    return fake


@pytest.fixture
def gw(fake: FakeIntacct) -> Iterator[Gateway]:
    gateway = Gateway(fake)
    yield gateway
    gateway.http.close()
