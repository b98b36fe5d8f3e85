"""Resource classes of the two clients (reached as `client.orders`, `client.customers`, ...)."""

from commerce_sdk.resources._async import (
    AsyncListResource,
    AsyncOrdersResource,
    AsyncPurchaseOrdersResource,
    AsyncUpdatableResource,
)
from commerce_sdk.resources._sync import (
    ListResource,
    OrdersResource,
    PurchaseOrdersResource,
    UpdatableResource,
)

__all__ = [
    "AsyncListResource",
    "AsyncOrdersResource",
    "AsyncPurchaseOrdersResource",
    "AsyncUpdatableResource",
    "ListResource",
    "OrdersResource",
    "PurchaseOrdersResource",
    "UpdatableResource",
]
