"""Tests of devtools/: seed_demo and the demo data files, bench, loadtest, fuzz_api and
generate_data.
"""
