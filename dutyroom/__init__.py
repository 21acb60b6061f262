"""DutyRoom 值班室 — duty room software for a Chinese government office."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("dutyroom")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
