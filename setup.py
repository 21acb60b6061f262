"""Package discovery only (everything else is in pyproject.toml).

ui/ and resources/ are installed as the data packages dutyroom_ui and dutyroom_resources;
pyproject's `packages.find` cannot combine found packages with those renamed folders.
"""

from setuptools import find_namespace_packages, setup

setup(packages=find_namespace_packages(include=["dutyroom", "dutyroom.*"]) + ["dutyroom_ui", "dutyroom_resources"])
