"""The API's pagination: numbered pages, and newest-first cursors for long lists."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
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

    The cursor holds the value, on the last row shown, of the field the order starts with: the
    filing time, the days pending, the status's place in a report's life, or the search rank.
    Rows that share that value are told apart by an offset, which DRF's cursor keeps beside the
    position; every order ends with the filing time and id, so pages never skip or repeat a row.
    A cursor carries no order of its own: follow `next` and `previous` with the same query.
    """

    # The fields an order may start with, and how their position is read back from a cursor.
    position_types: dict[str, type] = {
        "created_at": dt.datetime,
        "pending_days": int,
        "status_position": int,
        "search_rank": float,
    }

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = tuple(queryset.query.order_by)
        if (
            ordering
            and all(isinstance(field, str) for field in ordering)
            and ordering[0].lstrip("-") in self.position_types
        ):
            return ordering
        return tuple(self.ordering)

    def decode_cursor(self, request: Request) -> Any:
        cursor = super(NewestFirstCursorPagination, self).decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        kind = self.position_types[self.ordering[0].lstrip("-")]
        position = str(cursor.position)  # a str: the stubs say int
        try:
            if kind is dt.datetime:
                valid = parse_datetime(position) is not None
            else:
                value = kind(position)
                valid = math.isfinite(value) and abs(value) < 2**31
        except ValueError:
            valid = False
        if not valid:
            raise NotFound(self.invalid_cursor_message)
        return cursor
