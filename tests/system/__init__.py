"""Cross-cutting tests of the whole project: who may reach which URL, security headers, query
counts, the settings profile, packaging, rate limits, and the fault tests (worker, broker,
database config, backup and restore).
"""
