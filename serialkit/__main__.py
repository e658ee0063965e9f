"""``python -m serialkit`` runs the ``serialkit`` command."""

import sys

from serialkit.cli import main

sys.exit(main())
