"""`python -m journeys`: the command line (see journeys.cli)."""

import sys

from journeys.cli import main

sys.exit(main())
