"""The Atom feed of the register's changes: the latest published barriers by last public change."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from barriers.models import Barrier, BarrierStatus
from barriers.selectors import public as public_selectors


class RegisterChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("India–EAEU trade barriers: changes to the public register")
    subtitle = _("Barriers published, and changes to their status, text or meeting outcomes.")

    def link(self) -> str:
        return reverse("public:register")

    def items(self) -> list[Barrier]:
        return public_selectors.public_feed_rows()

    def item_title(self, item: Barrier) -> str:
        return f"{item.reference}: {item.public_title} ({BarrierStatus(item.status).label})"

    def item_description(self, item: Barrier) -> str:
        return item.public_summary

    def item_link(self, item: Barrier) -> str:
        return reverse("public:barrier", args=[item.reference])

    def item_guid(self, item: Barrier) -> str:
        stamp = item.public_changed_at.isoformat() if item.public_changed_at else ""
        return f"{reverse('public:barrier', args=[item.reference])}#{stamp}"

    def item_guid_is_permalink(self, item: Barrier) -> bool:
        return False

    def item_updateddate(self, item: Barrier) -> datetime | None:
        return item.public_changed_at

    def item_pubdate(self, item: Barrier) -> datetime | None:
        return item.published_at

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None
