"""IEC and GSTIN validation with examples from DOMAIN.md."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from barriers.models.validators import is_legacy_iec, validate_gstin, validate_iec


@pytest.mark.parametrize("iec", ["AAPFU0939F", "ABCDE1234F", "0305012345"])
def test_valid_iec_is_accepted(iec: str) -> None:
    validate_iec(iec)


@pytest.mark.parametrize(
    "iec", ["", "AAPFU0939", "AAPFU0939FF", "aapfu0939f", "AAPF10939F", "AAPFU-939F", "12345ABCDE"]
)
def test_invalid_iec_is_refused_with_a_readable_message(iec: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_iec(iec)
    assert "10-character IEC" in excinfo.value.messages[0]


def test_legacy_numeric_iec_is_flagged() -> None:
    assert is_legacy_iec("0305012345")
    assert not is_legacy_iec("AAPFU0939F")


def test_valid_gstin_from_domain_facts_is_accepted() -> None:
    validate_gstin("27AAPFU0939F1ZV")


def test_empty_gstin_is_allowed() -> None:
    validate_gstin("")


@pytest.mark.parametrize(
    ("gstin", "why"),
    [
        ("07AAAAA0000A1Z8", "pan"),  # widely quoted example; its PAN part is not a real PAN
        ("27AAECS1234M1Z5", "check"),  # correct check character is 9
        ("27AAPFU0939F1Z", "15 characters"),
        ("27AAPFU0939F1ZVX", "15 characters"),
        ("ZZAAPFU0939F1ZV", "format"),
    ],
)
def test_invalid_gstin_is_refused_with_the_reason(gstin: str, why: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_gstin(gstin)
    assert why in excinfo.value.messages[0].lower()
