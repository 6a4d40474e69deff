"""The portal in English and Hindi: nothing a template shows escapes translation, every message
id of the portal and its e-mails has a Hindi translation, and the choice of language is kept on
the account, applied to the pages and to each person's e-mails."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.test import Client
from django.utils import translation

from barriers.models import OutboundEmail
from tests import factories
from tests.portal_helpers import client_for, exporter
from tests.portal_i18n import (
    ROOT,
    portal_msgids,
    portal_plurals,
    portal_templates,
)

HINDI_PO = ROOT / "locale" / "hi" / "LC_MESSAGES" / "django.po"
HINDI_MO = ROOT / "locale" / "hi" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Attributes a person reads or hears (screen readers), besides the text of elements.
READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "data-label", "aria-description"}
# Names of languages in the language switch are written in their own language, on purpose.
NOT_TRANSLATED = {"English", "हिन्दी", "US$"}
MARK = " \x00 "  # where a variable or a tag was: it is no untranslated text


def _visible_text(path: Path) -> tuple[list[str], list[str]]:
    """The template's literal text and read attributes outside translation tags."""
    source = path.read_text(encoding="utf-8")
    parts: list[str] = []
    in_translation = in_comment = False
    for token in Lexer(source).tokenize():
        content = token.contents.split()[0] if token.contents.split() else ""
        if token.token_type == TokenType.BLOCK:
            if content in ("blocktranslate", "blocktrans"):
                in_translation = True
            elif content in ("endblocktranslate", "endblocktrans"):
                in_translation = False
            elif content == "comment":
                in_comment = True
            elif content == "endcomment":
                in_comment = False
            parts.append(MARK)
        elif token.token_type == TokenType.TEXT and not (in_translation or in_comment):
            parts.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            parts.append(MARK)
    text = "".join(parts)
    if path.suffix == ".txt":
        return [text], []

    texts: list[str] = []
    attributes: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            attributes.extend(value or "" for name, value in attrs if name in READ_ATTRIBUTES)

        def handle_data(self, data: str) -> None:
            texts.append(data)

    Reader().feed(text)
    return texts, attributes


def _untranslated(chunks: list[str]) -> list[str]:
    found = []
    for chunk in chunks:
        words = [word for word in chunk.replace(MARK, " ").split() if word not in NOT_TRANSLATED]
        if any(re.search(r"[A-Za-z]", word) for word in words):
            found.append(" ".join(chunk.replace(MARK, " ").split()))
    return found


@pytest.mark.parametrize("path", portal_templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_visible_string_of_a_portal_template_goes_through_translation(path: Path) -> None:
    texts, attributes = _visible_text(path)
    assert _untranslated(texts) == [], "text outside {% translate %} / {% blocktranslate %}"
    assert _untranslated(attributes) == [], "read attributes outside {% translate %}"


def test_the_untranslated_text_check_finds_a_forgotten_string(tmp_path: Path) -> None:
    """The check above can fail: a heading without a translation tag is caught, as is an
    aria-label; translated ones and variables are not."""
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Fine" %}</h1><nav aria-label="Pages">'
        "<p>{{ report.title }}</p><p>Forgotten text</p>{% blocktranslate %}Also fine{% endblocktranslate %}</nav>",
        encoding="utf-8",
    )
    texts, attributes = _visible_text(template)
    assert _untranslated(texts) == ["Forgotten text"]
    assert _untranslated(attributes) == ["Pages"]


def test_every_message_id_of_the_portal_has_a_hindi_translation() -> None:
    catalogue = polib.pofile(str(HINDI_PO))
    entries = {entry.msgid: entry for entry in catalogue if not entry.obsolete}
    plurals = portal_plurals()
    problems = []
    for msgid in sorted(portal_msgids() - set(plurals.values())):
        entry = entries.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {msgid!r}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if msgid in plurals and entry.msgid_plural != plurals[msgid]:
            problems.append(f"plural form differs: {msgid!r}")
        for text in translations:
            if not text.strip():
                problems.append(f"empty: {msgid!r}")
            elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(msgid)):
                problems.append(f"placeholders differ: {msgid!r}")
    assert problems == []
    assert [entry.msgid for entry in catalogue if not entry.translated()] == []


