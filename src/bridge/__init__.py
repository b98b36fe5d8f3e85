"""The bridge from Adobe Commerce to Sage Intacct: mapping functions and the sync orchestrator."""

__all__: list[str] = []
