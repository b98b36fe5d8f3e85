"""Shared pieces of the benchmarks: statistics, the machine line, the `RESULT` line, and the fakes
served over loopback HTTP from a child process.

The fakes run in their own process so that their CPU (XML parsing, query evaluation, JSON) does
not compete with the code under measurement for the GIL: a real Intacct or Commerce is remote too.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import statistics
import sys
from collections.abc import Sequence
from contextlib import ExitStack, suppress
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))


def machine() -> str:
    """One line naming the machine the figures came from."""
    cpu = platform.processor() or "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def median(values: Sequence[float]) -> float:
    """The median (0.0 for no values)."""
    return statistics.median(values) if values else 0.0


def p95(values: Sequence[float]) -> float:
    """The 95th percentile (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def spread(values: Sequence[float]) -> str:
    """The noise of repeated measurements: min..max and (max - min) / median in percent."""
    if not values:
        return "n/a"
    mid = median(values)
    rel = (max(values) - min(values)) / mid * 100 if mid else 0.0
    return f"min {min(values):.4g}, max {max(values):.4g}, spread {rel:.1f}% of the median"


def result_line(**figures: Any) -> str:
    """The machine-readable last line: `RESULT key=value ...` (floats with 4 significant digits)."""
    parts = []
    for key, value in figures.items():
        text = f"{value:.4g}" if isinstance(value, float) else str(value)
        parts.append(f"{key}={text}")
    return "RESULT " + " ".join(parts)


def header(title: str) -> None:
    """Print the benchmark's title and the machine."""
    print(f"# {title}")
    print(f"machine: {machine()}")


# -- the fakes, served from a child process --------------------------------------------------


class FakeServers:
    """A child process that builds worlds of fakes on request and serves them on loopback."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_child_main, args=(child,), daemon=True)
        self._process.start()
        child.close()

    def _ask(self, *message: Any) -> Any:
        self._conn.send(message)
        status, value = self._conn.recv()
        if status != "ok":
            raise RuntimeError(f"fake server process: {value}")
        return value

    def world(self, kind: str, **params: Any) -> dict[str, Any]:
        """Replace the served world by a new one (`sync`, `intacct`, `vendors`, `orders`)."""
        return dict(self._ask("world", kind, params))

    def counters(self) -> dict[str, Any]:
        """The served fakes' request counters: {"intacct": {...}, "commerce": {...}}."""
        return dict(self._ask("counters"))

    def close(self) -> None:
        """Stop the servers and the process."""
        with suppress(EOFError, OSError, RuntimeError):
            self._ask("stop")
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()

    def __enter__(self) -> FakeServers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _child_main(conn: Connection) -> None:
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    stack = ExitStack()
    fakes: dict[str, Any] = {}
    while True:
        try:
            message = conn.recv()
        except EOFError:
            break
        try:
            if message[0] == "stop":
                stack.close()
                conn.send(("ok", None))
                break
            if message[0] == "counters":
                conn.send(("ok", _counters(fakes)))
                continue
            stack.close()
            stack = ExitStack()
            fakes = {}
            conn.send(("ok", _build(stack, fakes, message[1], message[2])))
        except Exception as exc:  # the parent prints it
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _counters(fakes: dict[str, Any]) -> dict[str, Any]:
    import attrs

    out: dict[str, Any] = {}
    if "intacct" in fakes:
        out["intacct"] = attrs.asdict(fakes["intacct"].counters)
    if "commerce" in fakes:
        out["commerce"] = dict(fakes["commerce"].counters)
    return out


def _serve_intacct(stack: ExitStack, fakes: dict[str, Any], fake: Any) -> dict[str, Any]:
    fakes["intacct"] = fake
    url = stack.enter_context(fake.serve())
    return {"intacct_url": url, "intacct_credentials": dict(fake.credentials())}


def _serve_commerce(stack: ExitStack, fakes: dict[str, Any], fake: Any) -> dict[str, Any]:
    fakes["commerce"] = fake
    url = stack.enter_context(fake.serve())
    creds = fake.oauth_credentials
    return {
        "commerce_url": url,
        "oauth": [
            creds.consumer_key,
            creds.consumer_secret,
            creds.access_token,
            creds.access_token_secret,
        ],
    }


def _build(
    stack: ExitStack, fakes: dict[str, Any], kind: str, params: dict[str, Any]
) -> dict[str, Any]:
    from bridge._demo import DEMO_ACCOUNTS
    from commerce_sdk.testing import FakeCommerce
    from intacct_sdk.testing import FakeIntacct

    latency = float(params.get("latency", 0.0))
    info: dict[str, Any] = {}
    if kind in ("sync", "intacct"):
        intacct = FakeIntacct(latency=latency)
        for number, title in DEMO_ACCOUNTS.items():
            intacct.add_gl_account(number, title)
        info.update(_serve_intacct(stack, fakes, intacct))
    if kind == "sync":
        commerce = FakeCommerce(flavor="paas", latency=latency)
        commerce.seed_demo(
            seed=int(params.get("seed", 7)),
            orders=int(params["orders"]),
            companies=int(params["companies"]),
            customers=int(params["customers"]),
            purchase_orders_per_company=0,
        )
        info.update(_serve_commerce(stack, fakes, commerce))
    elif kind == "vendors":
        intacct = FakeIntacct()
        intacct.seed("VENDOR", _vendor_rows(int(params["count"])))
        info.update(_serve_intacct(stack, fakes, intacct))
    elif kind == "orders":
        commerce = FakeCommerce(flavor="paas")
        for n in range(1, int(params["count"]) + 1):
            commerce.add_order(_small_order(n))
        info.update(_serve_commerce(stack, fakes, commerce))
    elif kind != "intacct":
        raise ValueError(f"unknown world {kind!r}")
    return info


def _vendor_rows(count: int) -> list[dict[str, Any]]:
    return [
        {
            "VENDORID": f"V-{n:06d}",
            "NAME": f"Vendor {n} Supplies",
            "STATUS": "active",
            "DISPLAYCONTACT": {"EMAIL1": f"ap{n}@vendor{n % 97}.example", "PHONE1": "555-0100"},
        }
        for n in range(count)
    ]


def _small_order(n: int) -> dict[str, Any]:
    return {
        "increment_id": f"{n:09d}",
        "state": "processing",
        "status": "processing",
        "customer_email": f"buyer{n}@shop.example",
        "customer_is_guest": 1,
        "order_currency_code": "USD",
        "base_currency_code": "USD",
        "grand_total": 42.5,
        "subtotal": 40.0,
        "shipping_amount": 2.5,
        "items": [
            {
                "item_id": n,
                "sku": f"SKU-{n % 50}",
                "name": "Widget",
                "qty_ordered": 2,
                "price": 20.0,
                "row_total": 40.0,
                "product_type": "simple",
            }
        ],
        "billing_address": {
            "firstname": "Ada",
            "lastname": "Buyer",
            "street": ["1 Main St"],
            "city": "Springfield",
            "postcode": "12345",
            "country_id": "US",
            "email": f"buyer{n}@shop.example",
        },
    }
