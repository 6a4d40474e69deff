"""Tests of barriers/notifications: who is told what, by e-mail through the outbox."""
