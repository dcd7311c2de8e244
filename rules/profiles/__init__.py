"""Risk profiles as data: YAML files an analyst reads and writes, validated into `Profile`s."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rules.profiles.load import SHIPPED_PROFILES, ProfileSet, load_profiles, profiles_from_data
    from rules.profiles.schema import Profile

# The loader reaches every kind (rules.profiles.kinds), and the kinds use modules that read the
# profile schema; loading it on first use lets those modules import rules.profiles.schema freely.
_LAZY = {"SHIPPED_PROFILES": "load", "ProfileSet": "load", "load_profiles": "load", "profiles_from_data": "load",
         "Profile": "schema"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)


__all__ = ["SHIPPED_PROFILES", "Profile", "ProfileSet", "load_profiles", "profiles_from_data"]
