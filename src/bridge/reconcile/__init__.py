"""Month-end reconciliation: Commerce documents and Intacct AP records side by side.

Sans-I/O and streaming: two readers yield documents sorted by `(object, number)`; a sorted merge
classifies each number (matched, amount mismatch, missing in Intacct, unknown to Commerce,
vendor mismatch, posted twice, pending or failed in the store) while totals per class,
currency, vendor and day accumulate; memory does not grow with the number of documents.
See docs/reconciliation.md.

```python
from bridge.reconcile import Period, reconcile

report = reconcile(Period.month(2026, 10), commerce=commerce_reader, intacct=intacct_reader,
                   store=store_lookup, config=config)
print(report.summary())
report.write_html("reconciliation-2026-10.html")
report.replay_targets()   # what `SyncOrchestrator.replay` may requeue
```
"""

from bridge.reconcile import _command as command
from bridge.reconcile._async_readers import AsyncCommerceClientReader, AsyncIntacctClientReader
from bridge.reconcile._convert import (
    AccountKinds,
    from_ap_adjustment,
    from_ap_bill,
    from_credit_memo,
    from_invoice,
    from_order,
)
from bridge.reconcile._export import CSV_COLUMNS, SCHEMA
from bridge.reconcile._merge import amerge, classify, merge
from bridge.reconcile._model import (
    LINE_KINDS,
    CommerceDocument,
    IntacctDocument,
    Item,
    Period,
    ReconcileError,
    Status,
    StoreStatus,
    UnsortedInputError,
)
from bridge.reconcile._reconcile import Progress, areconcile, reconcile
from bridge.reconcile._report import ReconciliationReport, ReplayTarget
from bridge.reconcile._sources import (
    AsyncCommerceReader,
    AsyncIntacctReader,
    CommerceReader,
    InMemoryCommerceReader,
    InMemoryIntacctReader,
    InMemoryStoreLookup,
    IntacctReader,
    RecordStoreLookup,
    StoreLookup,
)
from bridge.reconcile._sync_readers import CommerceClientReader, IntacctClientReader

__all__ = [
    "CSV_COLUMNS",
    "LINE_KINDS",
    "SCHEMA",
    "AccountKinds",
    "AsyncCommerceClientReader",
    "AsyncCommerceReader",
    "AsyncIntacctClientReader",
    "AsyncIntacctReader",
    "CommerceClientReader",
    "CommerceDocument",
    "CommerceReader",
    "InMemoryCommerceReader",
    "InMemoryIntacctReader",
    "InMemoryStoreLookup",
    "IntacctClientReader",
    "IntacctDocument",
    "IntacctReader",
    "Item",
    "Period",
    "Progress",
    "ReconcileError",
    "ReconciliationReport",
    "RecordStoreLookup",
    "ReplayTarget",
    "Status",
    "StoreLookup",
    "StoreStatus",
    "UnsortedInputError",
    "amerge",
    "areconcile",
    "classify",
    "command",
    "from_ap_adjustment",
    "from_ap_bill",
    "from_credit_memo",
    "from_invoice",
    "from_order",
    "merge",
    "reconcile",
]
