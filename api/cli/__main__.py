"""`python -m api.cli` is the same as the `geokg` command."""

from geokg.api.cli import main

main()
