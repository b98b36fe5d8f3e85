from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bridge import MappingConfig
from bridge.mapping import control_id

SAFE = re.compile(r"^[A-Za-z0-9._:-]{1,256}$")
CONFIG = MappingConfig()


def test_control_ids_name_the_document_and_its_kind() -> None:
    assert control_id(CONFIG, "order", 41, "bill") == "cm-order-41-bill"
    assert control_id(CONFIG, "creditmemo", 9, "adj", 2) == "cm-creditmemo-9-adj-2"


def test_the_prefix_comes_from_config() -> None:
    config = MappingConfig.from_dict({"company": {"control_id_prefix": "eu.store"}})
    assert control_id(config, "order", 1, "bill") == "eu.store-order-1-bill"


def test_unsafe_characters_are_replaced_and_disambiguated_by_a_stable_digest() -> None:
    # A literal value: the same across processes (hashlib, never hash()).
    assert control_id(CONFIG, "po", "MTI=") == "cm-po-MTI_.fe330ab2a735"
    assert control_id(CONFIG, "po", "MTI=") != control_id(CONFIG, "po", "MTI?")


@given(st.text(max_size=400), st.text(max_size=30))
def test_any_identifier_gives_a_safe_bounded_deterministic_id(ident: str, suffix: str) -> None:
    first = control_id(CONFIG, "order", ident, suffix)
    assert SAFE.match(first)
    assert first == control_id(CONFIG, "order", ident, suffix)


@given(st.text(min_size=1, max_size=50), st.text(min_size=1, max_size=50))
def test_different_identifiers_give_different_ids(a: str, b: str) -> None:
    if a != b:
        assert control_id(CONFIG, "order", a) != control_id(CONFIG, "order", b)
