"""Time zones as people choose and read them: the canonical zones, grouped by region, and one
display form for a zone's name wherever Between shows it."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from importlib import resources

UTC_NAME = "UTC"
# The regions of the tz database, in the order a list shows them.
REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


def zone_label(name: str | None) -> str:
    """The one way a zone's name is shown: "America/New York" for America/New_York."""
    return (name or UTC_NAME).replace("_", " ")


@lru_cache
def canonical_zones() -> tuple[str, ...]:
    """The zones of tzdata's zone.tab (one or more per country, never a legacy alias such as
    US/Eastern, Asia/Calcutta or a single word like Cuba), and UTC; sorted."""
    try:
        table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
        names = {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
    except (ModuleNotFoundError, FileNotFoundError, IndexError):  # no table: filter what the system knows
        names = {name for name in zoneinfo.available_timezones() if name.split("/")[0] in REGIONS}
    available = zoneinfo.available_timezones()
    return (*sorted(name for name in names if name in available), UTC_NAME)


def grouped_zones(first: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(region, [(zone, label)]) for a grouped list; `first` (the group's zone) leads in a group of
    its own, even when it is a legacy name that the list would not otherwise offer."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in canonical_zones():
        region = name.split("/")[0] if "/" in name else "Other"
        groups.setdefault(region, []).append((name, zone_label(name)))
    ordered = [(region, groups[region]) for region in (*REGIONS, "Other") if region in groups]
    if first:
        ordered.insert(0, ("This group's time zone", [(first, zone_label(first))]))
    return ordered
