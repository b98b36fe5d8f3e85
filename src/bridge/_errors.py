"""Errors and warnings of the mapping layer.

```
ValueError
├── MappingError     one document cannot be mapped: stops that record, not the run
└── ConfigError      the configuration is wrong: stops the run before any record is touched
```

`ConfigError` is deliberately *not* a `MappingError`: an orchestrator that catches `MappingError`
per record (DESIGN.md section 4, "a mismatch is a mapping error that stops that record, not the
run") must not swallow a configuration mistake and mark every record failed one by one.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["ConfigError", "MappingError", "MappingWarning"]


class MappingError(ValueError):
    """A Commerce document that cannot become an Intacct record.

    Attributes:
        document: which document, e.g. `order 000000041 (id 41)`.
        field: the Commerce field (or config field) at fault, e.g. `items[2].qty_ordered`.
        message: what is wrong, naming the bad value.
    """

    def __init__(self, document: str, field: str, message: str) -> None:
        super().__init__(f"{document}: {field}: {message}")
        self.document = document
        self.field = field
        self.message = message


class ConfigError(ValueError):
    """A `MappingConfig` option has a bad value.

    Attributes:
        field: the option, dotted by section, e.g. `company.timezone`.
        value: the rejected value.
    """

    def __init__(self, field: str, value: Any, message: str) -> None:
        super().__init__(f"config {field}={value!r}: {message}")
        self.field = field
        self.value = value
        self.message = message


@attrs.frozen(kw_only=True)
class MappingWarning:
    """Something the mapping changed on the way and recorded, e.g. a text clipped to fit Intacct.

    `original_length` and `clipped_length` are set for clipped text and None otherwise.
    """

    document: str
    field: str
    message: str
    original_length: int | None = None
    clipped_length: int | None = None

    def __str__(self) -> str:
        return f"{self.document}: {self.field}: {self.message}"
