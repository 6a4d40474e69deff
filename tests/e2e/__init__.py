"""Journeys in a real Chromium (Playwright, tests/browser.py): the exporter in the portal, the
agenda secretary and the triage officer in the admin. Deselected where Chromium is missing.
"""
