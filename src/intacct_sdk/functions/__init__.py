"""Gateway functions: build them, pass a list to `client.execute(...)`.

Every function takes `control_id=` (1..256 characters). Reads default to a uuid4; the typed
`for_model` constructors and the legacy create functions default to a deterministic id derived
from the business key and the content, so a resend is recognised by `uniqueid` (research 4).
"""

from intacct_sdk.functions._base import Function, new_control_id
from intacct_sdk.functions._filter import (
    Filter,
    and_,
    between,
    equal_to,
    greater_than,
    greater_than_or_equal_to,
    in_,
    is_not_null,
    is_null,
    less_than,
    less_than_or_equal_to,
    like,
    not_equal_to,
    not_in,
    not_like,
    or_,
    quote,
)
from intacct_sdk.functions._generic import (
    Create,
    Delete,
    GetAPISession,
    Query,
    Read,
    ReadByQuery,
    ReadMore,
    Update,
)
from intacct_sdk.functions._legacy import CreateAPAdjustment, CreatePOTransaction

__all__ = [
    "Create",
    "CreateAPAdjustment",
    "CreatePOTransaction",
    "Delete",
    "Filter",
    "Function",
    "GetAPISession",
    "Query",
    "Read",
    "ReadByQuery",
    "ReadMore",
    "Update",
    "and_",
    "between",
    "equal_to",
    "greater_than",
    "greater_than_or_equal_to",
    "in_",
    "is_not_null",
    "is_null",
    "less_than",
    "less_than_or_equal_to",
    "like",
    "new_control_id",
    "not_equal_to",
    "not_in",
    "not_like",
    "or_",
    "quote",
]
