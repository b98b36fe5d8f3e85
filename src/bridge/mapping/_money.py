"""Money rules: `Decimal`, ROUND_HALF_UP to cents, lines that add up exactly.

Intacct rounds amounts with more than 2 decimals itself (research/intacct.md section 8); rounding
each line ourselves and putting the remainder in one documented place is what makes "the lines sum
exactly to the grand total" (DESIGN.md section 4) hold on the Intacct side too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bridge import _constants as c
from bridge._errors import MappingError

__all__ = ["ZERO", "balance", "extra_money", "round2"]

ZERO = Decimal("0")


def round2(value: Decimal) -> Decimal:
    """`value` rounded half up to cents (0.005 -> 0.01, -0.005 -> -0.01)."""
    return value.quantize(c.CENT, rounding=ROUND_HALF_UP)


def extra_money(extra: Any, key: str) -> Decimal:
    """A money field the models keep in `extra` (e.g. `discount_tax_compensation_amount`)."""
    value = extra.get(key) if extra else None
    if value is None or value == "" or isinstance(value, bool):
        return ZERO
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))


def balance(
    amounts: Sequence[Decimal],
    total: Decimal,
    *,
    document: str,
    pick: Callable[[list[Decimal], Decimal], int],
) -> list[Decimal]:
    """Round each amount to cents and put the remainder against `total` on one line.

    `pick(rounded, remainder)` chooses the index that absorbs the remainder. A remainder larger
    than one cent per line is not rounding: the document's totals do not add up (e.g. a gift card
    or store credit we do not map), so it is a `MappingError` that stops this record.
    """
    rounded = [round2(a) for a in amounts]
    target = round2(total)
    remainder = target - sum(rounded, ZERO)
    if remainder == 0:
        return rounded
    tolerance = c.CENT * len(rounded)
    if not rounded or abs(remainder) > tolerance:
        raise MappingError(
            document,
            "grand_total",
            f"lines add up to {sum(rounded, ZERO)} but grand_total is {target}: the difference "
            f"{remainder} is more than one cent per line ({len(rounded)} lines)",
        )
    index = pick(rounded, remainder)
    rounded[index] += remainder
    return rounded
