"""This SDK against `sageintacctsdk` (PyPI): the same AP bills built into a request and the same
response bodies parsed, microseconds per bill, both sides measured in one run.

`sageintacctsdk` is installed by this script into `benchmarks/.bench-venv/` (gitignored; never a
project dependency) and runs there in a worker, `benchmarks/_peer_worker.py`, with `requests.post`
replaced by a stub that hands back the response body: nothing reaches the network. Its input is
the same fields this SDK sends (dates and amounts already as gateway text); the response bodies
are the fake gateway's real answers to this SDK's one-bill requests. Both sides post one bill
per request, the way `sageintacctsdk` works. If the install fails the reason is printed and the
comparison is skipped (exit status 0).

    python benchmarks/peer_intacct_sdk.py [--orders 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import venv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import _common as c
import cpu_per_record as cpu

from bridge._demo import demo_config
from intacct_sdk._response import parse_response
from intacct_sdk._xml import value_text
from intacct_sdk.functions import Create

HERE = Path(__file__).resolve().parent
VENV = HERE / ".bench-venv"
PEER = "sageintacctsdk"


def _peer_python() -> tuple[Path | None, str]:
    """The venv's python with the peer installed, or None and why not."""
    python = VENV / "bin" / "python"
    check = [str(python), "-c", f"import {PEER}"]
    if python.exists() and subprocess.run(check, capture_output=True, check=False).returncode == 0:
        return python, "already installed"
    try:
        venv.EnvBuilder(with_pip=True, clear=not python.exists()).create(VENV)
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PEER],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"cannot create {VENV}: {exc}"
    if done.returncode != 0:
        return None, f"pip install {PEER} failed: {(done.stderr or done.stdout).strip()[-800:]}"
    return python, "installed now"


def _plain(value: Any) -> Any:
    """Fields as the text this SDK writes (the peer's input is a dict of strings)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value if v is not None]
    return value_text(value)


def _ours(bills: list[Any], bodies: list[bytes], gateway: cpu.Gateway) -> tuple[float, float]:
    """Median microseconds per bill built (function + envelope) and per response parsed."""
    build: list[float] = []
    parse: list[float] = []
    for n, (bill, body) in enumerate(zip(bills, bodies, strict=True)):
        t = time.perf_counter()
        fn = Create.for_model(bill.bill, control_id=bill.control_id)
        gateway.build([fn], n)
        build.append(time.perf_counter() - t)
        t = time.perf_counter()
        ok = parse_response(body, used_session=True).result(fn.control_id).ok
        parse.append(time.perf_counter() - t)
        assert ok, "the fake refused a bill"  # noqa: S101 - a broken benchmark
    return c.median(build) * 1e6, c.median(parse) * 1e6


def main(argv: list[str] | None = None) -> int:
    """Install the peer, time both, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=300, help="orders seeded (default 300)")
    parser.add_argument("--repeat", type=int, default=5, help="passes (median of medians)")
    parser.add_argument("--no-peer", action="store_true", help="time this SDK only (no install)")
    args = parser.parse_args(argv)
    c.header(f"peer_intacct_sdk: this SDK vs {PEER}, one AP bill per request")
    config = demo_config()
    payloads = cpu._payloads(args.orders)
    from bridge.mapping import guest_vendor_id, order_to_ap_bill, vendor_id_for_order
    from commerce_sdk.models import Order

    bills = []
    for payload in payloads:
        order = Order.from_api(payload)
        vendor_id = vendor_id_for_order(order, config) or guest_vendor_id(
            (order.customer_email or "").lower(), config
        )
        bills.append(order_to_ap_bill(order, config, vendor_id=vendor_id))
    gateway = cpu.Gateway({b.bill.vendor_id or "" for b in bills})
    bodies = []
    for n, bill in enumerate(bills):
        fn = Create.for_model(bill.bill, control_id=bill.control_id)
        bodies.append(gateway.answer(gateway.build([fn], n)))
    lines = sum(len(b.bill.lines) for b in bills) / len(bills)
    print(f"{len(bills)} bills ({lines:.1f} lines each on average), {args.repeat} passes")
    runs = [_ours(bills, bodies, gateway) for _ in range(max(1, args.repeat))]
    ours_build = c.median([r[0] for r in runs])
    ours_parse = c.median([r[1] for r in runs])
    print(f"\nthis SDK       build {ours_build:7.1f} us/bill   parse {ours_parse:7.1f} us/response")
    print(
        f"  noise: build {c.spread([r[0] for r in runs])}; parse {c.spread([r[1] for r in runs])}"
    )
    python, how = (None, "--no-peer given") if args.no_peer else _peer_python()
    if python is None:
        print(f"\n{PEER}: SKIPPED, {how}")
        print(c.result_line(ours_build_us=ours_build, ours_parse_us=ours_parse, peer="skipped"))
        return 0
    job = {
        "payloads": [_plain(Create.for_model(b.bill).fields) for b in bills],
        "responses": [body.decode("utf-8") for body in bodies],
        "repeat": 1,
    }
    peer_runs: list[tuple[float, float]] = []
    version = "?"
    for _ in range(max(1, args.repeat)):
        done = subprocess.run(
            [str(python), str(HERE / "_peer_worker.py")],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            print(f"\n{PEER}: SKIPPED, the worker failed: {done.stderr.strip()[-800:]}")
            print(c.result_line(ours_build_us=ours_build, ours_parse_us=ours_parse, peer="failed"))
            return 0
        out = json.loads(done.stdout)
        version = out["version"]
        peer_runs.append((c.median(out["build_us"]), c.median(out["parse_us"])))
    peer_build = c.median([r[0] for r in peer_runs])
    peer_parse = c.median([r[1] for r in peer_runs])
    print(f"{PEER} {version} ({how}; requests.post stubbed)")
    print(f"               build {peer_build:7.1f} us/bill   parse {peer_parse:7.1f} us/response")
    noise = (
        f"build {c.spread([r[0] for r in peer_runs])}; parse {c.spread([r[1] for r in peer_runs])}"
    )
    print(f"  noise: {noise}")
    build_ratio = peer_build / ours_build
    parse_ratio = peer_parse / ours_parse
    print(f"\nthis SDK is {build_ratio:.1f}x faster building, {parse_ratio:.1f}x faster parsing")
    print(
        c.result_line(
            ours_build_us=ours_build,
            ours_parse_us=ours_parse,
            peer_build_us=peer_build,
            peer_parse_us=peer_parse,
            build_ratio=build_ratio,
            parse_ratio=parse_ratio,
            peer_version=version,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
