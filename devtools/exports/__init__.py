"""Made-up agendas and outcomes for the export renderers (`sample`) and their timings (`bench`)."""
