"""``python -m corridor``: the same as the ``corridor`` command."""

import sys

from .cli import main

sys.exit(main())
