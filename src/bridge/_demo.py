"""`python -m bridge demo`: the whole bridge against the built-in sandbox, in one process.

A realistic distributor in FakeCommerce (guests, B2B companies, invoices, partial refunds with a
fee, purchase orders), an empty FakeIntacct company with its GL accounts, and the faults the
brief promises to survive: a session expiry, a 429, a 5xx, a response lost after commit and a
forged webhook. Run twice: the second run posts nothing.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import attrs
import httpx

from bridge._mapping_config import MappingConfig
from bridge._progress import ProgressDisplay
from bridge.orchestrator import SyncOrchestrator
from bridge.settings import SyncSettings
from bridge.stores import RecordState, SQLiteStore
from commerce_sdk import CommerceClient, CompanyUser, OAuth1
from commerce_sdk.testing import FakeCommerce, WebhookSender
from commerce_sdk.webhooks import CommerceWebhookVerifier
from intacct_sdk import IntacctClient
from intacct_sdk.models import Address, Contact, Vendor
from intacct_sdk.testing import FakeIntacct

__all__ = ["DemoWorld", "build_world", "run_demo"]

#: The demo's chart of accounts: what `examples/bridge.example.toml` posts to.
DEMO_ACCOUNTS = {
    "4000": "Merchandise",
    "4050": "Digital goods",
    "4100": "Freight",
    "2200": "Sales tax payable",
    "2400": "Gift cards",
    "4900": "Discounts",
    "4950": "Refund adjustments",
    "4960": "Refund fees",
}

_CONFIG = Path(__file__).resolve().parents[2] / "examples" / "bridge.example.toml"


def demo_config() -> MappingConfig:
    """The example mapping configuration (the same file as `examples/bridge.example.toml`)."""
    if _CONFIG.exists():
        return MappingConfig.from_toml(_CONFIG)
    return MappingConfig.from_dict(_FALLBACK_CONFIG)


_FALLBACK_CONFIG: dict[str, Any] = {
    "accounts": {
        "products": "4000",
        "shipping": "4100",
        "tax": "2200",
        "discount": "4900",
        "adjustment_positive": "4950",
        "adjustment_negative": "4960",
    },
    "bills": {
        "ready_states": ["processing", "complete", "closed"],
        "number_prefix": "WEB-",
        "adjustment_number_prefix": "WEB-CM-",
    },
    "company": {"base_currency": "USD", "exchange_rate_type": "Intacct Daily Rate"},
}


@attrs.define
class DemoWorld:
    """Both fakes, both clients, the store and the orchestrator of a demo."""

    intacct: FakeIntacct
    commerce: FakeCommerce
    intacct_client: IntacctClient
    commerce_client: CommerceClient
    store: SQLiteStore
    orchestrator: SyncOrchestrator
    sender: WebhookSender

    def close(self) -> None:
        """Close clients and the store."""
        self.intacct_client.close()
        self.commerce_client.close()
        self.store.close()


def _short_sleep(seconds: float) -> None:
    # The fakes answer at once; a real Retry-After of seconds would only slow the demo down.
    import time

    time.sleep(min(seconds, 0.05))


def build_world(
    store_path: Path | str,
    *,
    orders: int = 300,
    seed: int = 7,
    settings: SyncSettings | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> DemoWorld:
    """Seed both fakes and wire an orchestrator to them (used by the demo, examples and tests)."""
    commerce = FakeCommerce(flavor="paas")
    seeded = commerce.seed_demo(
        seed=seed, orders=orders, companies=8, customers=40, purchase_orders_per_company=2
    )
    intacct = FakeIntacct()
    for number, title in DEMO_ACCOUNTS.items():
        intacct.add_gl_account(number, title)
    email, password = sorted(seeded.company_users.items())[0]
    creds = commerce.oauth_credentials
    commerce_client = CommerceClient(
        commerce.base_url,
        auth=OAuth1(
            creds.consumer_key, creds.consumer_secret, creds.access_token, creds.access_token_secret
        ),
        http_client=httpx.Client(transport=commerce),
        company_user=CompanyUser(email=email, password=password),
        sleep=_short_sleep,
    )
    intacct_client = IntacctClient(
        **intacct.credentials(), http_client=httpx.Client(transport=intacct), sleep=_short_sleep
    )
    store = SQLiteStore(store_path)
    sender = WebhookSender()
    orchestrator = SyncOrchestrator(
        intacct=intacct_client,
        commerce=commerce_client,
        store=store,
        config=demo_config(),
        settings=settings or SyncSettings(),
        webhooks=CommerceWebhookVerifier(sender.commerce_public_key_pem),
        progress=progress,
        company_users=_one_user_per_company(commerce, seeded.company_users),
    )
    return DemoWorld(
        intacct=intacct,
        commerce=commerce,
        intacct_client=intacct_client,
        commerce_client=commerce_client,
        store=store,
        orchestrator=orchestrator,
        sender=sender,
    )


def _one_user_per_company(
    commerce: FakeCommerce, passwords: dict[str, str]
) -> dict[int, CompanyUser]:
    # Purchase orders are read per company: GraphQL shows a company user only their company's.
    users: dict[int, CompanyUser] = {}
    for customer in commerce.store.all("customer"):
        company = (customer.get("extension_attributes") or {}).get("company_attributes") or {}
        email = str(customer.get("email", ""))
        if company.get("company_id") and email in passwords:
            users.setdefault(
                int(company["company_id"]), CompanyUser(email=email, password=passwords[email])
            )
    return users


class _RetryLines(logging.Handler):
    """Tells the SDKs' retry warnings as part of the story (`  retry: ...`), counting them."""

    _PREFIX = re.compile(r"^(intacct|commerce) request \S+ ")

    def __init__(self, out: TextIO, progress: ProgressDisplay) -> None:
        super().__init__(logging.WARNING)
        self.out = out
        self.progress = progress
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        system = "Intacct" if record.name.startswith("intacct") else "Commerce"
        text = self._PREFIX.sub("", record.getMessage())
        self.progress.finish()  # a bar being drawn gets its own line back afterwards
        self.out.write(f"  retry: {system} request {text}\n")


