"""`python -m jobmatch …` — see jobmatch.cli."""

import sys

from .cli import main

sys.exit(main())
