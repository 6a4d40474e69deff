"""The register's filters: every value checked; a value that cannot be used is a form error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from barriers.models import BarrierStatus, Country, Regulator, Sector
from barriers.selectors.public import PublicFilters


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words, a barrier reference or an HS code."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    regulator = forms.ChoiceField(label=_("Regulator"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    hs_chapter = forms.RegexField(
        label=_("HS chapter"),
        regex=r"^[0-9]{2}$",
        required=False,
        error_messages={"invalid": _("Give an HS chapter as two digits, for example 03.")},
        help_text=_("Two digits, for example 03 for fish and seafood."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["country"].choices = anything + list(  # type: ignore[attr-defined]
            Country.objects.order_by("name").values_list("code", "name")
        )
        self.fields["regulator"].choices = anything + list(  # type: ignore[attr-defined]
            Regulator.objects.order_by("name").values_list("code", "name")
        )
        self.fields["sector"].choices = anything + list(Sector.choices)  # type: ignore[attr-defined]
        self.fields["status"].choices = anything + list(BarrierStatus.choices)  # type: ignore[attr-defined]

    def filters(self) -> PublicFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return PublicFilters(
            text=data.get("q", ""),
            country=data.get("country", ""),
            regulator=data.get("regulator", ""),
            sector=data.get("sector", ""),
            hs_chapter=data.get("hs_chapter", ""),
            status=data.get("status", ""),
        )

    @property
    def narrowed(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())
