"""Text fitted to Intacct field lengths, every cut recorded as a `MappingWarning`."""

from __future__ import annotations

import attrs

from bridge._errors import MappingError, MappingWarning
from bridge._mapping_config import MappingConfig

__all__ = ["Notes"]


@attrs.define
class Notes:
    """Collects the warnings of one mapping call and clips text for one document."""

    document: str
    config: MappingConfig
    warnings: list[MappingWarning] = attrs.field(factory=list)

    def clip(self, field: str, text: str | None, limit_name: str) -> str | None:
        """`text` cut to the `limit_name` length, with a warning when cut; None stays None."""
        if text is None:
            return None
        text = text.strip()
        limit = self.config.text_limit(limit_name)
        if len(text) <= limit:
            return text
        self.warnings.append(
            MappingWarning(
                document=self.document,
                field=field,
                message=f"clipped from {len(text)} to {limit} characters",
                original_length=len(text),
                clipped_length=limit,
            )
        )
        return text[:limit]

    def identifier(self, field: str, text: str | None, limit_name: str) -> str:
        """An id (VENDORID, bill number): too long is an error, since a cut id could collide."""
        limit = self.config.text_limit(limit_name)
        if not isinstance(text, str) or not text.strip():
            raise MappingError(self.document, field, f"is empty ({text!r})")
        if len(text) > limit:
            raise MappingError(
                self.document, field, f"{text!r} is longer than {limit} characters ({limit_name})"
            )
        return text

    def error(self, field: str, message: str) -> MappingError:
        """A `MappingError` for this document."""
        return MappingError(self.document, field, message)

    def done(self) -> tuple[MappingWarning, ...]:
        """The warnings recorded, in order."""
        return tuple(self.warnings)
