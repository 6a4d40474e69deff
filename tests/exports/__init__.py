"""Tests of barriers/exports: the meeting documents in every format (test_formats) and every way in
to them: API, task, admin, commands (test_ways_in).
"""
