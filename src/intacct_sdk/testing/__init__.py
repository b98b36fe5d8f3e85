"""`intacct_sdk.testing`: an in-memory Sage Intacct XML gateway for tests, demos and benchmarks.

`FakeIntacct` is an httpx transport (sync and async) that behaves like the gateway: sender and user
authentication, API sessions with sliding expiry and an endpoint hand-off, uniqueid dedup by
function controlid, transactions, an object store (VENDOR, APBILL, APADJUSTMENT, PODOCUMENT,
GLACCOUNT) with read / readByName / readByQuery / readMore / query, and deterministic fault
injection::

    fake = FakeIntacct()
    fake.add_gl_account("6000", "Freight")
    fake.add_vendor("V-1", "Widget Co")
    fake.faults.fail_next(503)                   # the next request gets an HTML 503
    with httpx.Client(transport=fake) as http:
        client = IntacctClient(**fake.credentials(), http_client=http)
        ...
    fake.records("APBILL")                       # what was stored
    fake.requests[-1].endpoint                   # where the last request went

It parses requests and writes responses on its own (lxml), sharing no code with the SDK's builder
or parser, so it is an independent check of both.

Choices where the public record is silent (research/intacct.md marks these unverified):
- A uniqueid duplicate is answered with a `<result>` holding only `<function>` and `<controlid>`
  (no `<status>`, no errors), the shape reported in intacct-sdk-js issue #70. The dedup key is
  (company, function controlid); only functions that succeeded in a `uniqueid=true` request are
  remembered, and a rolled-back transaction remembers nothing, so a failed write may be resent.
- Business-rule failures use errorno BL01001973 (specific error first, then "Could not create
  ... record!"); query failures use DL02000001. Only BL34000061, XL03000003/6/9 and GW-0010/11
  come from public sources.
- `*` returns the whole stored record (nested `DISPLAYCONTACT`, line items); a dotted field in a
  field list or `select` comes back as one flat element named `DISPLAYCONTACT.EMAIL1`.
- Network-error faults (timeout, connection reset) close the connection without an answer when
  served over HTTP; in-process they raise the httpx exceptions named in `FaultQueue`.
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
