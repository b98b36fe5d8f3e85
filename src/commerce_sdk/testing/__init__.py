"""`commerce_sdk.testing`: an in-memory Adobe Commerce (PaaS and SaaS) for tests, demos and
benchmarks.

`FakeCommerce` is an httpx transport (sync and async) that behaves like a Commerce instance:
OAuth 1.0a signature verification, admin/customer tokens, the Adobe IMS token endpoint,
searchCriteria filtering/sorting/paging (with Magento's last-page clamp), GraphQL purchase orders,
full-replace customer/company updates, and queue-based fault injection::

    fake = FakeCommerce(flavor="paas")
    fake.seed_demo(seed=7, orders=50)
    client = httpx.Client(transport=fake, base_url=fake.base_url)

`fake.serve()` serves the same fake over real HTTP on loopback. `WebhookSender` signs and sends
webhook deliveries the way Adobe Commerce, Adobe I/O Events and custom HMAC senders do.
"""

from commerce_sdk.testing._clock import FakeClock
from commerce_sdk.testing._fake import FakeCommerce, RecordedRequest
from commerce_sdk.testing._faults import FaultQueue
from commerce_sdk.testing._oauth_verify import OAuthCredentials
from commerce_sdk.testing._responses import Reply
from commerce_sdk.testing._seed import DemoSeed
from commerce_sdk.testing._webhook_sender import Delivery, WebhookSender

__all__ = [
    "Delivery",
    "DemoSeed",
    "FakeClock",
    "FakeCommerce",
    "FaultQueue",
    "OAuthCredentials",
    "RecordedRequest",
    "Reply",
    "WebhookSender",
]
