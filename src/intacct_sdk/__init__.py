"""Sage Intacct XML gateway client.

The public surface is re-exported here; modules whose names start with an underscore are private.

    from intacct_sdk import IntacctClient
    with IntacctClient.from_env() as client:
        bill = client.ap_bills.create(bill)

See docs/intacct.md.
"""

from intacct_sdk import functions, models
from intacct_sdk._async_client import AsyncIntacctClient
from intacct_sdk._client import IntacctClient
from intacct_sdk._constants import DEFAULT_ENDPOINT
from intacct_sdk._exceptions import (
    AuthenticationError,
    ControlError,
    DuplicateRequestError,
    ErrorDetail,
    HttpStatusError,
    IntacctError,
    RateLimitError,
    ResponseParseError,
    ResultError,
    SessionExpiredError,
    TransactionAbortedError,
    TransportError,
)
from intacct_sdk._result import AuthInfo, Response, Result
from intacct_sdk._session import Session
from intacct_sdk.functions import (
    Create,
    CreateAPAdjustment,
    CreatePOTransaction,
    Delete,
    GetAPISession,
    Query,
    Read,
    ReadByQuery,
    ReadMore,
    Update,
)
from intacct_sdk.models import (
    Address,
    APAdjustment,
    APAdjustmentLine,
    APBill,
    APBillLine,
    Contact,
    GLAccount,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)

__all__ = [
    "DEFAULT_ENDPOINT",
    "APAdjustment",
    "APAdjustmentLine",
    "APBill",
    "APBillLine",
    "Address",
    "AsyncIntacctClient",
    "AuthInfo",
    "AuthenticationError",
    "Contact",
    "ControlError",
    "Create",
    "CreateAPAdjustment",
    "CreatePOTransaction",
    "Delete",
    "DuplicateRequestError",
    "ErrorDetail",
    "GLAccount",
    "GetAPISession",
    "HttpStatusError",
    "IntacctClient",
    "IntacctError",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "Query",
    "RateLimitError",
    "Read",
    "ReadByQuery",
    "ReadMore",
    "Response",
    "ResponseParseError",
    "Result",
    "ResultError",
    "Session",
    "SessionExpiredError",
    "TransactionAbortedError",
    "TransportError",
    "Update",
    "Vendor",
    "functions",
    "models",
]
