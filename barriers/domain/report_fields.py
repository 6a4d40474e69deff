"""Django form fields judged by the report field rules (barriers/domain/report_rules.py), for the
portal's and the admin's forms alike: the field renders, the rule decides."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from barriers.domain.report_rules import FieldRuleError

if TYPE_CHECKING:
    # Generic in django-stubs only: not subscriptable at run time.
    _ModelChoiceField = forms.ModelChoiceField[Any]
else:
    _ModelChoiceField = forms.ModelChoiceField


class RuleFieldMixin:
    """A form field judged by its rule in barriers/domain/report_rules.py.

    The field only renders; the rule reads the text and refuses with the same reason the API,
    the import and the services give. `required` is kept for the page (the "optional" label).
    """

    def __init__(self, *args: Any, rule: Callable[[Any], Any], **kwargs: Any) -> None:
        self.rule = rule
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Any:
        try:
            return self.rule(value)
        except FieldRuleError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc


class RuleCharField(RuleFieldMixin, forms.CharField):
    pass


class RuleChoiceField(RuleFieldMixin, _ModelChoiceField):
    pass


class RuleDateField(RuleFieldMixin, forms.DateField):
    pass


class RuleBooleanField(RuleFieldMixin, forms.BooleanField):
    pass
