"""`python -m journeys`: the command line (see journeys.cli)."""

import sys

from journeys.cli import main

if __name__ == "__main__":
    sys.exit(main())
