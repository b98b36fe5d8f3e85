"""Fault: someone reads the logs, the audit trail, the store file, an error report or a repr.

A demo-sized sync (300 orders: vendors, bills, refunds, purchase orders, webhooks) runs with
every logger at DEBUG (httpx and httpcore included), a session expiry, a 503, an expired token
and two failed logins, with known secret values: the Intacct sender and user passwords, every
session id the fake hands out, the OAuth 1.0a consumer secret, token and token secret and every
signature sent, the company user's password and customer token, the IMS client secret and IMS
access tokens (SaaS variant), and the vault key the credentials were stored under. None of them
may appear in the captured logs, the exported audit trail (JSON), the SQLite store file, the
report, exception messages and tracebacks, or the reprs of clients, orchestrator, store, vault.
Unit-level twins: tests/intacct_sdk/test_client.py::test_secrets_never_reach_logs_reprs_or_errors,
tests/commerce_sdk/test_client.py::test_logs_and_reprs_never_carry_secrets_tokens_or_signatures.
"""

from __future__ import annotations

import io
import json
import logging
import re
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from bridge._demo import DEMO_ACCOUNTS, demo_config
from bridge.orchestrator import SyncOrchestrator
from bridge.settings import STREAMS, SyncSettings
from bridge.stores import SQLiteStore
from bridge.vault import CredentialVault
from commerce_sdk import CommerceClient, CompanyUser, IMSCredentials, OAuth1
from commerce_sdk.testing import FakeCommerce, WebhookSender
from commerce_sdk.webhooks import CommerceWebhookVerifier
from intacct_sdk import IntacctClient
from intacct_sdk.functions import ReadByQuery
from intacct_sdk.testing import FakeIntacct

SENDER_PASSWORD = "sndr-Pw-Q7x2-secret"
USER_PASSWORD = "usr-Pw-K9m4-secret"
CONSUMER_SECRET = "csecret0a1b2c3d4e5f6a7b8c9d0e1f2"
ACCESS_TOKEN = "atoken9f8e7d6c5b4a3f2e1d0c9b8a7f6"
TOKEN_SECRET = "tsecret1029384756abcdefabcdef012"
IMS_SECRET = "p8e-IMS-client-secret-55aa"
WRONG_PASSWORD = "wrong-Pw-Z3z3-secret"


