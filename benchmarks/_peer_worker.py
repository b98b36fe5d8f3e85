"""Runs inside the separate benchmark venv: times `sageintacctsdk` building and parsing.

Reads {"payloads": [...], "responses": [...], "repeat": n} as JSON on stdin and writes
{"build_us": [...], "parse_us": [...], "version": "..."} on stdout. `requests.post` is replaced
by a stub that returns the given response body: nothing leaves the process.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from importlib.metadata import version
from typing import Any


class _Reply:
    def __init__(self, text: str) -> None:
        self.text = text
        self.status_code = 200


def main() -> int:
    """Time every payload's `bills.post` split at the (stubbed) HTTP call."""
    # Imported by name: the package exists only in the benchmark venv, not for mypy.
    api_base = importlib.import_module("sageintacctsdk.apis.api_base")
    bills_module = importlib.import_module("sageintacctsdk.apis.bills")

    job = json.load(sys.stdin)
    marks: dict[str, float] = {}
    current: dict[str, str] = {}

    def fake_post(url: str, headers: Any = None, data: Any = None, **_: Any) -> _Reply:
        marks["sent"] = time.perf_counter()
        reply = _Reply(current["text"])
        marks["answered"] = time.perf_counter()
        return reply

    api_base.requests.post = fake_post
    bills = bills_module.Bills()
    bills.set_show_private(False)
    bills.set_sender_id("bench-sender")
    bills.set_sender_password("bench-sender-password")
    bills.set_session_id("bench-session")
    bills._ApiBase__api_url = "http://127.0.0.1:9/never-used"  # set by get_session_id normally
    build_us: list[float] = []
    parse_us: list[float] = []
    for _ in range(int(job["repeat"])):
        for payload, text in zip(job["payloads"], job["responses"], strict=True):
            current["text"] = text
            started = time.perf_counter()
            result = bills.post(payload)
            done = time.perf_counter()
            assert result["status"] == "success", result  # noqa: S101 - a broken benchmark
            build_us.append((marks["sent"] - started) * 1e6)
            parse_us.append((done - marks["answered"]) * 1e6)
    json.dump(
        {"build_us": build_us, "parse_us": parse_us, "version": version("sageintacctsdk")},
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
