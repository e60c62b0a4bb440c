"""`python -m api.cli` is the same as the `geokg` command."""

from api.cli import main

main()
