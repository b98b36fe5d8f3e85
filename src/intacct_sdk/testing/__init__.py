"""`intacct_sdk.testing`: an in-memory Sage Intacct XML gateway for tests, demos and benchmarks.

`FakeIntacct` is an httpx transport (sync and async) that behaves like the gateway: sender and user
authentication, API sessions with sliding expiry and an endpoint hand-off, uniqueid dedup by
function controlid, transactions, an object store (VENDOR, APBILL, APADJUSTMENT, PODOCUMENT,
GLACCOUNT) with read / readByQuery / readMore / query, and deterministic fault injection::

    fake = FakeIntacct()
    fake.add_gl_account("6000", "Freight")
    fake.add_vendor("V-1", "Widget Co")
    fake.faults.fail_next(503)                   # the next request gets an HTML 503
    with httpx.Client(transport=fake) as http:
        ...                                      # or hand `http` to IntacctClient(http_client=...)
    fake.records("APBILL")                       # what was stored
    fake.requests[-1].endpoint                   # where the last request went
"""

from intacct_sdk.testing._faults import Fault, FaultQueue
from intacct_sdk.testing._log import Counters, FunctionRecord, RequestRecord
from intacct_sdk.testing._transport import FakeCredentials, FakeIntacct

__all__ = [
    "Counters",
    "FakeCredentials",
    "FakeIntacct",
    "Fault",
    "FaultQueue",
    "FunctionRecord",
    "RequestRecord",
]
