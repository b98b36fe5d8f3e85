"""FakeIntacct: any legal text written through the XML round-trips unchanged when read back."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intacct_sdk.testing import FakeIntacct

from .conftest import Gateway, text

# XML 1.0 characters minus \r (parsers turn it into \n); names without surrounding spaces.
LEGAL = st.characters(
    exclude_categories=["Cs"],
    exclude_characters="\r\ufffe\uffff",
    min_codepoint=0x20,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(LEGAL, min_size=1, max_size=40).filter(lambda s: s.strip() == s and s))
def test_vendor_name_round_trips_through_create_and_read(name):
    gw = Gateway(FakeIntacct())
    gw.result(
        f"<create><VENDOR><VENDORID>V-1</VENDORID><NAME>{escape(name)}</NAME></VENDOR></create>"
    )
    data = gw.result("<read><object>VENDOR</object><keys>1</keys><fields>NAME</fields></read>")
    assert text(data, "data/vendor/NAME") == name


def test_control_characters_in_seeded_values_are_stripped_from_responses():
    fake = FakeIntacct()
    fake.add_vendor("V-1", "Bad\x01Name\x1f")
    data = Gateway(fake).result("<read><object>VENDOR</object><keys>1</keys></read>")
    assert text(data, "data/vendor/NAME") == "BadName"
