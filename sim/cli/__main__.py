"""`python -m fraudchain.sim.cli ...` = `fraudchain ...`."""

import sys

from fraudchain.sim.cli.main import main

sys.exit(main())
