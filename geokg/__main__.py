"""`python -m geokg`: the geokg command line."""

from geokg.api.cli import main

if __name__ == "__main__":
    main()
