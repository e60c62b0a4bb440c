"""The repository keeps graph/, ingest/ and api/ at its top level; installed, they are subpackages of geokg."""

from setuptools import find_packages, setup

SUBPACKAGES = ("graph", "ingest", "api")

setup(
    packages=["geokg", *(f"geokg.{p}" for p in find_packages(include=[f"{s}*" for s in SUBPACKAGES]))],
    package_dir={"geokg": "geokg", **{f"geokg.{s}": s for s in SUBPACKAGES}},
)
