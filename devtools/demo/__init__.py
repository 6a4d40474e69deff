"""Demo data for `manage.py seed_demo`: real India–EAEU cases as data, and the builder.

The cases follow the dated events in DOMAIN.md §5; the exporting companies and people are invented,
the regulators, rules and precedents they cite are real. What is where:

- `data/`: the cases, as TOML files: `companies` (companies, exporter accounts, officials),
  `barriers` (the barriers officials open themselves and the internal notes they keep on them),
  `reports` (the reports and what officials and the exporter did with each, in the order they are
  built), `meetings` (the 2026-Q2 agenda, outcomes and action points, and who attends) and
  `counterparts` (the EAEU focal points, the barriers shared with them and the exchange since).
- `seeds`: the shape of each kind of case (company, barrier, report, agenda item, action point,
  focal point, share, exchange).
- `cases`: reads the data files into the seeds, checking keys, types and choices.
- `timeline`: the demo's "now", the two meetings' dates, and `at()` to travel there.
- `evidence`: the small PDFs attached to reports as evidence.
- `build`: `DemoBuilder`, which turns the cases into rows through `barriers.services`.

The command itself (`devtools/management/commands/seed_demo.py`) checks that it may run, calls the
builder in one transaction and prints the summary.
"""
