"""Tests of barriers/portal: access between companies, accounts, report pages, one-time form
tokens.
"""
