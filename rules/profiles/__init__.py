"""Risk profiles as data: YAML files an analyst reads and writes, validated into `Profile`s."""

from rules.profiles.load import SHIPPED_PROFILES, ProfileSet, load_profiles, profiles_from_data
from rules.profiles.schema import Profile

__all__ = ["SHIPPED_PROFILES", "Profile", "ProfileSet", "load_profiles", "profiles_from_data"]