class Tap(httpx.BaseTransport):
    """Passes requests to the fake and keeps what a thief would want from the traffic."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.seen: set[str] = set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        auth = request.headers.get("authorization", "")
        for signature in re.findall(r'oauth_signature="([^"]+)"', auth):
            self.seen.update({signature, unquote(signature)})
        if auth.lower().startswith("bearer "):
            self.seen.add(auth.split(" ", 1)[1])
        response = self.inner.handle_request(request)
        content = response.read()
        self.seen.update(
            re.findall(r"<sessionid>([^<]+)</sessionid>", content.decode("utf-8", "replace"))
        )
        if "token" in request.url.path or b"generateCustomerToken" in body:
            self.seen.update(
                re.findall(r'"(?:access_token|token)"\s*:\s*"([^"]+)"', content.decode())
            )
            if content.startswith(b'"'):
                self.seen.add(json.loads(content))  # the admin/customer token endpoints
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, request=request
        )


def secrets_in(texts: dict[str, str], secrets: set[str]) -> list[tuple[str, str]]:
    return [(where, s) for where, text in texts.items() for s in secrets if s and s in text]


def _vault(tmp_path: Path, entries: dict[str, dict[str, Any]]) -> tuple[CredentialVault, str]:
    key = CredentialVault.generate_key()
    vault = CredentialVault(tmp_path / "vault.json", key=key)
    for name, values in entries.items():
        vault.put(name, values)
    return vault, key


def _failed_logins(intacct: FakeIntacct, commerce: FakeCommerce, commerce_auth: Any) -> list[str]:
    """Error texts (message, repr, traceback) of a refused Intacct login and a bad signature."""
    texts: list[str] = []
    creds: dict[str, Any] = {**intacct.credentials(), "user_password": WRONG_PASSWORD}
    with IntacctClient(**creds, http_client=httpx.Client(transport=intacct)) as client:
        try:
            client.execute([ReadByQuery("VENDOR")])
        except Exception as exc:
            texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    with CommerceClient(
        commerce.base_url,
        auth=commerce_auth,
        http_client=httpx.Client(transport=commerce),
        sleep=lambda _s: None,
    ) as client:
        try:
            next(iter(client.orders.iter()))
        except Exception as exc:
            texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    assert len(texts) == 6, "both logins must fail"
    return texts


def _run_and_collect(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    commerce: FakeCommerce,
    commerce_auth: Any,
    bad_commerce_auth: Any,
    company_user: CompanyUser | None,
    streams: tuple[str, ...] = STREAMS,
) -> tuple[dict[str, str], set[str]]:
    caplog.set_level(logging.DEBUG)  # every logger: bridge, intacct_sdk, commerce_sdk, httpx...
    intacct = FakeIntacct(sender_password=SENDER_PASSWORD, users={"api-user": USER_PASSWORD})
    for number, title in DEMO_ACCOUNTS.items():
        intacct.add_gl_account(number, title)
    vault, vault_key = _vault(
        tmp_path, {"intacct": dict(intacct.credentials()), "commerce": {"secret": CONSUMER_SECRET}}
    )
    intacct_tap, commerce_tap = Tap(intacct), Tap(commerce)
    intacct_client = IntacctClient(
        **vault.get("intacct"),
        http_client=httpx.Client(transport=intacct_tap),
        sleep=lambda _s: None,
    )
    commerce_client = CommerceClient(
        commerce.base_url,
        auth=commerce_auth,
        http_client=httpx.Client(transport=commerce_tap),
        company_user=company_user,
        sleep=lambda _s: None,
    )
    store_path = tmp_path / "bridge.sqlite3"
    store = SQLiteStore(store_path)
    sender = WebhookSender()
    orchestrator = SyncOrchestrator(
        intacct=intacct_client,
        commerce=commerce_client,
        store=store,
        config=demo_config(),
        settings=SyncSettings(streams=streams),
        webhooks=CommerceWebhookVerifier(sender.commerce_public_key_pem),
    )
    intacct.faults.expire_session_next()
    intacct.faults.fail_next(503)
    if commerce.flavor == "saas":
        commerce.faults.expire_token_next()  # a fresh IMS token is fetched mid-run
    else:
        commerce.faults.maintenance_next()  # OAuth 1.0a tokens never expire: a 503 instead
    report = orchestrator.run_once()
    forged = WebhookSender().commerce_webhook(
        "observer.sales_order_save_after", {"order": {"entity_id": 1}}
    )
    orchestrator.handle_webhook(forged.headers, forged.body)
    orchestrator.replay_webhooks()
    assert not report.errors
    assert report.total("synced") > 50
    assert intacct.counters.sessions_created >= 2
    audit = io.StringIO()
    store.export_audit("json", audit)
    texts = {
        "logs": caplog.text,
        "audit": audit.getvalue(),
        "report": report.summary() + json.dumps(report.to_dict(), default=str) + repr(report),
        "reprs": " ".join(
            repr(x) for x in (intacct_client, commerce_client, orchestrator, store, vault, intacct)
        )
        + " ".join(str(x) for x in (intacct_client, commerce_client, orchestrator, store, vault)),
        "errors": "\n".join(_failed_logins(intacct, commerce, bad_commerce_auth)),
    }
    store.close()
    texts["store_file"] = store_path.read_bytes().decode("latin-1")
    texts["vault_file"] = (tmp_path / "vault.json").read_bytes().decode("latin-1")
    secrets = {SENDER_PASSWORD, USER_PASSWORD, WRONG_PASSWORD, vault_key}
    secrets |= intacct_tap.seen | commerce_tap.seen
    assert len(intacct_tap.seen) >= 2  # both session ids were captured for the check
    return texts, secrets


def test_a_full_paas_sync_at_debug_leaks_no_secret(tmp_path, caplog) -> None:
    commerce = FakeCommerce(
        flavor="paas",
        consumer_secret=CONSUMER_SECRET,
        access_token=ACCESS_TOKEN,
        access_token_secret=TOKEN_SECRET,
    )
    demo = commerce.seed_demo(seed=7, orders=300, companies=8, customers=40)
    email, password = sorted(demo.company_users.items())[0]
    auth = OAuth1(
        commerce.oauth_credentials.consumer_key, CONSUMER_SECRET, ACCESS_TOKEN, TOKEN_SECRET
    )
    bad = OAuth1(
        commerce.oauth_credentials.consumer_key, "not-the-secret-x1", ACCESS_TOKEN, TOKEN_SECRET
    )
    texts, secrets = _run_and_collect(
        tmp_path, caplog, commerce, auth, bad, CompanyUser(email=email, password=password)
    )
    secrets |= {CONSUMER_SECRET, TOKEN_SECRET, ACCESS_TOKEN, password}
    assert any(len(s) > 20 for s in secrets - {CONSUMER_SECRET, TOKEN_SECRET, ACCESS_TOKEN})
    assert secrets_in(texts, secrets) == []
    assert "<password>***</password>" in texts["logs"]  # DEBUG did log the requests, redacted


def test_a_saas_sync_with_ims_tokens_at_debug_leaks_no_secret(tmp_path, caplog) -> None:
    commerce = FakeCommerce(flavor="saas", ims_client_secret=IMS_SECRET)
    commerce.seed_demo(seed=5, orders=60, companies=3, customers=10)
    auth = IMSCredentials(commerce.ims_client_id, IMS_SECRET, token_url=commerce.ims_token_url)
    bad = IMSCredentials(
        commerce.ims_client_id, "wrong-ims-secret-x9", token_url=commerce.ims_token_url
    )
    # Purchase orders need a company user's token, which this variant does not configure.
    streams = tuple(s for s in STREAMS if s != "purchase_orders")
    texts, secrets = _run_and_collect(tmp_path, caplog, commerce, auth, bad, None, streams)
    secrets |= {IMS_SECRET, "wrong-ims-secret-x9"}
    ims_tokens = {s for s in secrets if s not in {IMS_SECRET, "wrong-ims-secret-x9"}}
    assert ims_tokens
    assert secrets_in(texts, secrets) == []
