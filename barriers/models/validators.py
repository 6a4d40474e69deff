"""Validators for Indian exporter identifiers and HS codes."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import gstin as stdnum_gstin

PAN_PATTERN = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
LEGACY_IEC_PATTERN = re.compile(r"^[0-9]{10}$")
HS6_PATTERN = re.compile(r"^[0-9]{6}$")


def validate_iec(value: str) -> None:
    """An IEC is the company's PAN (AAAAA9999A) or a legacy 10-digit numeric code."""
    if not isinstance(value, str) or not (
        PAN_PATTERN.match(value) or LEGACY_IEC_PATTERN.match(value)
    ):
        raise ValidationError(
            _(
                "Enter the 10-character IEC: your PAN (five letters, four digits, one letter, "
                "such as AAPFU0939F) or a legacy 10-digit code."
            ),
            code="invalid_iec",
        )


def is_legacy_iec(value: str) -> bool:
    return bool(LEGACY_IEC_PATTERN.match(value or ""))


def validate_gstin(value: str) -> None:
    """A GSTIN is 15 characters with a valid state code, PAN and check character (python-stdnum)."""
    if not value:
        return
    try:
        stdnum_gstin.validate(value)
    except StdnumError as exc:
        reasons = {
            InvalidLength: _("it must be exactly 15 characters long"),
            InvalidFormat: _("the format is wrong (2 digits, a PAN, 1 character, Z, 1 character)"),
            InvalidChecksum: _("the check character (the last one) does not match"),
            InvalidComponent: _("the state code or the PAN inside it is not valid"),
        }
        why = reasons.get(type(exc), exc.message)  # type: ignore[attr-defined]  # on every subclass stdnum raises
        raise ValidationError(
            _("This GSTIN is not valid: %(why)s.") % {"why": why}, code="invalid_gstin"
        ) from exc


def validate_hs_code(value: str) -> None:
    if not isinstance(value, str) or not HS6_PATTERN.match(value):
        raise ValidationError(
            _("An HS code has exactly six digits, such as 030617."), code="invalid_hs"
        )
