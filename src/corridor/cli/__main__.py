"""``python -m corridor.cli``: the same as the ``corridor`` command."""

import sys

from . import main

sys.exit(main())
