"""Tests of barriers/domain, mostly without a database: status tables, routing rules, report rules
at every door.
"""
