"""The domain rules, in plain Python: decided once, for every door (admin, API, portal, tasks).

- `transitions`: the errors every service raises (`DomainError`...), the lifecycle tables and the
  status groups;
- `routing`: the agenda's priority score, ranking and drafting;
- `workdays`: working days and deadlines;
- `search_text`: what goes into the search text of reports and barriers;
- `report_rules`: what each field of a report must be.

These modules import only the models; services, selectors and the interfaces import them.
"""
