"""The officials' dashboard: exact figures on a hand-built case file, charts that are valid SVG,
a fixed number of queries, and only officials who may view reports get in."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from barriers import services
from barriers.accounts.roles import ANALYST
from barriers.dashboard import charts
from barriers.dashboard.figures import dashboard_charts, dashboard_figures
from barriers.models import Barrier, BarrierStatus, Report, ReportStatus, User
from tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
SVG = "{http://www.w3.org/2000/svg}"
URL = "/admin/dashboard/"


def _days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def _barrier(
    actor: User,
    *,
    status: str,
    created_days_ago: int,
    regulator: Any = None,
    country: Any = None,
    resolved_days_ago: int | None = None,
) -> Barrier:
    barrier = services.barrier_create(
        actor=actor,
        title=f"A {status} barrier",
        barrier_kind=factories.BarrierKindFactory(),
        sector="marine",
        regulator=regulator,
        destination_country=country,
    )
    Barrier.objects.filter(pk=barrier.pk).update(
        status=status,
        created_at=_days_ago(created_days_ago),
        resolved_at=None if resolved_days_ago is None else _days_ago(resolved_days_ago),
    )
    return barrier


def _report(
    *,
    status: str,
    value: int,
    regulator: Any,
    country: Any,
    barrier: Barrier | None = None,
    decided_after_days: int | None = None,
) -> Report:
    report = factories.report_file(
        regulator=None, destination_country=country, trade_value_usd=Decimal(value)
    )
    # Set by hand like the status: filing refuses a regulator of another country (RPN for a
    # report about Kazakhstan), but figures count whatever the table holds.
    Report.objects.filter(pk=report.pk).update(
        regulator=regulator,
        status=status,
        barrier=barrier,
        submitted_at=_days_ago(60),
        first_decision_at=None
        if decided_after_days is None
        else _days_ago(60) + dt.timedelta(days=decided_after_days),
    )
    return report


@pytest.fixture
def case_file(official: User) -> dict[str, Any]:
    """Eight barriers and seven reports whose figures are worked out by hand in the tests."""
    russia = factories.CountryFactory()
    kazakhstan = factories.CountryFactory(
        code="KZ", name="Kazakhstan", name_ru="Казахстан", alpha3="KAZ", currency="KZT"
    )
    fsvps = factories.RegulatorFactory()
    rpn = factories.RegulatorFactory(
        code="ru-rpn", name="Rospotrebnadzor", abbreviation="RPN", remit="food_safety"
    )
    b = BarrierStatus
    barriers = {
        "open": _barrier(
            official, status=b.OPEN, created_days_ago=30, regulator=fsvps, country=russia
        ),
        "scheduled": _barrier(
            official, status=b.SCHEDULED, created_days_ago=100, regulator=fsvps, country=russia
        ),
        "raised": _barrier(
            official, status=b.RAISED, created_days_ago=200, regulator=rpn, country=russia
        ),
        # EAEU level, regulator not set yet.
        "action_agreed": _barrier(official, status=b.ACTION_AGREED, created_days_ago=400),
        # Resolved after 200, 140 and 300 days: in 2026 Q1, 2026 Q2 and 2025 Q2.
        "resolved": _barrier(
            official,
            status=b.RESOLVED,
            created_days_ago=300,
            resolved_days_ago=100,
            regulator=fsvps,
            country=russia,
        ),
        "resolved_kz": _barrier(
            official,
            status=b.RESOLVED,
            created_days_ago=150,
            resolved_days_ago=10,
            regulator=rpn,
            country=kazakhstan,
        ),
        "resolved_old": _barrier(
            official, status=b.RESOLVED, created_days_ago=700, resolved_days_ago=400
        ),
        "closed": _barrier(
            official,
            status=b.CLOSED_UNRESOLVED,
            created_days_ago=500,
            regulator=fsvps,
            country=kazakhstan,
        ),
    }
    r = ReportStatus
    _report(status=r.SUBMITTED, value=100_000, regulator=fsvps, country=russia)
    _report(status=r.UNDER_REVIEW, value=50_000, regulator=rpn, country=kazakhstan)
    _report(
        status=r.INFO_REQUESTED, value=25_000, regulator=None, country=russia, decided_after_days=4
    )
    _report(
        status=r.ACCEPTED,
        value=200_000,
        regulator=fsvps,
        country=russia,
        barrier=barriers["open"],
        decided_after_days=10,
    )
    # Accepted into a resolved barrier: no longer at stake.
    _report(
        status=r.ACCEPTED,
        value=999_000,
        regulator=fsvps,
        country=russia,
        barrier=barriers["resolved"],
        decided_after_days=20,
    )
    _report(status=r.REJECTED, value=70_000, regulator=fsvps, country=russia, decided_after_days=2)
    _report(status=r.WITHDRAWN, value=5_000, regulator=fsvps, country=russia)
    return barriers


def test_barriers_and_reports_are_counted_by_status(case_file) -> None:
    figures = dashboard_figures(now=NOW)
    assert figures.barriers_by_status == {
        "open": 1,
        "scheduled": 1,
        "raised": 1,
        "action_agreed": 1,
        "resolved": 3,
        "closed_unresolved": 1,
    }
    assert figures.total_barriers == 8
    assert figures.active_barriers == 4
    assert figures.reports_by_status == {
        "submitted": 1,
        "under_review": 1,
        "info_requested": 1,
        "accepted": 2,
        "rejected": 1,
        "withdrawn": 1,
    }
    assert figures.pending_reports == 3


def test_active_barriers_are_broken_down_by_regulator_and_country(case_file) -> None:
    figures = dashboard_figures(now=NOW)
    assert figures.active_barriers_by_regulator.rows == {
        "FSVPS": {"open": 1, "scheduled": 1},
        "RPN": {"raised": 1},
        "Not set yet": {"action_agreed": 1},
    }
    assert figures.active_barriers_by_regulator.ordered() == ["FSVPS", "Not set yet", "RPN"]
    assert figures.active_barriers_by_country.rows == {
        "Russian Federation": {"open": 1, "scheduled": 1, "raised": 1},
        "EAEU level": {"action_agreed": 1},
    }
    assert figures.pending_reports_by_regulator == {"FSVPS": 1, "RPN": 1, "Not set yet": 1}
    assert figures.pending_reports_by_country == {"Russian Federation": 2, "Kazakhstan": 1}


def test_trade_value_at_stake_counts_accepted_reports_of_active_barriers_and_pending_reports(
    case_file,
) -> None:
    figures = dashboard_figures(now=NOW)
    assert figures.trade_value_accepted == Decimal("200000")
    assert figures.trade_value_pending == Decimal("175000")
    assert figures.trade_value_at_stake == Decimal("375000")


def test_median_days_to_first_decision_and_to_resolution(case_file) -> None:
    figures = dashboard_figures(now=NOW)
    # First decisions after 2, 4, 10 and 20 days; resolutions after 140, 200 and 300 days.
    assert figures.median_days_to_first_decision == pytest.approx(7.0)
    assert figures.decided_reports == 4
    assert figures.median_days_to_resolution == pytest.approx(200.0)
    assert figures.resolved_barriers == 3


def test_medians_are_empty_without_decisions() -> None:
    figures = dashboard_figures(now=NOW)
    assert figures.median_days_to_first_decision is None
    assert figures.median_days_to_resolution is None
    assert figures.trade_value_at_stake == 0


def test_barriers_resolved_per_quarter_cover_the_last_eight_quarters(case_file) -> None:
    figures = dashboard_figures(now=NOW)
    assert figures.resolved_per_quarter == [
        ("2024 Q3", 0),
        ("2024 Q4", 0),
        ("2025 Q1", 0),
        ("2025 Q2", 1),
        ("2025 Q3", 0),
        ("2025 Q4", 0),
        ("2026 Q1", 1),
        ("2026 Q2", 1),
    ]


def test_ageing_buckets_active_barriers_by_days_since_opening(case_file) -> None:
    figures = dashboard_figures(now=NOW)
    assert figures.ageing_by_regulator.rows == {
        "FSVPS": {"under_90": 1, "90_180": 1},
        "RPN": {"180_365": 1},
        "Not set yet": {"over_365": 1},
    }


def _svgs(html: str) -> list[ET.Element]:
    return [
        ET.fromstring(svg)
        for svg in re.findall(r"<svg [^>]*class=\"chart\".*?</svg>", html, flags=re.DOTALL)
    ]


def test_every_chart_is_well_formed_svg_with_a_title_and_description(case_file) -> None:
    rendered = dashboard_charts(dashboard_figures(now=NOW))
    assert len(rendered) == 7
    for name, svg in rendered.items():
        root = ET.fromstring(str(svg))
        assert root.tag == f"{SVG}svg", name
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text, name
        assert desc is not None and desc.text, name
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    by_regulator = ET.fromstring(str(rendered["by_regulator"]))
    texts = [text.text for text in by_regulator.iter(f"{SVG}text")]
    assert "FSVPS" in " ".join(filter(None, texts)) or by_regulator.find(f".//{SVG}a") is not None
    assert "2" in texts  # FSVPS's total, written as text
    assert "FSVPS: 2" in by_regulator.find(f"{SVG}desc").text


def test_labels_are_escaped_in_the_svg(official) -> None:
    regulator = factories.RegulatorFactory(
        code="ru-odd", name="Odd <authority> & co", abbreviation="R&D <x>"
    )
    _barrier(official, status=BarrierStatus.OPEN, created_days_ago=5, regulator=regulator)
    rendered = dashboard_charts(dashboard_figures(now=NOW))
    root = ET.fromstring(str(rendered["by_regulator"]))
    assert "R&D <x>" in "".join(root.itertext())


def test_text_on_a_bar_contrasts_with_it() -> None:
    assert charts.text_colour_on(charts.BLUE) == "#FFFFFF"
    assert charts.text_colour_on(charts.YELLOW) == "#000000"
    assert charts.text_colour_on(charts.SKY) == "#000000"


def test_an_empty_chart_says_so() -> None:
    svg = charts.bar_chart(
        title="Nothing", desc="Empty", bars=[], series=[charts.Series("x", charts.BLUE)]
    )
    assert "Nothing to show yet." in "".join(ET.fromstring(str(svg)).itertext())


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


def _more_data(official: User, count: int) -> None:
    """`count` more barriers and reports, across new regulators and a new country."""
    country = factories.CountryFactory(
        code="BY", name="Belarus", name_ru="Беларусь", alpha3="BLR", currency="BYN"
    )
    for number in range(count):
        regulator = factories.RegulatorFactory(
            code=f"by-reg-{number}", abbreviation=f"BY{number}", country=country
        )
        barrier = _barrier(
            official,
            status=BarrierStatus.RESOLVED if number % 3 == 0 else BarrierStatus.OPEN,
            created_days_ago=20 + number * 37,
            resolved_days_ago=5 + number if number % 3 == 0 else None,
            regulator=regulator,
            country=country,
        )
        _report(
            status=ReportStatus.ACCEPTED,
            value=1_000 * (number + 1),
            regulator=regulator,
            country=country,
            barrier=barrier,
            decided_after_days=number + 1,
        )


def test_figures_take_five_queries_whatever_the_data(
    case_file, official, django_assert_num_queries
) -> None:
    with django_assert_num_queries(5):
        dashboard_figures(now=NOW)
    _more_data(official, 12)
    with django_assert_num_queries(5):
        figures = dashboard_figures(now=NOW)
    assert figures.total_barriers == 20


def _analyst() -> User:
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=ANALYST))
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_takes_the_same_number_of_queries_for_small_and_larger_data(
    case_file, official
) -> None:
    client = _client(_analyst())
    client.get(URL)  # warm caches that are not the dashboard's (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    _more_data(official, 15)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


# ---------------------------------------------------------------------------------------------
# Who sees it
# ---------------------------------------------------------------------------------------------


def test_an_analyst_sees_the_dashboard_with_its_charts(case_file) -> None:
    response = _client(_analyst()).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Active barriers by regulator" in html
    assert "$375,000" in html
    svgs = _svgs(html)
    assert len(svgs) == 8  # the seven figures charts and the meetings chart
    assert "<script" not in html.split('id="content-main"')[1]
    assert reverse("admin_dashboard") == URL


def test_an_exporter_is_sent_to_the_admin_login(exporter) -> None:
    response = _client(exporter).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_anonymous_visitor_is_sent_to_the_admin_login() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={URL}"


def test_staff_without_permission_to_view_reports_is_refused() -> None:
    response = _client(factories.OfficialFactory()).get(URL)
    assert response.status_code == 403


def test_staff_with_only_the_view_report_permission_gets_in() -> None:
    user = factories.OfficialFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_report"))
    assert _client(user).get(URL).status_code == 200


def test_admin_home_and_top_bar_link_to_the_dashboard_for_those_who_may_see_it() -> None:
    html = _client(_analyst()).get(reverse("admin:index")).content.decode()
    assert html.count(f'href="{URL}"') == 2  # the top bar and the panel above the models
    html = _client(factories.OfficialFactory()).get(reverse("admin:index")).content.decode()
    assert f'href="{URL}"' not in html
