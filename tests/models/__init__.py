"""Tests of barriers/models: database constraints and append-only history, validators, the
reference data fixture.
"""
