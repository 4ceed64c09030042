"""Places for the matcher: the one place model lives in swedish.places (see swedish/__init__.py)."""

from __future__ import annotations

from swedish.places import (
                            Place,
                            UnknownPlaceError,
                            find_place,
                            find_places,
                            get_place,
                            municipality,
                            municipality_name,
                            places_in_text,
                            region,
                            region_name,
                            strip_places,
)

__all__ = ["Place", "UnknownPlaceError", "find_place", "find_places", "get_place", "municipality",
           "municipality_name", "places_in_text", "region", "region_name", "strip_places"]
