"""Typed helpers (`client.vendors`, `client.ap_bills`, ...): logic in `_flows`, thin shells."""
