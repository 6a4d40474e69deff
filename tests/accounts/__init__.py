"""Tests of barriers/accounts: second factor (test_mfa), role groups (test_roles), the audit log
(test_audit), sign-in lock-out and officials' sessions (accounts/security.py).
"""
