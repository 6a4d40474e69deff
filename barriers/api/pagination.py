"""The API's pagination: numbered pages, and newest-first cursors for long lists."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import (
    Cursor,
    CursorPagination,
    PageNumberPagination,
    _reverse_ordering,
)
from rest_framework.request import Request

from barriers.api.schema import validation_error_serializer

PageError = validation_error_serializer("PageError", ["page", "page_size"], query=True)


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int | None:
        # DRF quietly ignores a page size it cannot read; tell the client instead.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise ValidationError(
                {self.page_size_query_param: ["Give the page size as a whole number from 1."]}
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


class NewestFirstCursorPagination(CursorPagination):
    """Newest first, in pages that cost the same at any depth.

    The cursor holds the position (`created_at`) of the last row shown, so a deep page is read
    from the ("-created_at", "-id") index like the first, never by skipping rows with OFFSET;
    `id` breaks ties between rows created in the same microsecond.
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created_at", "-id")
    invalid_cursor_message = (
        "This cursor is not valid: follow the `next` or `previous` link of the list instead of "
        "writing a cursor yourself."
    )

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give the page size as a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def decode_cursor(self, request: Request) -> Any:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            # The position is compared with a timestamp column: anything else would be a 500.
            try:
                valid = parse_datetime(str(cursor.position)) is not None  # a str: the stubs say int
            except ValueError:
                valid = False
            if not valid:
                raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            else:
                parameter["description"] = (
                    "Where the page starts: copy it from the `next` or `previous` link."
                )
        return parameters


class ListOrderCursorPagination(NewestFirstCursorPagination):
    """Cursor pages in the order the list's filter set chose (REPORT_SORTS, or best match).

    DRF's cursor holds the value of the order's first field only, and tells rows that share it
    apart by an offset, which goes wrong backwards when many rows share it (days pending, a
    status, a search rank). This cursor holds every field of the order on the row the page ends
    at (or starts at, for `previous`), and the next page is the rows after it in that order
    (keyset pagination): each order ends with the filing time and id, so no two rows are equal
    and pages never skip or repeat a row, whichever way they are followed. A bound on the first
    field lets the database read the newest-first order from its ("-created_at", "-id") index.
    A cursor carries no order of its own: follow `next` and `previous` with the same query.
    """

    # The fields an order may hold, and how each is read back from a cursor.
    position_types: dict[str, type] = {
        "created_at": dt.datetime,
        "pk": int,
        "pending_days": int,
        "status_position": int,
        "search_rank": float,
    }

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = tuple(queryset.query.order_by)
        if ordering and all(
            isinstance(field, str) and field.lstrip("-") in self.position_types
            for field in ordering
        ):
            return ordering
        return ("-created_at", "-pk")

    def paginate_queryset(  # type: ignore[override]  # always a page: the size has a default
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.list_order = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        reverse = bool(self.cursor and self.cursor.reverse)
        order = tuple(_reverse_ordering(self.list_order)) if reverse else self.list_order
        queryset = queryset.order_by(*order)
        if self.cursor is not None and self.cursor.position is not None:
            values = self._values(str(self.cursor.position))
            queryset = queryset.filter(self._after(order, values))
        if order[0].lstrip("-") == "created_at":
            rows = list(queryset[: self.page_size + 1])
        else:
            # An order the database works out per row (best match, days pending): every match is
            # sorted, so sort the keys alone, then read the page's rows with their related ones.
            # With all columns and joins, that sort spilled to disk at 100,000 reports.
            # One query: the keys in a subquery, then the rows.
            rows = list(queryset.filter(pk__in=queryset.values("pk")[: self.page_size + 1]))
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse:
            self.page.reverse()
        came_from_cursor = self.cursor is not None and self.cursor.position is not None
        self.has_next = (came_from_cursor if reverse else more) and bool(self.page)
        self.has_previous = (more if reverse else came_from_cursor) and bool(self.page)
        if self.page:
            self.last_position = self._position(self.page[-1])
            self.first_position = self._position(self.page[0])
        return self.page

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        # A position of text (the stubs say int).
        position = cast(Any, self.last_position)
        return self.encode_cursor(Cursor(offset=0, reverse=False, position=position))

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        position = cast(Any, self.first_position)
        return self.encode_cursor(Cursor(offset=0, reverse=True, position=position))

    def _position(self, row: Any) -> str:
        values = []
        for field in self.list_order:
            value = getattr(row, field.lstrip("-"))
            values.append(value.isoformat() if isinstance(value, dt.datetime) else str(value))
        return json.dumps(values, separators=(",", ":"))

    def _values(self, position: str) -> list[Any]:
        """The cursor's values, each of its field's type; 404 for anything else."""
        try:
            raw = json.loads(position)
            if not isinstance(raw, list) or len(raw) != len(self.list_order):
                raise ValueError(position)
            values: list[Any] = []
            for field, text in zip(self.list_order, raw, strict=True):
                kind = self.position_types[field.lstrip("-")]
                if not isinstance(text, str):
                    raise ValueError(text)
                if kind is dt.datetime:
                    moment = parse_datetime(text)
                    if moment is None:
                        raise ValueError(text)
                    values.append(moment)
                    continue
                value = kind(text)
                if not math.isfinite(value) or abs(value) >= 2**63:
                    raise ValueError(text)
                values.append(value)
        except (ValueError, TypeError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        return values

    @staticmethod
    def _after(order: tuple[str, ...], values: list[Any]) -> Q:
        """Rows after `values` in `order`: the first field beyond, or equal and the next beyond..."""
        after, equal = Q(), Q()
        for field, value in zip(order, values, strict=True):
            name = field.lstrip("-")
            beyond = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": value})
            after = beyond if not after else after | (equal & beyond)
            equal &= Q(**{name: value})
        first = order[0]
        bound = Q(
            **{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]}
        )
        return bound & after

    def decode_cursor(self, request: Request) -> Any:
        # The position is checked against the order (_values), once the order is known.
        return super(NewestFirstCursorPagination, self).decode_cursor(request)
