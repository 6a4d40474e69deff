"""Tests of barriers/services: status moves and their history rows (test_services), agenda,
outcomes, triage, the portal's services, verified figures.
"""