def test_the_compiled_hindi_catalogue_is_the_catalogue() -> None:
    """`make messages` was run after the last change to the .po file."""
    compiled = {entry.msgid: entry for entry in polib.mofile(str(HINDI_MO))}
    for entry in polib.pofile(str(HINDI_PO)):
        assert entry.msgid in compiled, entry.msgid
        assert compiled[entry.msgid].msgstr == entry.msgstr, entry.msgid


# ---------------------------------------------------------------------------------------------
# The language switch and the account's language
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_portal_is_english_by_default_and_never_russian() -> None:
    client = Client(headers={"accept-language": "ru"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Report a delay in an EAEU approval" in page
    assert 'value="hi" class="link-button" lang="hi">हिन्दी</button>' in page


@pytest.mark.django_db
def test_an_anonymous_visitor_switches_to_hindi_and_back() -> None:
    client = Client()
    response = client.post("/language/", {"language": "hi", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/").content.decode()
    assert '<html lang="hi">' in page
    assert "ईएईयू अनुमोदन में देरी की रिपोर्ट करें" in page
    assert ">English</button>" in page
    client.post("/language/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "xx", ""])
def test_a_language_the_portal_does_not_have_is_refused(language: str) -> None:
    user = exporter()
    client = client_for(user)
    response = client.post("/language/", {"language": language, "next": "/reports/"})
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.language == ""


@pytest.mark.django_db
def test_the_switch_never_sends_the_reader_off_the_site() -> None:
    response = Client().post("/language/", {"language": "hi", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_exporters_choice_is_kept_on_the_account_and_applied_at_the_next_sign_in() -> None:
    user = exporter()
    client = client_for(user)
    client.post("/language/", {"language": "hi", "next": "/reports/"})
    user.refresh_from_db()
    assert user.language == "hi"

    # Another browser, no cookie: signing in brings the Hindi pages, and the cookie follows.
    other = client_for(user)
    response = other.get("/reports/")
    page = response.content.decode()
    assert '<html lang="hi">' in page
    assert "<h1>मेरी रिपोर्टें</h1>" in page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"
    # A browser that asked for English before signing in still gets the account's choice.
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="hi">' in other.get("/reports/").content.decode()


@pytest.mark.django_db
def test_the_hindi_report_page_writes_amounts_in_indian_digit_groups() -> None:
    user = exporter(language="hi")
    report = factories.report_file(actor=user, trade_value_usd=1234567, consignments_affected=1200)
    page = client_for(user).get(f"/reports/{report.reference}/").content.decode()
    assert "US$ 12,34,567" in page
    assert "दाँव पर लगा व्यापार मूल्य" in page
    english = client_for(exporter(company=user.company)).get(f"/reports/{report.reference}/")
    assert "US$ 1,234,567" in english.content.decode()


@pytest.mark.django_db
def test_each_person_gets_the_report_e_mail_in_their_language() -> None:
    hindi = factories.ExporterFactory(language="hi")
    english = factories.ExporterFactory(company=hindi.company)
    no_choice = factories.ExporterFactory(company=hindi.company)
    # The request's language (here Hindi) does not decide anyone's e-mail.
    with translation.override("hi"):
        report = factories.report_file(actor=english)

    emails = {tuple(email.to): email for email in OutboundEmail.objects.all()}
    assert set(emails) == {(hindi.email,), tuple(sorted([english.email, no_choice.email]))}
    in_hindi = emails[(hindi.email,)]
    assert in_hindi.subject == f"[{report.reference}] हमें आपकी रिपोर्ट प्राप्त हो गई है"
    assert "स्थिति: प्रस्तुत" in in_hindi.body
    assert f"/reports/{report.reference}/" in in_hindi.body
    in_english = emails[tuple(sorted([english.email, no_choice.email]))]
    assert in_english.subject == f"[{report.reference}] We have received your report"
    assert "Status: Submitted" in in_english.body
    assert "स्थिति" not in in_english.body