@contextmanager
def _retries_told(out: TextIO, progress: ProgressDisplay) -> Iterator[_RetryLines]:
    handler = _RetryLines(out, progress)
    quiet = logging.NullHandler()
    loggers = [logging.getLogger(name) for name in ("intacct_sdk", "commerce_sdk", "bridge")]
    saved = [(lg.propagate, lg.level) for lg in loggers]
    for lg in loggers:
        # Told once, as story lines, not as WARNING log lines; the orchestrator's own events
        # (a rejected webhook, ...) are what the demo prints anyway.
        lg.addHandler(quiet if lg.name == "bridge" else handler)
        lg.propagate = False
        lg.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        for lg, (propagate, level) in zip(loggers, saved, strict=True):
            lg.removeHandler(handler)
            lg.removeHandler(quiet)
            lg.propagate = propagate
            lg.setLevel(level)


def run_demo(
    data_dir: Path | str, *, orders: int = 300, seed: int = 7, out: TextIO = sys.stdout
) -> int:
    """The demo itself; returns the exit code."""
    data = Path(data_dir)
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True, exist_ok=True)
    store_path = data / "bridge.sqlite3"
    progress = ProgressDisplay(out)
    world = build_world(store_path, orders=orders, seed=seed, progress=progress)
    try:
        with _retries_told(out, progress) as retries:
            return _story(world, store_path, orders, progress, retries, out)
    finally:
        world.close()


