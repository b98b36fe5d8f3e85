"""Demo data, part 1: places, people, customers and B2B companies with their users."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from commerce_sdk.testing import _seed_data as data

if TYPE_CHECKING:
    from commerce_sdk.testing._fake import FakeCommerce

__all__ = ["People", "text"]


def text(moment: datetime) -> str:
    """Commerce's UTC `YYYY-MM-DD HH:MM:SS`."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class People:
    """Creates customers and companies in the fake; `users` collects company-user passwords."""

    def __init__(self, fake: FakeCommerce, seed: int, start: datetime, days: int) -> None:
        self.fake = fake
        self.rng = random.Random(seed)
        self.start = start
        self.days = days
        self.users: dict[str, str] = {}

    def moment(self) -> datetime:
        return self.start + timedelta(seconds=self.rng.randrange(self.days * 86400))

    def address(self, first: str, last: str, email: str, company: str | None) -> dict[str, Any]:
        city, region, code, region_id, postcode, country, *_ = self.rng.choice(data.PLACES)
        return {
            "firstname": first,
            "lastname": last,
            "company": company,
            "street": [
                f"{self.rng.randrange(1, 999)} {self.rng.choice(['Main', 'Dock', 'Mill'])} St"
            ],
            "city": city,
            "region": region,
            "region_code": code,
            "region_id": int(region_id),
            "postcode": postcode,
            "country_id": country,
            "telephone": f"555-{self.rng.randrange(1000, 9999)}",
            "email": email,
        }

    def person(self) -> tuple[str, str]:
        return self.rng.choice(data.FIRST_NAMES), self.rng.choice(data.LAST_NAMES)

    def customer(
        self, index: int, company: dict[str, Any] | None, job: str | None
    ) -> dict[str, Any]:
        first, last = self.person()
        domain = company["company_email"].split("@")[1] if company else "mail.example"
        email = f"{first.lower()}.{last.lower()}{index}@{domain}"
        address = self.address(first, last, email, company["company_name"] if company else None)
        region = {
            "region": address.pop("region"),
            "region_code": address.pop("region_code"),
            "region_id": address.pop("region_id"),
        }
        address.pop("email")
        created = text(self.start - timedelta(days=self.rng.randrange(30, 400)))
        record: dict[str, Any] = {
            "email": email,
            "firstname": first,
            "lastname": last,
            "group_id": company["customer_group_id"] if company else 1,
            "website_id": 1,
            "store_id": 1,
            "created_in": "Default Store View",
            "created_at": created,
            "updated_at": created,
            "addresses": [
                address | {"region": region, "default_billing": True, "default_shipping": True}
            ],
            "custom_attributes": [],
            "extension_attributes": {
                "company_attributes": {
                    "company_id": company["id"] if company else 0,
                    "status": 1,
                    "job_title": job,
                    "telephone": address["telephone"],
                }
            },
        }
        if company is None:
            del record["extension_attributes"]
        stored = self.fake.add_customer(record)
        stored["addresses"][0]["id"] = stored["id"] * 10
        stored["addresses"][0]["customer_id"] = stored["id"]
        if company is not None:
            stored["extension_attributes"]["company_attributes"]["customer_id"] = stored["id"]
            password = f"Demo-{stored['id']}-pass"
            self.fake.set_password(email, password)
            self.users[email] = password
        return self.fake.store.replace("customer", stored["id"], stored)

    def company(self, index: int, name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        slug = name.lower().replace(" & ", "-").replace(" ", "-")
        city, region, _code, region_id, postcode, country, *_ = self.rng.choice(data.PLACES)
        company = self.fake.add_company(
            {
                "company_name": name,
                "legal_name": f"{name} LLC",
                "company_email": f"ap@{slug}.example",
                "status": 1,
                "vat_tax_id": f"VAT{self.rng.randrange(10**7, 10**8)}",
                "reseller_id": f"R-{index:04d}",
                "street": [f"{self.rng.randrange(1, 500)} Commerce Way"],
                "city": city,
                "country_id": country,
                "region": region,
                "region_id": region_id,
                "postcode": postcode,
                "telephone": f"555-{self.rng.randrange(1000, 9999)}",
                "customer_group_id": 2,
                "sales_representative_id": 1,
                "super_user_id": 0,
                "reject_reason": None,
                "rejected_at": None,
                # From the seed, not the clock: same arguments, same data (no RNG draw, so the
                # rest of the data set is unchanged).
                "created_at": text(self.start - timedelta(days=400 - index)),
                "updated_at": text(self.start - timedelta(days=400 - index)),
                "extension_attributes": {
                    "applicable_payment_method": 1,
                    "use_config_settings": True,
                },
            }
        )
        users = [
            self.customer(index * 10 + n, company, job)
            for n, job in enumerate(
                ("Owner", "Buyer", "Accounts payable")[: self.rng.randrange(2, 4)]
            )
        ]
        company["super_user_id"] = users[0]["id"]
        return self.fake.store.replace("company", company["id"], company), users
