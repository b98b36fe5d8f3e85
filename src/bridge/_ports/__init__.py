"""The orchestrator's view of the two systems: a few async operations each.

The pipeline talks only to these ports; `_intacct.py` and `_commerce.py` adapt the SDK clients
(sync clients run in a worker thread, async clients are awaited), so one pipeline serves
`run_once()` and `arun_once()`.
"""

from bridge._ports._types import (
    CommercePort,
    IntacctPort,
    PostOutcome,
)

__all__ = ["CommercePort", "IntacctPort", "PostOutcome"]
