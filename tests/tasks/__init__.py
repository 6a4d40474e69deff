"""Tests of barriers/tasks.py: side effects through a real Celery worker and in process, beat
reminders.
"""
