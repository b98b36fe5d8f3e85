"""How the bridge scales with worker processes sharing one PostgreSQL database (issue 7).

The same N orders (with their customers and companies) go from FakeCommerce to FakeIntacct with
1, 2 and 4 worker processes. Both fakes are served over loopback HTTP by this process with an
injected latency per answer (a remote API), each worker is a separate process running
`SyncOrchestrator.run_once()` until nothing is left, against a fresh PostgreSQL schema. The time
is measured from the moment every worker is ready (imports done, clients built) until the last
one exits; each figure is the median of a few runs.

    python benchmarks/workers_scaling.py                 # N=100 orders, 50 ms latency, 3 runs
    BRIDGE_BENCH_POSTGRES_DSN=postgresql://... python benchmarks/workers_scaling.py --orders 300

The DSN comes from BRIDGE_BENCH_POSTGRES_DSN, else BRIDGE_TEST_POSTGRES_DSN, else the local
server at 127.0.0.1:5432 (database `test`). Without a reachable server it says so and exits 0.
The last line is `RESULT workers1_s=... workers2_s=... workers4_s=...`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))

CONFIG = ROOT / "examples" / "bridge.example.toml"
ACCOUNTS = ("4000", "4100", "2200", "4900", "4950", "4960", "4050", "2400")
STREAMS = ("customers", "companies", "orders")
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def _dsn() -> str:
    return (
        os.environ.get("BRIDGE_BENCH_POSTGRES_DSN")
        or os.environ.get("BRIDGE_TEST_POSTGRES_DSN")
        or DEFAULT_DSN
    )


def _postgres_problem(dsn: str) -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'intacct-commerce[postgres]')"
    try:
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"PostgreSQL does not answer ({type(exc).__name__})"
    return None


# -- the worker process ------------------------------------------------------------------------


def worker_main(spec_path: str, worker_id: str) -> int:
    """One worker: build clients and the store, wait for the start signal, sync until done."""
    import httpx

    from bridge import MappingConfig
    from bridge.orchestrator import SyncOrchestrator
    from bridge.settings import SyncSettings
    from bridge.stores import PostgresStore, RecordState
    from commerce_sdk import CommerceClient, OAuth1
    from intacct_sdk import IntacctClient

    spec = json.loads(Path(spec_path).read_text())
    oauth = spec["oauth"]
    commerce = CommerceClient(
        spec["commerce_url"],
        auth=OAuth1(
            oauth["consumer_key"],
            oauth["consumer_secret"],
            oauth["access_token"],
            oauth["access_token_secret"],
        ),
        http_client=httpx.Client(),
    )
    intacct = IntacctClient(
        **spec["intacct_credentials"],
        endpoint_url=spec["intacct_url"],
        allow_endpoint_hosts=("127.0.0.1",),  # the served fake hands out its loopback URL
        http_client=httpx.Client(),
    )
    store = PostgresStore(spec["dsn"], schema=spec["schema"])
    orchestrator = SyncOrchestrator(
        intacct=intacct,
        commerce=commerce,
        store=store,
        config=MappingConfig.from_toml(CONFIG),
        settings=SyncSettings(
            streams=STREAMS,
            worker_id=worker_id,
            batch_size=spec["batch_size"],
            lease=timedelta(minutes=2),
        ),
    )
    print("READY", flush=True)
    go = Path(spec["go"])
    while not go.exists():
        time.sleep(0.01)
    open_states = (RecordState.PENDING, RecordState.IN_FLIGHT)
    for _ in range(200):
        report = orchestrator.run_once()
        if report.errors:
            print("ERROR", report.errors, file=sys.stderr, flush=True)
        if not store.find(states=open_states, limit=1):
            break
        time.sleep(0.05)
    store.close()
    return 0


# -- the parent --------------------------------------------------------------------------------


def _world(orders: int, latency: float) -> tuple[Any, Any]:
    from commerce_sdk.testing import FakeCommerce
    from intacct_sdk.testing import FakeIntacct

    commerce = FakeCommerce(flavor="paas", latency=latency)
    commerce.seed_demo(seed=5, orders=orders, companies=6, customers=30)
    intacct = FakeIntacct(latency=latency)
    for account in ACCOUNTS:
        intacct.add_gl_account(account, f"Account {account}")
    return commerce, intacct


def one_run(dsn: str, workers: int, orders: int, latency: float, batch: int) -> tuple[float, int]:
    """Seconds from 'all workers ready' to 'last worker exited', and the bills posted."""
    import psycopg

    from bridge.stores import PostgresStore

    commerce, intacct = _world(orders, latency)
    schema = f"bridge_bench_{uuid.uuid4().hex[:12]}"
    PostgresStore(dsn, schema=schema).close()  # migrate once, outside the measurement
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            commerce.serve() as commerce_url,
            intacct.serve() as intacct_url,
        ):
            oauth = commerce.oauth_credentials
            spec = Path(tmp) / "spec.json"
            go = Path(tmp) / "go"
            spec.write_text(
                json.dumps(
                    {
                        "commerce_url": commerce_url,
                        "oauth": {
                            "consumer_key": oauth.consumer_key,
                            "consumer_secret": oauth.consumer_secret,
                            "access_token": oauth.access_token,
                            "access_token_secret": oauth.access_token_secret,
                        },
                        "intacct_url": intacct_url,
                        "intacct_credentials": dict(intacct.credentials()),
                        "dsn": dsn,
                        "schema": schema,
                        "batch_size": batch,
                        "go": str(go),
                    }
                )
            )
            procs = [
                subprocess.Popen(
                    [sys.executable, __file__, "--worker", str(spec), f"bench-{k}"],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for k in range(workers)
            ]
            for proc in procs:
                if proc.stdout is None or proc.stdout.readline().strip() != "READY":
                    raise RuntimeError("a worker failed to start")
            started = time.perf_counter()
            go.touch()
            codes = [proc.wait(timeout=600) for proc in procs]
            elapsed = time.perf_counter() - started
            if any(codes):
                raise RuntimeError(f"a worker failed: exit codes {codes}")
            bills = intacct.records("APBILL")
            if len({b["RECORDID"] for b in bills}) != len(bills):
                raise RuntimeError("a bill was posted twice")
            return elapsed, len(bills)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> int:
    """Parse arguments and run the benchmark (or one worker, with --worker)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=10, help="SyncSettings.batch_size")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--worker", nargs=2, metavar=("SPEC", "ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker_main(*args.worker)

    dsn = _dsn()
    problem = _postgres_problem(dsn)
    if problem is not None:
        print(f"workers_scaling: skipped: {problem}.")
        print("Set BRIDGE_BENCH_POSTGRES_DSN (or run a server at 127.0.0.1:5432) to measure.")
        return 0
    counts = [int(n) for n in args.workers.split(",")]
    print(
        f"workers_scaling: {args.orders} orders, {args.latency_ms:.0f} ms per API answer, "
        f"batch {args.batch}, median of {args.runs} runs, {os.cpu_count()} cores"
    )
    medians: dict[int, float] = {}
    for workers in counts:
        times = []
        for _ in range(args.runs):
            elapsed, bills = one_run(dsn, workers, args.orders, args.latency_ms / 1000, args.batch)
            times.append(elapsed)
        medians[workers] = statistics.median(times)
        base = medians[counts[0]]
        print(
            f"  {workers} worker(s): {medians[workers]:6.2f} s  ({bills} bills, "
            f"{bills / medians[workers]:5.1f} bills/s, speedup x{base / medians[workers]:.2f}; "
            f"runs {', '.join(f'{t:.2f}' for t in times)})"
        )
    print("RESULT " + " ".join(f"workers{n}_s={medians[n]:.2f}" for n in counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
