"""Tests of barriers/admin: every page renders (test_admin), capped counts, the crawl of every
ModelAdmin with empty optional fields, the meetings desk, writes through services, and the list
exports (test_resources).
"""
