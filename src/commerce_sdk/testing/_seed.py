"""`seed_demo`: a deterministic, realistic distributor's data set.

Guests, individual customers and B2B companies with their users; orders with simple,
configurable (parent priced, child at 0) and dynamically priced bundle lines (children priced);
discounts (negative at order level, positive on items), shipping, tax, EUR orders on a USD base;
invoices; full and partial refunds with an adjustment fee; purchase orders (research section 4).
Every document adds up: grand_total = subtotal + shipping + tax + discount (credit memos also
+ adjustment_positive - adjustment_negative), all in 2-decimal money computed with `Decimal`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commerce_sdk.testing import _seed_data as data
from commerce_sdk.testing._seed_docs import Documents
from commerce_sdk.testing._seed_lines import Line, build_lines, num, q

if TYPE_CHECKING:
    from commerce_sdk.testing._fake import FakeCommerce

__all__ = ["DemoSeed", "seed_demo"]

DEFAULT_START = datetime(2026, 1, 5, tzinfo=UTC)


def _text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@attrs.frozen(kw_only=True)
class DemoSeed:
    """What `seed_demo` created; `company_users` maps email -> password (customer tokens)."""

    companies: tuple[int, ...]
    customers: tuple[int, ...]
    orders: tuple[int, ...]
    invoices: tuple[int, ...]
    credit_memos: tuple[int, ...]
    purchase_orders: tuple[str, ...]
    company_users: dict[str, str] = attrs.field(repr=False)


class _Builder(Documents):
    def order(
        self, customer: dict[str, Any] | None, company: dict[str, Any] | None
    ) -> tuple[dict[str, Any], list[Line]]:
        place = self.rng.choice(data.PLACES)
        currency, tax_rate = place[6], place[7]
        rate = data.EUR_RATE if currency == "EUR" else Decimal(1)
        discount = self.rng.choice((Decimal(0), Decimal(0), Decimal("0.10"), Decimal("0.05")))
        order_id = self.fake.store.count("order") + 1
        while self.fake.store.get("order", order_id) is not None:
            order_id += 1
        lines = build_lines(self.rng, order_id, rate, tax_rate, discount)
        money = [line for line in lines if line.carries_money]
        subtotal = sum((line.row_total for line in money), Decimal(0))
        discount_total = -sum((line.discount for line in money), Decimal(0))
        tax = sum((line.tax for line in money), Decimal(0))
        shipping = q((Decimal(5) + len(money)) * rate)
        grand = subtotal + shipping + tax + discount_total
        if customer is not None:
            first, last, email = customer["firstname"], customer["lastname"], customer["email"]
        else:
            first, last = self.person()
            email = f"{first.lower()}{self.rng.randrange(100, 999)}@guest.example"
        address = self.address(first, last, email, company["company_name"] if company else None)
        address["region"] = place[1]
        address.update(city=place[0], region_code=place[2], postcode=place[4], country_id=place[5])
        created = self.moment()
        base = {
            k: num(v / rate)
            for k, v in (
                ("sub", subtotal),
                ("ship", shipping),
                ("tax", tax),
                ("disc", discount_total),
            )
        }
        payment: dict[str, Any] = {"method": "checkmo", "additional_information": []}
        if company is not None:
            payment = {
                "method": "purchaseorder",
                "po_number": f"PO-{self.rng.randrange(10000, 99999)}",
            }
        order: dict[str, Any] = {
            "entity_id": order_id,
            "increment_id": f"{order_id:09d}",
            "state": "new",
            "status": "pending",
            "store_id": 1,
            "store_name": "Main Website\nMain Website Store\nDefault Store View",
            "customer_id": customer["id"] if customer else None,
            "customer_email": email,
            "customer_firstname": first,
            "customer_lastname": last,
            "customer_is_guest": 0 if customer else 1,
            "customer_group_id": customer["group_id"] if customer else 0,
            "created_at": _text(created),
            "updated_at": _text(created),
            "order_currency_code": currency,
            "base_currency_code": "USD",
            "global_currency_code": "USD",
            "store_currency_code": "USD",
            "base_to_order_rate": float(rate),
            "base_to_global_rate": 1,
            "subtotal": num(subtotal),
            "subtotal_incl_tax": num(subtotal + tax),
            "shipping_amount": num(shipping),
            "shipping_incl_tax": num(shipping),
            "shipping_tax_amount": 0,
            "shipping_description": "Flat Rate - Fixed",
            "tax_amount": num(tax),
            "discount_amount": num(discount_total),
            "discount_description": "SPRING10" if discount else None,
            "grand_total": num(grand),
            "base_subtotal": base["sub"],
            "base_shipping_amount": base["ship"],
            "base_tax_amount": base["tax"],
            "base_discount_amount": base["disc"],
            "base_grand_total": num(sum((Decimal(str(v)) for v in base.values()), Decimal(0))),
            "total_qty_ordered": sum(line.qty for line in money),
            "total_item_count": len(lines),
            "weight": len(money),
            "items": [line.item for line in lines],
            "billing_address": address | {"address_type": "billing", "parent_id": order_id},
            "payment": payment | {"amount_ordered": num(grand), "parent_id": order_id},
            "status_histories": [],
            "extension_attributes": {
                "shipping_assignments": [
                    {
                        "shipping": {
                            "address": address
                            | {"address_type": "shipping", "parent_id": order_id},
                            "method": "flatrate_flatrate",
                            "total": {"shipping_amount": num(shipping)},
                        },
                        "items": [line.item for line in lines],
                    }
                ]
            },
        }
        if company is not None:
            order["extension_attributes"]["company_order_attributes"] = {
                "order_id": order_id,
                "company_id": company["id"],
                "company_name": company["company_name"],
            }
        if discount == 0:
            del order["discount_description"]
        return order, lines


_STATES = (
    ("new", "pending"),
    ("processing", "processing"),
    ("complete", "complete"),
    ("closed", "closed"),
    ("canceled", "canceled"),
)


def seed_demo(
    fake: FakeCommerce,
    *,
    seed: int = 0,
    orders: int = 50,
    companies: int = 4,
    customers: int = 12,
    purchase_orders_per_company: int = 2,
    start: datetime = DEFAULT_START,
    days: int = 60,
) -> DemoSeed:
    """Fill `fake` with a deterministic distributor: the same arguments give the same data."""
    for name, value in (("orders", orders), ("companies", companies), ("customers", customers)):
        if value < 0:
            raise ValueError(f"{name}: expected >= 0, got {value!r}")
    if start.tzinfo is None:
        raise ValueError(f"start: refusing a naive datetime {start!r}; pass an aware one")
    start = start.astimezone(UTC)
    with fake._lock:
        b = _Builder(fake, seed, start, max(days, 1))
        made: dict[str, list[Any]] = {k: [] for k in ("co", "cu", "or", "in", "cm", "po")}
        b2b: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
        for index in range(companies):
            name = data.COMPANIES[index % len(data.COMPANIES)]
            if index >= len(data.COMPANIES):
                name = f"{name} {index // len(data.COMPANIES) + 1}"
            created, members = b.company(index + 1, name)
            b2b.append((created, members))
            made["co"].append(created["id"])
            made["cu"].extend(u["id"] for u in members)
        people = [b.customer(500 + i, None, None) for i in range(customers)]
        made["cu"].extend(p["id"] for p in people)
        for _ in range(orders):
            roll = b.rng.random()
            company: dict[str, Any] | None = None
            user: dict[str, Any] | None = None
            if roll < 0.45 and b2b:
                company, users = b.rng.choice(b2b)
                user = b.rng.choice(users)
            elif roll < 0.75 and people:
                user = b.rng.choice(people)
            order, lines = b.order(user, company)
            state, status = b.rng.choices(_STATES, weights=(2, 3, 6, 1, 1))[0]
            when = datetime.strptime(order["created_at"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            last = when
            if state in ("processing", "complete", "closed"):
                last = when + timedelta(hours=b.rng.randrange(1, 48))
                invoice = b.invoice(order, lines, last)
                made["in"].append(invoice["entity_id"])
                if state == "closed" or (state == "complete" and b.rng.random() < 0.3):
                    last += timedelta(days=b.rng.randrange(1, 10))
                    memo = b.credit_memo(order, lines, invoice, last, full=state == "closed")
                    made["cm"].append(memo["entity_id"])
            if state == "canceled":
                last = when + timedelta(hours=3)
                for line in lines:
                    line.item["qty_canceled"] = line.qty
            order.update(state=state, status=status, updated_at=_text(last))
            stored = fake.add_order(order)
            made["or"].append(stored["entity_id"])
            if company is not None and user is not None and b.rng.random() < 0.6:
                po = b.purchase_order(
                    company, user, "ORDER_PLACED", when - timedelta(hours=20), stored, lines
                )
                made["po"].append(po["uid"])
        for company, users in b2b:
            for n in range(purchase_orders_per_company):
                lines = build_lines(
                    b.rng,
                    90000 + len(made["po"]) * 10 + n,
                    Decimal(1),
                    Decimal("0.0825"),
                    Decimal(0),
                )
                status = b.rng.choice(data.PO_STATUSES)
                po = b.purchase_order(company, b.rng.choice(users), status, b.moment(), None, lines)
                made["po"].append(po["uid"])
        return DemoSeed(
            companies=tuple(made["co"]),
            customers=tuple(made["cu"]),
            orders=tuple(made["or"]),
            invoices=tuple(made["in"]),
            credit_memos=tuple(made["cm"]),
            purchase_orders=tuple(made["po"]),
            company_users=dict(b.users),
        )
