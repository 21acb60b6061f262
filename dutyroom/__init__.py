"""DutyRoom 值班室 — duty room software for a Chinese government office."""

# The same number as pyproject.toml's [project] version (tests/cli/test_basics.py keeps them equal). A
# constant rather than importlib.metadata.version(): that lookup scans the installed distributions and
# imports the email package, 40-70 ms on every start, `dutyroom --version` included.
__version__ = "0.1.0"
