import sys

from desk_app import collector

collector.hold()  # the start's imports without the garbage collector's passes over them (collector.py)

from desk_app.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
