"""Input fields that take JSON as the schema documents it, without DRF's silent coercions.

DRF's stock fields are lenient in ways the OpenAPI document does not admit: a CharField turns the
number 12 into "12", an IntegerField parses "12", a BooleanField reads "yes" and 1, a DecimalField
takes a JSON number. A client relying on that works by accident and breaks when it meets a stricter
implementation, and a typed client generated from the schema can never send those values anyway.
Every input field of the API is one of these, so a wrongly typed value is refused with a 400 that
names the field and the type it wants, and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Give this as text (a JSON string)."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Give a whole number (a JSON number, not a string)."}

    def to_internal_value(self, data: Any) -> int:
        # bool is an int in Python; 3.0 is a JSON number the schema's "integer" does not admit.
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Give true or false (a JSON boolean)."}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictDecimalField(serializers.DecimalField):
    """An amount as a string such as "250000.00", which is how the schema documents it.

    A JSON number is refused rather than parsed: it has already passed through binary floating
    point in most clients, so 0.1 + 0.2 style errors would reach the stored amount unnoticed.
    """

    default_error_messages = {
        "not_a_string": 'Give the amount as a string such as "250000.00", not a JSON number.'
    }

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)
