"""`python -m m55ml ...`: see cli.py."""

import sys

from m55ml.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
