"""Fixed catalog, names and places for the demo data (all invented)."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

FIRST_NAMES: Final = ("Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jon")
LAST_NAMES: Final = (
    "Ruiz",
    "Okafor",
    "Lindqvist",
    "Patel",
    "Moreau",
    "Kowalski",
    "Tanaka",
    "Brooks",
)
COMPANIES: Final = (
    "Northwind Supply",
    "Harbor Tools",
    "Bluepeak Hardware",
    "Cedar & Stone Builders",
    "Lumen Electric",
    "Atlas Fasteners",
    "Riverbend Facilities",
    "Kestrel Industrial",
)
#: (city, region, region_code, region_id, postcode, country, currency, tax rate)
PLACES: Final = (
    ("Austin", "Texas", "TX", "57", "78701", "US", "USD", Decimal("0.0825")),
    ("Denver", "Colorado", "CO", "13", "80202", "US", "USD", Decimal("0.0775")),
    ("Portland", "Oregon", "OR", "49", "97204", "US", "USD", Decimal("0")),
    ("Columbus", "Ohio", "OH", "47", "43215", "US", "USD", Decimal("0.0750")),
    ("Hamburg", "Hamburg", "HH", "84", "20095", "DE", "EUR", Decimal("0.19")),
)
#: USD base to EUR order currency.
EUR_RATE: Final = Decimal("0.9200")

#: simple products: (sku, name, price)
SIMPLES: Final = (
    ("BOLT-M8-100", "Hex bolt M8 (box of 100)", Decimal("18.40")),
    ("DRILL-18V", "Cordless drill 18V", Decimal("129.00")),
    ("GLOVE-NITRILE", "Nitrile gloves (box)", Decimal("11.95")),
    ("TAPE-50M", "Measuring tape 50 m", Decimal("34.50")),
    ("LED-PANEL-60", "LED panel 60x60", Decimal("52.00")),
)
#: configurable products: (parent name, [(child sku, child name, price)])
CONFIGURABLES: Final = (
    (
        "Work jacket",
        (
            ("JACKET-BLK-M", "Work jacket black M", Decimal("89.00")),
            ("JACKET-BLK-L", "Work jacket black L", Decimal("89.00")),
            ("JACKET-ORG-L", "Work jacket orange L", Decimal("94.00")),
        ),
    ),
    (
        "Safety boots",
        (
            ("BOOT-42", "Safety boots size 42", Decimal("115.00")),
            ("BOOT-44", "Safety boots size 44", Decimal("115.00")),
        ),
    ),
)
#: dynamically priced bundles: (sku, name, [(part sku, part name, price)])
BUNDLES: Final = (
    (
        "KIT-FIRSTAID",
        "Site first-aid kit",
        (
            ("FA-BANDAGE", "Bandage set", Decimal("14.00")),
            ("FA-EYEWASH", "Eye wash station", Decimal("39.00")),
        ),
    ),
    (
        "KIT-ELECTRIC",
        "Electrician starter kit",
        (
            ("EL-TESTER", "Voltage tester", Decimal("27.50")),
            ("EL-STRIPPER", "Wire stripper", Decimal("16.25")),
            ("EL-TAPE", "Insulating tape (10)", Decimal("8.90")),
        ),
    ),
)
PO_STATUSES: Final = ("PENDING", "APPROVAL_REQUIRED", "APPROVED", "REJECTED", "CANCELED")
