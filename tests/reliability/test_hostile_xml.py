"""Fault: the "gateway" answers with hostile XML (a compromised proxy, a spoofed endpoint).

Each body goes through `IntacctClient.execute` over an `httpx.MockTransport` (not only the
parser): billion laughs (also in UTF-16 and UTF-32, which a byte scan cannot read), external
entities pointing at a secret file and at a loopback port, an external DTD, parameter entities,
a huge text node, deep nesting, a truncated body and wrong encodings. Checked: each is a
`ResponseParseError`, sent once (never retried), Python-heap growth stays bounded (tracemalloc:
libxml2's own C allocations are not traced; the billion-laughs bodies are refused before any
expansion, which is what keeps those small), the secret file's content appears nowhere, and
the listening socket receives no connection. The parser-only cases (fixtures billion_laughs,
external_entity, external_dtd, doctype_utf16, truncated) are in tests/intacct_sdk/test_response.py.
"""

from __future__ import annotations

import logging
import socket
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from intacct_sdk import IntacctClient, ResponseParseError
from intacct_sdk.functions import ReadByQuery

SECRET = "TOP-SECRET-7d1c9e"
HEAD = (
    "<control><status>success</status><senderid>s</senderid><controlid>r</controlid>"
    "<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>"
)
LAUGHS = (
    '<!DOCTYPE response [<!ENTITY a "laugh">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)
MAX_HEAP_GROWTH = 64 * 1024 * 1024


def response(body: str, *, doctype: str = "", decl: str = '<?xml version="1.0"?>') -> str:
    return f"{decl}{doctype}<response>{HEAD}<operation>{body}</operation></response>"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def listener() -> Iterator[tuple[int, Callable[[], int]]]:
    """A loopback port that counts the connections made to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)

    def connections() -> int:
        count = 0
        while True:
            try:
                conn, _ = server.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1

    yield server.getsockname()[1], connections
    server.close()


def hostile_bodies(secret: Path, port: int) -> dict[str, bytes]:
    url = f"http://127.0.0.1:{port}"
    laughs = response("<result>&j;</result>", doctype=LAUGHS)
    return {
        "billion_laughs": laughs.encode(),
        "billion_laughs_utf16": response(
            "<result>&j;</result>", doctype=LAUGHS, decl='<?xml version="1.0" encoding="UTF-16"?>'
        ).encode("utf-16"),
        "billion_laughs_utf32": response(
            "<result>&j;</result>", doctype=LAUGHS, decl='<?xml version="1.0" encoding="UTF-32"?>'
        ).encode("utf-32"),
        "external_entity_file": response(
            "<result><status>&x;</status></result>",
            doctype=f'<!DOCTYPE response [<!ENTITY x SYSTEM "{secret.as_uri()}">]>',
        ).encode(),
        "external_entity_file_utf16": response(
            "<result><status>&x;</status></result>",
            doctype=f'<!DOCTYPE response [<!ENTITY x SYSTEM "{secret.as_uri()}">]>',
            decl='<?xml version="1.0" encoding="UTF-16"?>',
        ).encode("utf-16"),
        "external_entity_network": response(
            "<result><status>&x;</status></result>",
            doctype=f'<!DOCTYPE response [<!ENTITY x SYSTEM "{url}/entity">]>',
        ).encode(),
        "external_dtd": response(
            "<result/>", doctype=f'<!DOCTYPE response SYSTEM "{url}/evil.dtd">'
        ).encode(),
        "parameter_entity_network": response(
            "<result/>",
            doctype=f'<!DOCTYPE response [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>',
        ).encode(),
        "parameter_entity_file_utf16": response(
            "<result/>",
            doctype=f'<!DOCTYPE response [<!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]>',
            decl='<?xml version="1.0" encoding="UTF-16"?>',
        ).encode("utf-16"),
        "huge_text": response(
            "<result><status>success</status><function>readByQuery</function>"
            "<controlid>c</controlid><data>" + "A" * (12 * 1024 * 1024) + "</data></result>"
        ).encode(),
        "deep_nesting": response("<x>" * 100_000 + "</x>" * 100_000).encode(),
        "truncated": response("<result><status>success</status>").encode()[:-40],
        "declared_utf8_but_latin1": response("<result><status>caf\u00e9</status></result>").encode(
            "latin-1"
        ),
        "unknown_encoding": response(
            "<result/>", decl='<?xml version="1.0" encoding="x-no-such-charset"?>'
        ).encode(),
        "utf16_without_bom_declared_utf8": response("<result/>").encode("utf-16-le"),
        "not_xml_at_all": b"\x00\x01\x02garbage\xff\xfe",
    }


CASES = sorted(hostile_bodies(Path("/x"), 1))


def client_answering(body: bytes, sent: list[httpx.Request]) -> IntacctClient:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, headers={"content-type": "text/xml"}, content=body)

    return IntacctClient(
        sender_id="s",
        sender_password="sender-password",
        session_id="given-session",
        endpoint_url="https://api.intacct.com/ia/xml/xmlgw.phtml",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=lambda _s: None,
    )


@pytest.mark.parametrize("case", CASES)
def test_hostile_gateway_xml_is_a_parse_error_bounded_and_without_io(
    case, secret_file, listener, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    port, connections = listener
    body = hostile_bodies(secret_file, port)[case]
    sent: list[httpx.Request] = []
    client = client_answering(body, sent)
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        with pytest.raises(ResponseParseError) as info:
            client.execute([ReadByQuery("VENDOR")])
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
        client.close()
    assert len(sent) == 1  # a parse error is not retried
    assert peak < len(body) * 4 + MAX_HEAP_GROWTH, f"{case}: heap grew {peak} bytes"
    assert connections() == 0, f"{case}: the parser reached the network"
    if "entity" in case or "dtd" in case or "laughs" in case:
        # Refused before libxml2 reads the subset, in every encoding (no amplification at all).
        assert "DOCTYPE or ENTITY" in str(info.value)
    for text in (str(info.value), repr(info.value), caplog.text):
        assert SECRET not in text
        assert "laughlaugh" not in text
