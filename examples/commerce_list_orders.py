"""List recent orders from Adobe Commerce, PaaS (OAuth 1.0a) and SaaS (Adobe IMS).

By default both variants run in-process against `commerce_sdk.testing.FakeCommerce`, so the script
works without any credentials:

    python examples/commerce_list_orders.py                 # PaaS and SaaS against the fake
    python examples/commerce_list_orders.py --flavor saas   # one variant

Against a real instance, set COMMERCE_BASE_URL and either the four integration values
(COMMERCE_CONSUMER_KEY, COMMERCE_CONSUMER_SECRET, COMMERCE_ACCESS_TOKEN,
COMMERCE_ACCESS_TOKEN_SECRET) or COMMERCE_IMS_CLIENT_ID / COMMERCE_IMS_CLIENT_SECRET, then:

    python examples/commerce_list_orders.py --live --since 2024-05-01
"""

from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime, timedelta

import httpx

from commerce_sdk import CommerceClient, IMSCredentials, OAuth1, SearchCriteria
from commerce_sdk.testing import FakeClock, FakeCommerce

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def seed(fake: FakeCommerce, count: int = 12) -> None:
    """A few orders, some of them changed an hour later (so the incremental read has work)."""
    for i in range(1, count + 1):
        fake.add_order(
            {
                "increment_id": f"{100000000 + i}",
                "state": "processing" if i % 3 else "complete",
                "status": "processing" if i % 3 else "complete",
                "customer_email": f"buyer{i}@example.com",
                "order_currency_code": "USD",
                "base_currency_code": "USD",
                "grand_total": f"{10 * i}.99",
                "subtotal": f"{10 * i}.99",
                "items": [
                    {
                        "item_id": i,
                        "sku": f"SKU-{i}",
                        "name": "Widget",
                        "qty_ordered": 1,
                        "price": f"{10 * i}.99",
                        "row_total": f"{10 * i}.99",
                        "product_type": "simple",
                    }
                ],
            }
        )


def fake_client(flavor: str) -> CommerceClient:
    """A client wired to an in-process fake of the given flavor, with the fake's credentials."""
    clock = FakeClock(NOW)
    fake = FakeCommerce(flavor="saas" if flavor == "saas" else "paas", clock=clock)
    seed(fake)
    clock.advance(3600)
    for entity_id in (3, 7, 11):
        fake.touch("order", entity_id)
    http = httpx.Client(transport=fake)
    if flavor == "saas":
        auth: httpx.Auth = IMSCredentials(
            fake.ims_client_id, fake.ims_client_secret, token_url=fake.ims_token_url
        )
    else:
        creds = fake.oauth_credentials
        auth = OAuth1(
            creds.consumer_key,
            creds.consumer_secret,
            creds.access_token,
            creds.access_token_secret,
            clock=clock,
        )
    return CommerceClient(fake.base_url, auth=auth, http_client=http, store_code="default")


def list_orders(client: CommerceClient, since: datetime) -> None:
    print(f"== {client.flavor.value.upper()} {client.base_url} (auth {type(client.auth).__name__})")
    processing = SearchCriteria().where("state", "processing").order_by("entity_id")
    total = sum(1 for _ in client.orders.iter(processing, page_size=5))
    print(f"processing orders: {total}")
    print(f"orders updated since {since:%Y-%m-%d %H:%M:%S} UTC:")
    for order in client.orders.iter(updated_since=since, page_size=2):
        print(
            f"  #{order.increment_id}  {order.state:<10} {order.grand_total:>8} "
            f"{order.order_currency_code}  {order.customer_email}  updated {order.updated_at}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flavor", choices=["paas", "saas", "both"], default="both")
    parser.add_argument("--live", action="store_true", help="use COMMERCE_* from the environment")
    parser.add_argument("--since", help="UTC date (YYYY-MM-DD); default: 30 minutes after seeding")
    parser.add_argument("--verbose", action="store_true", help="log requests (never secrets)")
    args = parser.parse_args()
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG)
    since = (
        datetime.strptime(args.since, "%Y-%m-%d").replace(tzinfo=UTC)
        if args.since
        else NOW + timedelta(minutes=30)
    )
    if args.live:
        with CommerceClient.from_env() as client:
            list_orders(client, since)
        return
    for flavor in ("paas", "saas") if args.flavor == "both" else (args.flavor,):
        with fake_client(flavor) as client:
            list_orders(client, since)


if __name__ == "__main__":
    main()
