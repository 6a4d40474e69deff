"""Running the product, apart from its domain.

- `beat`: the Celery beat scheduler that holds a PostgreSQL advisory lock (one beat per
  deployment).
- `resilience`: the middleware that answers 503 while the database is unreachable.
- `request_limits`: the middleware that bounds request bodies and JSON depth, and the 400 page.
- `formulas`: the neutraliser every spreadsheet writer calls, so no cell becomes a formula.

Imports nothing else of the app.
"""
