"""Starts the workbench GUI: ``python main.py [PROJECT.qwb] [--demo] [--screenshot OUT.png]``."""

import sys

from workbench.gui.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
