"""Only focal points reach the counterpart pages, and each only what is shared with their own
regulator: everything else answers 404 (or the sign-in page, for someone not signed in)."""

from __future__ import annotations

import pytest
from django.test import Client

from barriers import services
from barriers.models import Exchange, ExchangeDocument, ExchangeKind
from tests import factories
from tests.api_factories import pdf_upload
from tests.counterpart_pages.helpers import KINDS, World, signed_in

pytestmark = pytest.mark.django_db


def _exchange_document(world: World) -> ExchangeDocument:
    services.exchange_post(
        actor=world.fp_a,
        barrier=world.a,
        kind=ExchangeKind.ACKNOWLEDGEMENT,
        body_ru="Получено.",
        files=[pdf_upload("письмо.pdf")],
    )
    return ExchangeDocument.objects.get()


def _paths_of_a(world: World, document_id: int) -> list[str]:
    base = f"/counterpart/barriers/{world.a.reference}/"
    return [
        base,
        *(f"{base}respond/{kind}/" for kind in KINDS),
        f"{base}documents/{world.document_a.pk}/",
        f"{base}exchange-documents/{document_id}/",
    ]


def test_a_focal_point_of_another_regulator_gets_404_on_everything_of_the_barrier(
    world: World, client_b: Client
) -> None:
    document = _exchange_document(world)
    for path in _paths_of_a(world, document.pk):
        response = client_b.get(path)
        assert response.status_code == 404, path
        body = response.content.decode()
        assert world.a.reference not in body and "реестр" not in body, path
    # Posting an answer on A's barrier is refused the same way, and nothing is written.
    for kind in KINDS:
        response = client_b.post(
            f"/counterpart/barriers/{world.a.reference}/respond/{kind}/",
            {"body_ru": "Чужой ответ", "form_token": "x"},
        )
        assert response.status_code == 404, kind
    assert Exchange.objects.count() == 1
    # Their own barrier is there; A's is not on their work list.
    work_list = client_b.get("/counterpart/").content.decode()
    assert world.b.reference in work_list and world.a.reference not in work_list


def test_the_focal_point_of_the_regulator_reaches_the_barrier_and_its_files(
    world: World, client_a: Client
) -> None:
    document = _exchange_document(world)
    for path in _paths_of_a(world, document.pk):
        if path.endswith("/respond/acknowledgement/"):
            continue  # already acknowledged: the form sends back to the barrier
        response = client_a.get(path)
        assert response.status_code == 200, path
    download = client_a.get(
        f"/counterpart/barriers/{world.a.reference}/exchange-documents/{document.pk}/"
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    # A file of the same report that the official did not share is not theirs; nor is a
    # barrier's file under another barrier's reference.
    report = world.a.reports.order_by("pk").first()
    unshared = services.document_attach(
        report=report, actor=report.filed_by, upload=pdf_upload(), name="internal.pdf"
    )
    for path in (
        f"/counterpart/barriers/{world.a.reference}/documents/{unshared.pk}/",
        f"/counterpart/barriers/{world.b.reference}/documents/{world.document_a.pk}/",
        f"/counterpart/barriers/{world.b.reference}/exchange-documents/{document.pk}/",
    ):
        assert client_a.get(path).status_code == 404, path


@pytest.mark.parametrize("who", ["exporter", "official", "superuser"])
def test_exporters_and_officials_get_404_on_the_counterpart_pages(world: World, who: str) -> None:
    user = {
        "exporter": world.exporter_a,
        "official": world.official,
        "superuser": factories.OfficialFactory(is_superuser=True),
    }[who]
    client = Client()
    client.force_login(user)
    for path in ("/counterpart/", *_paths_of_a(world, 1)):
        assert client.get(path).status_code == 404, path
    assert client.post("/counterpart/language/", {"language": "en"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    response = Client().get(f"/counterpart/barriers/{world.a.reference}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/counterpart/barriers/")


def test_without_the_second_factor_a_focal_point_is_sent_to_set_it_up(world: World) -> None:
    client = Client()
    client.force_login(world.fp_a)
    response = client.get("/counterpart/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/")


def test_a_focal_point_signing_in_lands_on_the_counterpart_pages(
    world: World, client_a: Client
) -> None:
    for path in ("/", "/reports/"):
        response = client_a.get(path, follow=True)
        assert response.redirect_chain[-1][0] == "/counterpart/", path
        assert response.status_code == 200


def test_unsharing_takes_the_barrier_away_at_once(world: World, client_a: Client) -> None:
    path = f"/counterpart/barriers/{world.a.reference}/"
    assert client_a.get(path).status_code == 200
    services.barrier_unshare(actor=world.official, barrier=world.a)
    assert client_a.get(path).status_code == 404
    assert world.a.reference not in client_a.get("/counterpart/").content.decode()


def test_a_deactivated_focal_point_is_refused(world: World) -> None:
    client = signed_in(world.fp_a)
    services.focal_point_deactivate(actor=world.official, focal_point=world.fp_a)
    response = client.get("/counterpart/")
    assert response.status_code in (302, 404)
    assert world.a.reference not in response.content.decode()
