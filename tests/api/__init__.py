"""Tests of barriers/api, one module per resource or mechanism (test_reports for
api/reports.py...), with the token and second-factor doors and the cross-company scoping matrix.
"""
