"""Tests of barriers/imports: bulk import of reports (admin and command)."""
