"""Indexes that let the admin's filter counts read indexes alone (measured at 100,000 reports,
20,000 barriers; docs/search.md "Cost at scale").

- report_facets_idx gains info_request_lapsed_at: the information-request filter (0033) reads it,
  and without it the condition counts read the whole report table (82 ms, 42 ms with it).
- barrier_sector_idx, barrier_pending_on_idx: the sector and pending-on counts (GROUP BY) from
  the index (40 and 20 ms reading the table).
- barrier_facets_idx (id, review_flagged_at): the barrier condition filters (overdue, flagged,
  answer overdue, meeting) test only these, so their counts skip the wide rows (150 to 32 ms).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('barriers', '0039_hindi'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='report',
            name='report_facets_idx',
        ),
        migrations.AddIndex(
            model_name='barrier',
            index=models.Index(fields=['sector', 'status'], name='barrier_sector_idx'),
        ),
        migrations.AddIndex(
            model_name='barrier',
            index=models.Index(fields=['pending_on', 'status'], name='barrier_pending_on_idx'),
        ),
        migrations.AddIndex(
            model_name='barrier',
            index=models.Index(fields=['id', 'review_flagged_at'], name='barrier_facets_idx'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['status', 'first_decision_at', 'submitted_at', 'figures_verified_at', 'info_request_lapsed_at', 'company', 'barrier'], name='report_facets_idx'),
        ),
    ]
