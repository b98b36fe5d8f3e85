"""`commerce_sdk.testing`: an in-memory Adobe Commerce (PaaS and SaaS) for tests, demos and
benchmarks.

`FakeCommerce` is an httpx transport (sync and async) that behaves like a Commerce instance,
independently of `commerce_sdk`'s client code, so it can check any client::

    fake = FakeCommerce(flavor="paas", clock=FakeClock())      # or flavor="saas"
    seed = fake.seed_demo(seed=7, orders=50)                   # or fake.add_order({...}), ...
    http = httpx.Client(transport=fake)                        # or httpx.AsyncClient
    http.get(f"{fake.base_url}/rest/default/V1/orders?searchCriteria[pageSize]=20", ...)

What it does:

- PaaS: `/rest/<store>/V1/...` and `/rest/V1/...`; OAuth 1.0a verified from RFC 5849 (HMAC-SHA256
  and HMAC-SHA1, query and form parameters signed, nonces single-use, timestamps at most 600 s
  ahead) with Magento's 401 bodies; admin tokens (`POST /V1/integration/admin/token`, 4 h,
  optional 2FA refusal), customer tokens (`POST /V1/integration/customer/token`, 1 h), and the
  integration token as a bearer token only with `bearer_integration=True`.
- SaaS: `<base>/V1/...` with a `Store` header; the Adobe IMS token endpoint
  (`fake.ims_token_url`, client credentials, scope must include `commerce.accs`); API calls need
  the IMS bearer token and `x-api-key`.
- Orders, invoices, credit memos (`/V1/creditmemo/{id}`), customers and companies (search, get,
  full-replace PUT), `searchCriteria` filters/sorting/paging with Magento's last-page clamp,
  `fields=` partial responses, and GraphQL `customer { purchase_orders ... }` for company users.
- Faults, queued and deterministic: `fake.faults.status_next(...)`, `rate_limit_next()`,
  `maintenance_next()`, `expire_token_next()`, `drop_connection_next()`, `latency_next()`; plus
  `latency=` on every answer (slept with the injectable `sleep` / `async_sleep`).
- Inspection: `fake.requests`, `fake.count(...)`, `fake.counters`, `fake.get(kind, id)`,
  `fake.records(kind)`; time control through `FakeClock`, `fake.touch()`, `fake.expire_tokens()`.
- `fake.serve()` serves the same fake over real HTTP on loopback (demo, benchmarks).

`WebhookSender` signs and sends webhook deliveries the way Adobe Commerce, Adobe I/O Events and
custom HMAC senders do.
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
