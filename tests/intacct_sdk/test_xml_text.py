from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from intacct_sdk import _xml
from intacct_sdk.functions import Create

FORBIDDEN = {*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF}


def _expected(value: str) -> str:
    return "".join(ch for ch in value if ord(ch) not in FORBIDDEN)


def test_control_characters_are_stripped_never_encoded():
    out = _xml.text("a\x01b\x0bc\x1fd\ufffe")
    assert out == "abcd"
    assert "&#x1;" not in out


def test_markup_characters_are_escaped_after_stripping():
    assert _xml.text("<a & b>\x00") == "&lt;a &amp; b&gt;"


def test_tab_and_newline_are_kept_and_carriage_return_survives_as_reference():
    assert _xml.text("a\tb\nc\rd") == "a\tb\nc&#13;d"


def test_attribute_escapes_quotes_and_whitespace():
    assert _xml.attr('x"y\tz\n') == "x&quot;y&#9;z&#10;"


@pytest.mark.parametrize("name", ["", "1ABC", "A B", "A<B", "A>", 'A"'])
def test_field_names_that_could_inject_markup_are_refused(name):
    with pytest.raises(ValueError, match="invalid XML element name"):
        _xml.check_name(name)


def test_values_use_intacct_formats():
    assert _xml.value_text(date(2026, 3, 1)) == "03/01/2026"
    assert _xml.value_text(Decimal("1E+2")) == "100"
    assert _xml.value_text(True) == "true"
    with pytest.raises(TypeError, match="float"):
        _xml.value_text(1.5)


@settings(deadline=None)  # timing varies on shared CI; the property is what matters
@given(st.text())
def test_any_text_gives_well_formed_xml_that_round_trips_minus_forbidden(value):
    doc = f"<r>{_xml.text(value)}</r>".encode()
    root = etree.fromstring(doc)
    assert (root.text or "") == _expected(value)


@settings(deadline=None)  # timing varies on shared CI; the property is what matters
@given(st.text())
def test_any_attribute_value_round_trips_minus_forbidden(value):
    doc = f'<r a="{_xml.attr(value)}"/>'.encode()
    assert etree.fromstring(doc).get("a") == _expected(value)


@settings(deadline=None)  # timing varies on shared CI; the property is what matters
@given(st.dictionaries(st.sampled_from(["NAME", "DESCRIPTION", "MEMO"]), st.text()))
def test_any_field_text_gives_a_well_formed_function(fields):
    fn = Create("VENDOR", fields, control_id="c-1")
    root = etree.fromstring(fn.to_xml().encode())
    vendor = root.find("create/VENDOR")
    assert vendor is not None
    for name, value in fields.items():
        assert (vendor.findtext(name) or "") == _expected(value)
