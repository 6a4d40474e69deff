"""Tests of barriers/selectors: search."""
