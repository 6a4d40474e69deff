"""The sitemap: the register's own pages and each published barrier's page, nothing else."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from barriers.models import Barrier
from barriers.selectors import public as public_selectors


class RegisterPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["public:register", "public:statistics", "public:open_data"]

    def location(self, item: str) -> str:
        return reverse(item)


class PublishedBarriersSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Barrier]:
        return public_selectors.public_sitemap_rows()

    def location(self, item: Barrier) -> str:
        return reverse("public:barrier", args=[item.reference])

    def lastmod(self, item: Barrier) -> datetime | None:
        return item.public_changed_at


SITEMAPS = {"pages": RegisterPagesSitemap, "barriers": PublishedBarriersSitemap}
