"""The demo's reports, one module a sector, and what officials and the exporter did with each."""

from __future__ import annotations

from devtools.demo.reports.agri import AGRI_CENTRAL_ASIA_REPORTS, AGRI_REPORTS
from devtools.demo.reports.marine import MARINE_CONTROL_REPORTS, MARINE_PERMIT_REPORTS
from devtools.demo.seeds import ReportSeed

# In this order: the builder draws each report's variation (trade value, consent) in it, so
# reordering the parts would change the demo data.
REPORTS: tuple[ReportSeed, ...] = (
    *MARINE_CONTROL_REPORTS,
    *AGRI_REPORTS,
    *MARINE_PERMIT_REPORTS,
    *AGRI_CENTRAL_ASIA_REPORTS,
)

# Barrier keys not in BARRIERS are created from their first accepted report.