def _story(
    world: DemoWorld,
    store_path: Path,
    orders: int,
    progress: ProgressDisplay,
    retries: _RetryLines,
    out: TextIO,
) -> int:
    p = out.write
    p(
        f"Sandbox: {orders} Commerce orders (guests and B2B), invoices, refunds, purchase "
        "orders; an empty Intacct company.\n"
    )
    p("Faults injected: a session expiry, a 429, a 503, a response lost after commit.\n\n")
    world.intacct.faults.expire_session_next()
    world.intacct.faults.rate_limit_next(retry_after=1)
    world.intacct.faults.fail_next(status=503)
    world.intacct.faults.drop_response_after_commit_next(
        match=lambda request: "APBILL" in str(request.functions)
    )
    p("First run\n")
    report = world.orchestrator.run_once()
    progress.finish()
    p(report.summary() + "\n")
    p(f"  {retries.count} transient failures retried by the SDK; nothing lost or doubled\n\n")
    retries.count = 0

    p("A webhook signed with the wrong key arrives, and a genuine one:\n")
    forged = WebhookSender().commerce_webhook(
        "observer.sales_order_save_after", {"order": {"entity_id": 1}}
    )
    outcome = world.orchestrator.handle_webhook(forged.headers, forged.body)
    why = (outcome.reason or "").split(":", 1)[0]  # the full reason is in the inbox and audit
    p(f"  forged  -> HTTP {outcome.status}, recorded as rejected ({why})\n")
    genuine = world.sender.commerce_webhook(
        "observer.sales_order_save_after", {"order": {"entity_id": 2}}
    )
    outcome = world.orchestrator.handle_webhook(genuine.headers, genuine.body)
    p(f"  genuine -> HTTP {outcome.status}, {outcome.stream} {outcome.source_id} processed\n")
    replayed = world.orchestrator.replay_webhooks()
    p(
        f"  replay of the rejected one re-fetched order 1 from the API "
        f"({replayed.commerce_requests} Commerce requests), never trusting its body\n\n"
    )

    _change_a_vendor_in_intacct(world)
    second = world.orchestrator.run_once()
    p("Second run (after an address change on one vendor in Intacct)\n")
    p(second.summary() + "\n\n")
    posted_again = second.total("synced") - second.stream("vendors_to_commerce").outcomes["synced"]
    p(
        f"Bills in Intacct: {len(world.intacct.records('APBILL'))}, adjustments: "
        f"{len(world.intacct.records('APADJUSTMENT'))}, purchase orders: "
        f"{len(world.intacct.records('PODOCUMENT'))}, vendors: "
        f"{len(world.intacct.records('VENDOR'))}\n"
    )
    p(f"Documents posted by the second run: {posted_again} (nothing twice)\n")
    failed = world.store.find(states=[RecordState.FAILED])
    if failed:
        p(
            f"Records that need a person ({len(failed)}): "
            f"{', '.join(f'{r.stream}/{r.source_id}' for r in failed[:5])}"
            f" - see `python -m bridge audit`\n"
        )
    p(f"\nAudit trail and state: {store_path.resolve()}\n")
    _show_one_history(world, store_path, out)
    p(f"  python -m bridge status --store {store_path}\n")
    p(f"  python -m bridge audit --store {store_path} --stream orders --limit 5\n")
    p(f"  python -m bridge audit --store {store_path} --export csv --out audit.csv\n")
    _reconcile(world, store_path.parent, out)
    return 0


def _reconcile(world: DemoWorld, folder: Path, out: TextIO) -> None:
    """End the demo as a month end would: both systems side by side, as a report to open."""
    from bridge.reconcile import (
        CommerceClientReader,
        IntacctClientReader,
        Period,
        RecordStoreLookup,
        reconcile,
    )

    config = world.orchestrator.config
    dates = [
        datetime.fromisoformat(str(o["created_at"])).date()
        for o in world.commerce.store.all("order")
    ]
    if not dates:
        return
    report = reconcile(
        Period(start=min(dates), end=max(dates)),
        commerce=CommerceClientReader(world.commerce_client, config),
        intacct=IntacctClientReader(world.intacct_client, config),
        store=RecordStoreLookup(world.store),
        config=config,
    )
    html = report.write_html(folder / "reconciliation.html")
    report.write_json(folder / "reconciliation.json")
    counts = ", ".join(f"{status} {n}" for status, n in sorted(report.counts().items()) if n)
    out.write(f"\nMonth-end reconciliation: {counts}\n")
    out.write(f"Reconciliation report (open in a browser): {html.resolve()}\n")


def _show_one_history(world: DemoWorld, store_path: Path, out: TextIO) -> None:
    from bridge._store_commands import entry_line

    # The order with the longest history tells the most (a retry, a webhook, ...).
    entries = world.store.audit(stream="orders")
    counts = Counter(e.source_id for e in entries if e.source_id)
    if not counts:
        return
    record = world.store.get("orders", counts.most_common(1)[0][0])
    if record is None:
        return
    out.write(
        f"One record's history: python -m bridge audit --store {store_path} "
        f"--stream orders --id {record.source_id}\n"
    )
    out.write(
        f"  {record.stream}/{record.source_id}: {record.state.value} -> "
        f"{record.target_object} {record.target_key} (control id {record.control_id})\n"
    )
    for entry in world.store.audit(stream="orders", source_id=record.source_id):
        out.write(f"    {entry_line(entry)}\n")


def _change_a_vendor_in_intacct(world: DemoWorld) -> None:
    link = None
    for record in world.store.find(stream="customers", states=[RecordState.SYNCED]):
        link = world.store.vendor_link_by_commerce("customer", record.source_id.split("@")[0])
        if link is not None:
            break
    if link is None:
        return
    current = world.intacct_client.vendors.get(link.vendor_id)
    if current is None:
        return
    world.intacct_client.vendors.update(
        Vendor(
            vendor_id=link.vendor_id,
            name=current.name,
            display_contact=Contact(
                mail_address=Address(
                    address1="500 Commerce St",
                    city="Dallas",
                    state="TX",
                    zip="75202",
                    country_code="US",
                )
            ),
        )
    )
