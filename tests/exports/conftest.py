"""The export tests' shared fixtures (tests/export_helpers.py): an agenda secretary, and the
meeting build_agenda makes."""

from tests.export_helpers import secretary, setup  # noqa: F401
