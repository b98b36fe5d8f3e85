"""Demo data, part 2: invoices, credit memos (full, or partial with an adjustment fee) and B2B
purchase orders, derived from an order's lines so every total adds up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from commerce_sdk.testing._seed_lines import Line, invoice_items, num, q, refund_items
from commerce_sdk.testing._seed_people import People, text

__all__ = ["Documents"]


class Documents(People):
    """Adds the documents that follow an order."""

    def invoice(self, order: dict[str, Any], lines: list[Line], when: datetime) -> dict[str, Any]:
        ident = self.fake.store.count("invoice") + 1
        totals = (
            "subtotal",
            "shipping_amount",
            "shipping_incl_tax",
            "tax_amount",
            "discount_amount",
            "grand_total",
        )
        invoice = self.fake.add_invoice(
            {
                "entity_id": ident,
                "order_id": order["entity_id"],
                "state": 2,
                "store_id": 1,
                "created_at": text(when),
                "updated_at": text(when),
                "order_currency_code": order["order_currency_code"],
                "base_currency_code": "USD",
                "base_to_order_rate": order["base_to_order_rate"],
                "base_grand_total": order["base_grand_total"],
                "shipping_tax_amount": 0,
                "total_qty": order["total_qty_ordered"],
                "items": invoice_items(lines, ident),
                **{key: order[key] for key in totals},
            }
        )
        for line in lines:
            line.item["qty_invoiced"] = line.qty
        order.update(total_invoiced=order["grand_total"], total_paid=order["grand_total"])
        return invoice

    def credit_memo(
        self,
        order: dict[str, Any],
        lines: list[Line],
        invoice: dict[str, Any],
        when: datetime,
        full: bool,
    ) -> dict[str, Any]:
        ident = self.fake.store.count("credit_memo") + 1
        rate = Decimal(str(order["base_to_order_rate"]))
        money = [line for line in lines if line.carries_money]
        chosen = money if full else [money[0]]
        refunded = {line.item["item_id"]: (line.qty if full else 1) for line in chosen}
        for line in lines:  # a configurable child follows its parent
            parent = line.item.get("parent_item_id")
            if parent in refunded and not line.carries_money:
                refunded[line.item["item_id"]] = refunded[parent]
        share = {
            line.item["item_id"]: Decimal(refunded.get(line.item["item_id"], 0)) / line.qty
            for line in money
        }
        subtotal = sum(
            (q(line.price * refunded.get(line.item["item_id"], 0)) for line in money), Decimal(0)
        )
        discount = -sum(
            (q(line.discount * share[line.item["item_id"]]) for line in money), Decimal(0)
        )
        tax = sum((q(line.tax * share[line.item["item_id"]]) for line in money), Decimal(0))
        shipping = Decimal(str(order["shipping_amount"])) if full else Decimal(0)
        fee = Decimal(0) if full else min(q(Decimal(5) * rate), q((subtotal + discount + tax) / 2))
        grand = subtotal + shipping + tax + discount - fee
        memo = self.fake.add_credit_memo(
            {
                "entity_id": ident,
                "order_id": order["entity_id"],
                "invoice_id": invoice["entity_id"],
                "state": 2,
                "creditmemo_status": 2,
                "store_id": 1,
                "created_at": text(when),
                "updated_at": text(when),
                "order_currency_code": order["order_currency_code"],
                "base_currency_code": "USD",
                "base_to_order_rate": order["base_to_order_rate"],
                "subtotal": num(subtotal),
                "shipping_amount": num(shipping),
                "shipping_tax_amount": 0,
                "tax_amount": num(tax),
                "discount_amount": num(discount),
                "adjustment_positive": 0,
                "adjustment_negative": num(fee),
                "adjustment": num(-fee),
                "grand_total": num(grand),
                "base_grand_total": num(grand / rate),
                "items": refund_items(lines, ident, refunded),
            }
        )
        for line in lines:
            line.item["qty_refunded"] = refunded.get(line.item["item_id"], 0)
        order["total_refunded"] = num(grand)
        return memo

    def purchase_order(
        self,
        company: dict[str, Any],
        user: dict[str, Any],
        status: str,
        when: datetime,
        order: dict[str, Any] | None,
        lines: Sequence[Line],
    ) -> dict[str, Any]:
        money = [line for line in lines if line.carries_money]
        currency = order["order_currency_code"] if order else "USD"
        total = (
            Decimal(str(order["grand_total"]))
            if order
            else sum((line.row_total for line in money), Decimal(0))
        )
        return self.fake.add_purchase_order(
            {
                "status": status,
                "created_at": text(when),
                "updated_at": text(when + timedelta(hours=2)),
                "company_id": company["id"],
                "created_by_customer_id": user["id"],
                "created_by": {
                    "firstname": user["firstname"],
                    "lastname": user["lastname"],
                    "email": user["email"],
                },
                "order": {"number": order["increment_id"]} if order else None,
                "quote": {
                    "prices": {"grand_total": {"value": num(total), "currency": currency}},
                    "items": [
                        {
                            "uid": f"quote-item-{line.item['item_id']}",
                            "product": {"sku": line.item["sku"], "name": line.item["name"]},
                            "quantity": line.qty,
                            "prices": {
                                "price": {"value": num(line.price)},
                                "row_total": {"value": num(line.row_total)},
                            },
                        }
                        for line in money
                    ],
                },
            }
        )
