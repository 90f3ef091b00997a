"""`python -m kubefate_tui` runs the same command as `kubefate-tui`."""

import sys

from kubefate_tui.cli import main

sys.exit(main())
