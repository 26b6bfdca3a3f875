"""`python -m m55ml ...`: see cli.py. With --persistent_worker (how Bazel starts a worker),
it answers Bazel's work requests instead: see worker.py."""

import sys

if __name__ == "__main__":
    if "--persistent_worker" in sys.argv[1:]:
        from m55ml.worker import serve

        sys.exit(serve())
    from m55ml.cli import main

    sys.exit(main(sys.argv[1:]))
