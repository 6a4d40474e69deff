"""Serializers that build their fields once per class (FieldsBuiltOnceMixin) still give every
serializer fields of its own: what one request binds or validates never reaches another."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers

from barriers.api import serializers as s
from barriers.api.serializers import FieldsBuiltOnceMixin


class _Tagged(FieldsBuiltOnceMixin, serializers.Serializer):
    name = serializers.CharField(max_length=20)
    tags = serializers.ListField(child=serializers.CharField(), default=list)
    notes = serializers.JSONField(required=False, default={})
    count = serializers.IntegerField(required=False, default=0)


def test_each_serializer_gets_fields_of_its_own_bound_to_it() -> None:
    first, second = s.ReportCreateSerializer(data={}), s.ReportCreateSerializer(data={})
    assert set(first.fields) == set(second.fields)
    for name in first.fields:
        assert first.fields[name] is not second.fields[name], name
        assert first.fields[name].parent is first
        assert second.fields[name].parent is second
        assert first.fields[name].field_name == name


def test_a_field_holding_other_fields_is_copied_with_them() -> None:
    first, second = _Tagged(data={}), _Tagged(data={})
    tags_a, tags_b = first.fields["tags"], second.fields["tags"]
    assert tags_a.child is not tags_b.child
    assert tags_a.child.parent is tags_a
    assert tags_b.child.parent is tags_b


def test_a_mutable_default_is_never_shared_between_requests() -> None:
    first = _Tagged(data={"name": "one"})
    assert first.is_valid(), first.errors
    first.validated_data["notes"]["changed"] = "by the first request"
    second = _Tagged(data={"name": "two"})
    assert second.is_valid(), second.errors
    assert second.validated_data["notes"] == {}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "x" * 21}, "name"),
        ({"name": "ok", "count": "many"}, "count"),
        ({"name": "ok", "tags": "not a list"}, "tags"),
    ],
)
def test_errors_of_one_serializer_do_not_reach_the_next(data: dict[str, Any], field: str) -> None:
    refused = _Tagged(data=data)
    assert not refused.is_valid()
    assert field in refused.errors
    accepted = _Tagged(data={"name": "fine", "tags": ["a"], "count": 2})
    assert accepted.is_valid(), accepted.errors
    assert accepted.validated_data["tags"] == ["a"]
