"""The demo's companies and accounts: exporters, their council, the officials and the password."""

from __future__ import annotations

from django.core.management.base import CommandError
from stdnum import luhn
from stdnum.in_ import gstin as stdnum_gstin

from barriers.accounts import roles
from barriers.models import CompanyKind, Sector
from devtools.demo.seeds import CompanySeed

DEFAULT_PASSWORD = "demo-pass-2026"
ADMIN_EMAIL = "admin@demo.example"
GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

COMPANIES: tuple[CompanySeed, ...] = (
    CompanySeed(
        slug="marine",
        name="Godavari Coastal Seafoods Pvt Ltd",
        pan="AAJCG4718R",
        state_code="37",
        city="Kakinada",
        state="Andhra Pradesh",
        sector=Sector.MARINE,
        email="exporter.marine@demo.example",
        person="Lakshmi Prasanna Reddy",
        mpeda_registration="MPEDA/MT/AP/2019/0421",
        eic_approval="1642",
    ),
    CompanySeed(
        slug="agri",
        name="Deccan Vine & Grain Exports Pvt Ltd",
        pan="AAKCD2936L",
        state_code="27",
        city="Nashik",
        state="Maharashtra",
        sector=Sector.AGRICULTURAL,
        email="exporter.agri@demo.example",
        person="Aniket Patil",
        apeda_rcmc="APEDA/RCMC/MUM/2021/06273",
    ),
    CompanySeed(
        slug="malabar",
        name="Malabar Ocean Products Ltd",
        pan="AABCM6402D",
        state_code="32",
        city="Kochi",
        state="Kerala",
        sector=Sector.MARINE,
        email="exporter.malabar@demo.example",
        person="Joseph Thomas",
        mpeda_registration="MPEDA/MT/KL/2011/0158",
        eic_approval="1409",
    ),
    CompanySeed(
        slug="veraval",
        name="Veraval Deep Sea Foods Pvt Ltd",
        pan="AAFCV3157H",
        state_code="24",
        city="Veraval",
        state="Gujarat",
        sector=Sector.MARINE,
        email="exporter.veraval@demo.example",
        person="Hitesh Solanki",
        verified=False,
        mpeda_registration="MPEDA/MT/GJ/2024/0733",
    ),
    CompanySeed(
        slug="nilgiri",
        name="Nilgiri Leaf & Spice Exports LLP",
        pan="AAOFN8824B",
        state_code="33",
        city="Coonoor",
        state="Tamil Nadu",
        sector=Sector.AGRICULTURAL,
        email="exporter.nilgiri@demo.example",
        person="Kavitha Subramaniam",
        apeda_rcmc="APEDA/RCMC/CHE/2018/03391",
    ),
    CompanySeed(
        slug="rohilkhand",
        name="Rohilkhand Agro Foods Pvt Ltd",
        pan="AAHCR5093N",
        state_code="09",
        city="Rampur",
        state="Uttar Pradesh",
        sector=Sector.AGRICULTURAL,
        email="exporter.rohilkhand@demo.example",
        person="Imran Qureshi",
        apeda_rcmc="APEDA/RCMC/DEL/2016/01877",
    ),
    CompanySeed(
        slug="council",
        name="India–Eurasia Food Exporters' Council",
        pan="AABAI7315Q",
        state_code="07",
        city="New Delhi",
        state="Delhi",
        sector=Sector.AGRICULTURAL,
        email="council@demo.example",
        person="Meera Krishnan",
        kind=CompanyKind.ASSOCIATION,
    ),
)

# Officials: (e-mail, full name, role group or "" for the superuser).
OFFICIALS: tuple[tuple[str, str, str], ...] = (
    ("triage@demo.example", "Rahul Verma", roles.TRIAGE_OFFICER),
    ("secretary@demo.example", "Farida Hussain", roles.AGENDA_SECRETARY),
    ("analyst@demo.example", "Vikram Sethi", roles.ANALYST),
    (ADMIN_EMAIL, "Demo Administrator", ""),
)


def gstin_for(state_code: str, pan: str) -> str:
    """A GSTIN with a valid check character: state, PAN, first registration, 'Z', check."""
    first14 = f"{state_code}{pan}1Z"
    value = first14 + luhn.calc_check_digit(first14, alphabet=GSTIN_ALPHABET)
    if not stdnum_gstin.is_valid(value):  # a typo in the seed data, not a runtime condition
        raise CommandError(f"Demo GSTIN {value} is not valid")
    return value
