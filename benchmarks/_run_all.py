"""`make bench`: run every benchmark script in turn, then print their `RESULT` lines as a table.

Scripts are the `benchmarks/*.py` files whose names do not start with `_`; each prints its own
figures and ends with one `RESULT key=value ...` line. A script that fails stops the run.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Run the scripts (extra arguments go to every script), print the summary table."""
    scripts = sorted(p for p in HERE.glob("*.py") if not p.name.startswith("_"))
    results: list[tuple[str, float, str]] = []
    started = time.perf_counter()
    for script in scripts:
        print(f"\n== {script.name}", flush=True)
        t = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, bufsize=1
        )
        assert process.stdout is not None  # noqa: S101 - Popen(stdout=PIPE) always has one
        last = ""
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith("RESULT "):
                last = line[len("RESULT ") :].strip()
        if process.wait() != 0:
            print(f"\n{script.name} failed (exit {process.returncode})")
            return 1
        results.append((script.stem, time.perf_counter() - t, last or "(no RESULT line)"))
    print(f"\n== summary ({time.perf_counter() - started:.0f} s in all)")
    width = max(len(name) for name, _, _ in results)
    for name, seconds, line in results:
        print(f"{name:<{width}}  {seconds:6.1f} s  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
