"""The counterpart focal points' pages (barriers/counterpart/): isolation, Russian by default with
English one click away, the five answer forms, files, escaping, query counts, and the exporter's
timeline line for each answer."""
