"""Tests of barriers/evidence: file checks (test_files), downloads, hostile uploads through every
door, and object storage (S3) for the files.
"""
