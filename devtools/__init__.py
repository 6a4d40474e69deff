"""Development and CI tooling, not part of the product.

The demo data (`manage.py seed_demo`), the data generator (`generate_data`), the benchmarks
(`bench`, `bench_exports`), the load test (`loadtest`) and the API fuzzer (`fuzz_api`). The app is
installed by the development profile (`DEBUG=true`) or with `DEVTOOLS=true` (tracker/settings.py),
never by default in production, and the wheel built from pyproject.toml leaves it out. It may
import the product (`barriers`); the product never imports it.
"""
