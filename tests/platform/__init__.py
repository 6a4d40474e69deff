"""Tests of barriers/platform: one celery beat (test_beat), the database going away
(test_resilience), request limits, inert spreadsheet formulas.
"""
