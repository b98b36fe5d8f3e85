"""The bridge from Adobe Commerce to Sage Intacct: mapping functions and the sync orchestrator."""

from bridge._errors import ConfigError, MappingError, MappingWarning
from bridge._mapping_config import MappingConfig

__all__ = ["ConfigError", "MappingConfig", "MappingError", "MappingWarning"]
