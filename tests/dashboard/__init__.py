"""Tests of barriers/dashboard: exact figures on a hand-built case file, the SVG charts and the
page.
"""
