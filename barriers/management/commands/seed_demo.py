"""`manage.py seed_demo`: a deterministic demo data set drawn from real India–EAEU cases.

The cases follow the dated events in DOMAIN.md §5 (Rosselkhoznadzor listings and restrictions, the
Kaliningrad basmati residues, the Uttar Pradesh buffalo-meat FMD restriction, khapra beetle in rice,
SGR and EAC declaration delays). The exporting companies and people are invented; the regulators,
rules and precedents they cite are real. Every status change goes through `barriers.services`, so
the demo has the same history rows and outbox e-mails as real use. Development only.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from stdnum import luhn
from stdnum.in_ import gstin as stdnum_gstin

from barriers import roles, services
from barriers.models import (
    ActionPoint,
    ActionPointStatus,
    AgendaItem,
    AgendaSection,
    Barrier,
    BarrierKind,
    BarrierStatus,
    Company,
    CompanyKind,
    Country,
    Document,
    HSCode,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Message,
    OutboundEmail,
    Outcome,
    Party,
    PendingOn,
    Regulator,
    RejectionReason,
    Report,
    ReportStatus,
    Sector,
    StatusChange,
    User,
)

DEFAULT_PASSWORD = "demo-pass-2026"
ADMIN_EMAIL = "admin@demo.example"
SEED = 2026
MOSCOW = ZoneInfo("Europe/Moscow")
GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# The demo's "now": every report is dated before it and the next meeting after it.
ANCHOR = dt.date(2026, 11, 24)
PAST_MEETING_DATE = dt.date(2026, 6, 17)
NEXT_MEETING_DATE = dt.date(2026, 12, 15)
CUTOFF_DAYS, CIRCULATE_DAYS = 20, 15
PAST_CUTOFF = PAST_MEETING_DATE - dt.timedelta(days=CUTOFF_DAYS)


def d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


KOLKATA = ZoneInfo("Asia/Kolkata")


def at(day: dt.date | dt.datetime, hour: int = 11) -> Any:
    """Run the enclosed steps as if on `day`, so every timestamp and history row carries it.

    The clock keeps ticking from there, so steps inside one block stay in order. time-machine is
    a development dependency, like this command: imported here so that on a production install
    the command still refuses with its own message.
    """
    import time_machine

    if not isinstance(day, dt.datetime):
        day = dt.datetime.combine(day, dt.time(hour), tzinfo=KOLKATA)
    return time_machine.travel(day, tick=True)


def filed_on(seed: ReportSeed) -> dt.date:
    """When the exporter filed the report: some weeks after applying, before its triage window."""
    latest = PAST_CUTOFF - dt.timedelta(days=12) if seed.applied_on <= PAST_CUTOFF else ANCHOR
    latest -= dt.timedelta(days=2 * len(seed.flow) + 1)
    known = max(seed.applied_on, seed.decided_on or seed.applied_on)  # dates it reports
    return max(known, min(seed.applied_on + dt.timedelta(days=35), latest))


# ---------------------------------------------------------------------------------------------
# Companies and accounts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanySeed:
    slug: str
    name: str
    pan: str
    state_code: str
    city: str
    state: str
    sector: str
    email: str
    person: str
    kind: str = CompanyKind.EXPORTER
    verified: bool = True
    apeda_rcmc: str = ""
    mpeda_registration: str = ""
    eic_approval: str = ""


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


# ---------------------------------------------------------------------------------------------
# Barriers created by officials (with Russian text and the ask); others come from a report
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarrierSeed:
    key: str
    title: str
    title_ru: str
    summary: str
    summary_ru: str
    ask: str
    kind: str
    regulator: str
    country: str
    sector: str
    hs: tuple[str, ...]
    pending_on: str = PendingOn.EAEU
    manual_priority: int = 0


BARRIERS: tuple[BarrierSeed, ...] = (
    BarrierSeed(
        key="fish-listing",
        title="Backlog in listing Indian fish and seafood establishments in the EAEU register",
        title_ru=(
            "Задержка включения индийских предприятий по переработке рыбы и морепродуктов "
            "в Реестр организаций третьих стран ЕАЭС"
        ),
        summary=(
            "Establishments recommended by EIC wait months for Rosselkhoznadzor to list them in "
            "the EAEU register of third-country establishments, after agreement with the "
            "veterinary services of the other member states. On 2025-12-04 India asked Russia to "
            "list the remaining 32 units; 128 Indian fish and seafood plants are listed. A plant "
            "cannot ship to the EAEU until it is listed."
        ),
        summary_ru=(
            "Предприятия, рекомендованные EIC, месяцами ожидают включения Россельхознадзором в "
            "Реестр организаций третьих стран ЕАЭС по согласованию с ветеринарными службами "
            "других государств-членов. 4 декабря 2025 г. Индия просила включить оставшиеся "
            "32 предприятия; в реестре 128 индийских предприятий рыбной отрасли. До включения "
            "в реестр поставки с предприятия невозможны."
        ),
        ask=(
            "List the fishery establishments recommended by EIC on the basis of its guarantees, "
            "or give a date for each decision; where an inspection is needed, propose dates under "
            "EEC Council Decision 94."
        ),
        kind="establishment_listing",
        regulator="ru-fsvps",
        country="RU",
        sector=Sector.MARINE,
        hs=("030617", "030743"),
        manual_priority=3,
    ),
    BarrierSeed(
        key="shrimp-elc",
        title="Enhanced laboratory control on Indian shrimp not lifted after compliant consignments",
        title_ru=(
            "Усиленный лабораторный контроль в отношении индийских креветок не снимается после "
            "поступления соответствующих требованиям партий"
        ),
        summary=(
            "Rosselkhoznadzor places a plant under enhanced laboratory control after a first "
            "finding (TAMC, coliforms). The rule ends it after 10 compliant consignments or three "
            "months, but the register is not updated, and every consignment waits 8–12 days at "
            "the port for results."
        ),
        summary_ru=(
            "После первого выявления несоответствия (КМАФАнМ, БГКП) предприятие переводится на "
            "усиленный лабораторный контроль. По правилам он снимается после 10 соответствующих "
            "партий или через три месяца, однако статус в реестре не меняется, и каждая партия "
            "ожидает результатов исследований в порту 8–12 дней."
        ),
        ask=(
            "Lift enhanced laboratory control where 10 compliant consignments have cleared and "
            "update the register within a fixed number of days."
        ),
        kind="laboratory_testing",
        regulator="ru-fsvps",
        country="RU",
        sector=Sector.MARINE,
        hs=("030617",),
        manual_priority=1,
    ),
    BarrierSeed(
        key="fish-lab-reports",
        title="Per-consignment laboratory reports demanded from newly listed fish plants",
        title_ru=(
            "Требование прилагать к каждой партии протоколы лабораторных исследований для вновь "
            "включённых в реестр рыбных предприятий"
        ),
        summary=(
            "Since December 2025, consignments from newly listed Indian fish plants must carry "
            "laboratory reports on toxic elements, sulfonamides, dyes, coliforms, quinolones, "
            "tetracyclines, S. aureus and chloramphenicol. Reports from NABL-accredited Indian "
            "laboratories have been refused at the border as not recognised."
        ),
        summary_ru=(
            "С декабря 2025 г. партии вновь включённых в реестр индийских рыбных предприятий "
            "должны сопровождаться протоколами исследований на токсичные элементы, "
            "сульфаниламиды, красители, БГКП, хинолоны, тетрациклины, S. aureus и левомицетин. "
            "Протоколы индийских лабораторий, аккредитованных NABL, на границе не признаются."
        ),
        ask=(
            "Recognise test reports from EIC-approved, NABL-accredited laboratories and review "
            "the requirement for plants with a clean record after twelve months."
        ),
        kind="laboratory_testing",
        regulator="ru-fsvps",
        country="RU",
        sector=Sector.MARINE,
        hs=("030617", "030743"),
    ),
    BarrierSeed(
        key="buffalo-fmd",
        title="Buffalo meat from Uttar Pradesh plants restricted over foot-and-mouth disease",
        title_ru=(
            "Ограничения на ввоз мяса буйволов с предприятий штата Уттар-Прадеш в связи с ящуром"
        ),
        summary=(
            "Restrictions on buffalo meat from plants in Uttar Pradesh over foot-and-mouth "
            "disease date from 2015-06-22; three of the four plants listed in 2014 are in the "
            "state. India has sent FMD zoning and vaccination data and asked, through the "
            "Embassy, for a joint inspection under EEC Council Decision 94. No dates have been "
            "offered."
        ),
        summary_ru=(
            "Ограничения на ввоз мяса буйволов с предприятий штата Уттар-Прадеш в связи с ящуром "
            "действуют с 22 июня 2015 г.; три из четырёх предприятий, включённых в реестр в "
            "2014 г., находятся в этом штате. Индия направила данные о зонировании и вакцинации "
            "и через посольство просила провести совместную инспекцию согласно Решению Совета "
            "ЕЭК № 94. Сроки не предложены."
        ),
        ask=(
            "Propose dates for a joint inspection of the restricted plants and assess India's FMD "
            "zoning data with a view to lifting the restriction."
        ),
        kind="inspection_audit",
        regulator="ru-fsvps",
        country="RU",
        sector=Sector.AGRICULTURAL,
        hs=("020230",),
        manual_priority=2,
    ),
    BarrierSeed(
        key="rice-khapra",
        title="Rice restricted from an Indian mill after a khapra beetle finding",
        title_ru="Ограничения на ввоз риса с индийского предприятия после выявления капрового жука",
        summary=(
            "Rosselkhoznadzor restricted grain and rice from a mill in Maharashtra on 2025-12-08 "
            "after live khapra beetle (Trogoderma granarium) larvae were found at Novorossiysk. "
            "DPPQS reported corrective measures on 2026-01-20. A similar restriction on another "
            "Indian mill from 2023-10-23 was lifted on 2024-04-03 after India reported corrective "
            "measures."
        ),
        summary_ru=(
            "8 декабря 2025 г. Россельхознадзор ввёл ограничения на ввоз зерна и риса с "
            "предприятия в штате Махараштра после обнаружения живых личинок капрового жука "
            "(Trogoderma granarium) в Новороссийске. 20 января 2026 г. DPPQS сообщила о "
            "корректирующих мерах. Аналогичные ограничения в отношении другого индийского "
            "предприятия, введённые 23.10.2023, были сняты 03.04.2024."
        ),
        ask=(
            "Lift the restriction on the basis of the corrective measures reported by DPPQS, or "
            "say what further information is needed."
        ),
        kind="phytosanitary_certificate",
        regulator="ru-fsvps",
        country="RU",
        sector=Sector.AGRICULTURAL,
        hs=("100630",),
        manual_priority=1,
    ),
    BarrierSeed(
        key="basmati-residues",
        title=(
            "Basmati rice at Kaliningrad: pesticide residues and unverified phytosanitary "
            "certificates"
        ),
        title_ru=(
            "Рис басмати в Калининграде: остатки пестицидов и неподтверждённые фитосанитарные "
            "сертификаты"
        ),
        summary=(
            "Consignments of parboiled basmati were held at Kaliningrad when the Kaliningrad "
            "branch of FGBU ARRIAH found carbendazim, tebuconazole, thiamethoxam and "
            "propiconazole, and some phytosanitary certificates could not be verified, as in the "
            "case of 63 t on 2025-08-21. The exporters' pre-shipment results from NABL "
            "laboratories were within limits."
        ),
        summary_ru=(
            "Партии пропаренного риса басмати задержаны в Калининграде: Калининградский филиал "
            "ФГБУ «ВНИИЗЖ» выявил карбендазим, тебуконазол, тиаметоксам и пропиконазол, часть "
            "фитосанитарных сертификатов не подтверждена, как и в случае с 63 т 21.08.2025. "
            "Результаты предотгрузочных исследований в лабораториях NABL соответствовали нормам."
        ),
        ask=(
            "Share the full test protocols and methods, allow arbitration testing, and agree a "
            "procedure to verify Indian phytosanitary certificates electronically."
        ),
        kind="laboratory_testing",
        regulator="ru-fsvps",
        country="RU",
        sector=Sector.AGRICULTURAL,
        hs=("100630",),
        pending_on=PendingOn.INDIA,
        manual_priority=1,
    ),
    BarrierSeed(
        key="grapes-kz",
        title="Fresh grapes held at the Kazakh border over phytosanitary certificate declarations",
        title_ru=(
            "Задержка свежего винограда на границе Казахстана из-за дополнительных деклараций "
            "в фитосанитарном сертификате"
        ),
        summary=(
            "Kazakh inspectors asked for additional declarations on the Indian phytosanitary "
            "certificate that go beyond the EAEU Common Quarantine Phytosanitary Requirements "
            "(EEC Council Decision 157), and held reefers for a laboratory pest examination. "
            "Table grapes lose their shelf life within days."
        ),
        summary_ru=(
            "Инспекторы Казахстана потребовали дополнительные декларации в индийском "
            "фитосанитарном сертификате сверх Единых карантинных фитосанитарных требований "
            "(Решение Совета ЕЭК № 157) и задержали рефрижераторы для лабораторной экспертизы. "
            "Столовый виноград теряет товарные качества за несколько дней."
        ),
        ask=(
            "Confirm in writing which additional declarations apply to Indian table grapes under "
            "Decision 157, and release perishable consignments while samples are tested."
        ),
        kind="phytosanitary_certificate",
        regulator="kz-moa-sic-aic",
        country="KZ",
        sector=Sector.AGRICULTURAL,
        hs=("080610",),
        manual_priority=2,
    ),
    BarrierSeed(
        key="tea-eac",
        title="EAC declarations for Indian tea and spices suspended over unconfirmed test reports",
        title_ru=(
            "Приостановление деклараций о соответствии ЕАЭС на индийский чай и специи из-за "
            "неподтверждённых протоколов испытаний"
        ),
        summary=(
            "Rosaccreditation has suspended importers' declarations of conformity under TR CU "
            "021/2011 and 022/2011 for Indian tea and spices, saying the test reports could not "
            "be confirmed in FGIS FSA. It may do so since 2023-11-30 for declarations resting on "
            "non-existent test reports; exporters have no way to show that the tests were done."
        ),
        summary_ru=(
            "Росаккредитация приостанавливает декларации о соответствии импортёров индийского "
            "чая и специй (ТР ТС 021/2011, 022/2011), ссылаясь на то, что протоколы испытаний не "
            "подтверждены в ФГИС Росаккредитации. Такое право у неё есть с 30.11.2023 в отношении "
            "деклараций, основанных на несуществующих протоколах; у экспортёров нет способа "
            "подтвердить проведение испытаний."
        ),
        ask=(
            "Give declarants a procedure and a deadline to confirm test reports before a "
            "declaration is suspended, and restore declarations whose reports are confirmed."
        ),
        kind="eac_conformity",
        regulator="ru-fsa",
        country="RU",
        sector=Sector.AGRICULTURAL,
        hs=("090230", "090240"),
    ),
    BarrierSeed(
        key="curcumin-sgr",
        title="State registration of an Indian curcumin food supplement stalled",
        title_ru=(
            "Задержка государственной регистрации индийской биологически активной добавки на "
            "основе куркумина"
        ),
        summary=(
            "A biologically active additive (curcumin extract capsules) needs a state "
            "registration certificate (SGR) under CU Commission Decision 299. The dossier was "
            "filed through the Russian importer in December 2025; after one request for "
            "translated documents there has been no decision, against about 30 working days "
            "expected for the authority."
        ),
        summary_ru=(
            "Для биологически активной добавки (капсулы с экстрактом куркумина) требуется "
            "свидетельство о государственной регистрации (СГР) по Решению Комиссии ТС № 299. "
            "Досье подано через российского импортёра в декабре 2025 г.; после одного запроса "
            "переводов документов решение не принято, хотя ожидаемый срок — около 30 рабочих дней."
        ),
        ask="Decide the pending application, or list in writing what the dossier lacks.",
        kind="state_registration",
        regulator="ru-rpn",
        country="RU",
        sector=Sector.AGRICULTURAL,
        hs=("210690",),
    ),
    BarrierSeed(
        key="pomegranate-access",
        title="Market access for Indian pomegranates: pest-risk dossier awaiting review",
        title_ru="Доступ индийских гранатов на рынок: досье по фитосанитарному риску не рассмотрено",
        summary=(
            "Rosselkhoznadzor asked India for growing-area, pest-status and volume data on "
            "pomegranates and potatoes at a video call on 2024-06-13, and has repeatedly sent the "
            "EAEU phytosanitary requirements. DPPQS sent the pomegranate dossier on 2025-11-04; "
            "no response has been received."
        ),
        summary_ru=(
            "На видеоконференции 13.06.2024 Россельхознадзор запросил у Индии сведения о районах "
            "выращивания, фитосанитарном состоянии и объёмах по гранатам и картофелю. DPPQS "
            "направила досье по гранатам 04.11.2025; ответа не получено."
        ),
        ask=(
            "Complete the review of the pomegranate dossier and state the phytosanitary "
            "conditions for access."
        ),
        kind="other",
        regulator="ru-fsvps",
        country="RU",
        sector=Sector.AGRICULTURAL,
        hs=("081090",),
    ),
    BarrierSeed(
        key="onion-by",
        title="Belarus holds Indian onion consignments to verify phytosanitary certificates",
        title_ru=(
            "Задержка партий индийского лука в Беларуси для проверки подлинности фитосанитарных "
            "сертификатов"
        ),
        summary=(
            "The Main State Inspectorate for Seed Production, Quarantine and Plant Protection "
            "holds consignments of fresh onion while it checks with India that the phytosanitary "
            "certificates are genuine; the checks take two to three weeks. Russia questioned the "
            "authenticity of Indian certificates on goods entering through Belarus in 2016."
        ),
        summary_ru=(
            "ГУ «Главная государственная инспекция по семеноводству, карантину и защите растений» "
            "задерживает партии свежего лука до подтверждения Индией подлинности фитосанитарных "
            "сертификатов; проверка занимает две-три недели."
        ),
        ask="Verify Indian phytosanitary certificates electronically instead of holding goods.",
        kind="phytosanitary_certificate",
        regulator="by-ggiskzr",
        country="BY",
        sector=Sector.AGRICULTURAL,
        hs=("070310",),
    ),
)


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSeed:
    """One report and what officials and the exporter did with it.

    `flow` steps: review, ask, answer, accept, reject, withdraw. `barrier` names the barrier an
    accepted report joins (a BarrierSeed key, or a new key: the first such report creates it).
    """

    key: str
    company: str
    title: str
    description: str
    kind: str
    country: str
    regulator: str
    hs: tuple[str, ...]
    applied_on: dt.date
    value: int
    consignments: int = 0
    application_number: str = ""
    flow: tuple[str, ...] = ()
    barrier: str = ""
    question: str = ""
    answer: str = ""
    reason: str = ""
    note: str = ""
    via_council: bool = False
    decided_on: dt.date | None = None
    evidence: str = ""


REPORTS: tuple[ReportSeed, ...] = (
    # --- Fishery establishment listing (Rosselkhoznadzor) ---------------------------------
    ReportSeed(
        key="listing-kakinada",
        company="marine",
        title="Second shrimp plant at Kakinada awaiting listing in the EAEU register",
        description=(
            "EIC recommended our second processing plant at Kakinada (EIC approval No. 1642) to "
            "Rosselkhoznadzor on 2025-09-22 for listing in the register of third-country "
            "establishments, with the usual guarantees. We have had no reply. Our buyer in "
            "St Petersburg holds orders for frozen vannamei that we cannot ship from this plant."
        ),
        kind="establishment_listing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030617",),
        applied_on=d("2025-09-22"),
        value=1_400_000,
        consignments=6,
        application_number="EIC/F&FP/RUS/2025/117",
        flow=("review", "accept"),
        barrier="fish-listing",
        evidence="EIC recommendation letter",
    ),
    ReportSeed(
        key="listing-kochi",
        company="malabar",
        title="Squid and cuttlefish plant recommended for listing in October 2025, no decision",
        description=(
            "Our squid and cuttlefish line at Kochi was recommended by EIC for the EAEU register "
            "on 2025-10-09. Rosselkhoznadzor has not asked for anything further. Two buyers in "
            "Moscow have moved their 2026 orders to Vietnamese suppliers while we wait."
        ),
        kind="establishment_listing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030743", "160554"),
        applied_on=d("2025-10-09"),
        value=900_000,
        consignments=4,
        application_number="EIC/F&FP/RUS/2025/131",
        flow=("review", "ask", "answer", "accept"),
        barrier="fish-listing",
        question=(
            "Please attach EIC's forwarding letter to Rosselkhoznadzor and tell us whether the "
            "plant is among the 32 establishments India asked Russia to list on 2025-12-04."
        ),
        answer=(
            "EIC's letter of 2025-10-09 is attached. Yes, the plant is on that list (entry 14)."
        ),
    ),
    ReportSeed(
        key="listing-kochi-council",
        company="malabar",
        title="Malabar Ocean Products: Kochi plant listing pending with Rosselkhoznadzor",
        description=(
            "Filed by the council for its member: the Kochi squid and cuttlefish plant "
            "recommended by EIC in October 2025 is still not in the EAEU register."
        ),
        kind="establishment_listing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030743",),
        applied_on=d("2025-10-09"),
        value=900_000,
        consignments=4,
        via_council=True,
        flow=("review", "reject"),
        reason=RejectionReason.DUPLICATE,
        note="The company filed the same application itself; we follow it on that report.",
    ),
    ReportSeed(
        key="listing-veraval",
        company="veraval",
        title="Ribbonfish and squid plant at Veraval pending listing in the EAEU register",
        description=(
            "EIC recommended our Veraval plant for listing on 2026-03-16. We export frozen "
            "ribbonfish and squid and have a Russian buyer ready."
        ),
        kind="establishment_listing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030389", "030743"),
        applied_on=d("2026-03-16"),
        value=450_000,
        consignments=3,
        application_number="EIC/F&FP/RUS/2026/042",
        flow=("review", "ask"),
        question=(
            "We could not yet verify your company's IEC. Please upload the IEC certificate from "
            "DGFT and EIC's recommendation letter for the plant."
        ),
    ),
    ReportSeed(
        key="listing-kakinada-ppc",
        company="marine",
        title="Pre-processing centre of our Kakinada plant not covered by the listing request",
        description=(
            "Rosselkhoznadzor asked in July 2026 that our pre-processing centre be listed "
            "separately. EIC forwarded the request on 2026-08-05; no decision yet, and our "
            "listed plant cannot use raw material from the centre for Russia meanwhile."
        ),
        kind="establishment_listing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030617",),
        applied_on=d("2026-08-05"),
        value=600_000,
        consignments=2,
        application_number="EIC/F&FP/RUS/2026/209",
        flow=("review", "accept"),
        barrier="fish-listing",
    ),
    # --- Enhanced laboratory control on shrimp ------------------------------------------
    ReportSeed(
        key="elc-malabar",
        company="malabar",
        title="Enhanced laboratory control on our shrimp not lifted after 12 compliant consignments",
        description=(
            "After one TAMC (КМАФАнМ) finding on frozen peeled vannamei at St Petersburg on "
            "2025-11-12, our plant was put under enhanced laboratory control. The rule ends it "
            "after 10 compliant consignments or three months; 12 consignments have cleared since, "
            "but the register still shows enhanced control and each consignment waits 8–12 days "
            "at the port."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030617",),
        applied_on=d("2026-02-16"),
        value=2_100_000,
        consignments=12,
        application_number="FSVPS letter FS-KS-7/2231",
        flow=("review", "accept"),
        barrier="shrimp-elc",
        evidence="Port laboratory results, 12 consignments",
    ),
    ReportSeed(
        key="elc-godavari",
        company="marine",
        title="Each shrimp consignment held ten days for coliform tests at St Petersburg",
        description=(
            "Since a first coliform (БГКП) finding in December 2025 every consignment of our "
            "vannamei is sampled at the port. Ten consignments have passed; storage and "
            "demurrage cost about USD 2,400 per container."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030617",),
        applied_on=d("2026-03-02"),
        value=1_300_000,
        consignments=10,
        flow=("review", "accept"),
        barrier="shrimp-elc",
    ),
    ReportSeed(
        key="elc-black-tiger",
        company="marine",
        title="Enhanced laboratory control extended to our black tiger shrimp line",
        description=(
            "The enhanced control placed on our vannamei has been applied to black tiger shrimp "
            "from the same plant, which had no finding. Each consignment waits for results."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030617",),
        applied_on=d("2026-04-20"),
        value=400_000,
        consignments=3,
        flow=("review", "accept"),
        barrier="shrimp-elc",
    ),
    # --- Per-consignment laboratory reports ---------------------------------------------
    ReportSeed(
        key="labreports-godavari",
        company="marine",
        title="Laboratory reports on eight groups of parameters demanded with every consignment",
        description=(
            "Since December 2025 each consignment from our newly listed plant must carry reports "
            "on toxic elements, sulfonamides, dyes, coliforms, quinolones, tetracyclines, "
            "S. aureus and chloramphenicol. The reports of our NABL-accredited laboratory were "
            "refused at Novorossiysk as not recognised, and retesting in Russia took 16 days."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030617",),
        applied_on=d("2026-01-19"),
        value=800_000,
        consignments=5,
        flow=("review", "accept"),
        barrier="fish-lab-reports",
    ),
    ReportSeed(
        key="labreports-malabar",
        company="malabar",
        title="Test reports from our NABL laboratory not accepted at Novorossiysk",
        description=(
            "Two consignments of frozen squid were retested in Russia although they carried "
            "full reports from an EIC-approved, NABL-accredited laboratory in Kochi."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030743",),
        applied_on=d("2026-02-03"),
        value=350_000,
        consignments=2,
        flow=("review", "accept"),
        barrier="fish-lab-reports",
    ),
    ReportSeed(
        key="labreports-veraval",
        company="veraval",
        title="Cost of per-consignment testing makes frozen fish to Russia unviable",
        description=(
            "Testing for the eight required groups of parameters costs about USD 900 per "
            "consignment of frozen fish, more than our margin on a container of ribbonfish."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030389",),
        applied_on=d("2026-10-20"),
        value=150_000,
        consignments=0,
    ),
    # --- Surimi held at Kaliningrad ------------------------------------------------------
    ReportSeed(
        key="surimi-kaliningrad",
        company="malabar",
        title="Surimi mince held at Kaliningrad: electronic pre-notification not received",
        description=(
            "Two containers (56 t) of frozen surimi base are held at Kaliningrad since "
            "2026-03-24. The border post says no electronic pre-notification was received and "
            "has suspended release until the Indian veterinary service replies. EIC issued the "
            "health certificates on 2026-03-02."
        ),
        kind="veterinary_certificate",
        country="RU",
        regulator="ru-fsvps",
        hs=("030499",),
        applied_on=d("2026-03-02"),
        value=180_000,
        consignments=2,
        application_number="EIC health certificates KOC/2026/0311–0312",
        flow=("review", "accept"),
        barrier="surimi-kaliningrad",
        evidence="Kaliningrad border post notice",
    ),
    # --- Buffalo meat ---------------------------------------------------------------------
    ReportSeed(
        key="buffalo-rampur",
        company="rohilkhand",
        title="Buffalo meat plant in Uttar Pradesh still restricted over FMD; inspection requested",
        description=(
            "Our APEDA-registered plant at Rampur cannot ship frozen boneless buffalo meat to "
            "Russia under the restriction on Uttar Pradesh plants over foot-and-mouth disease. "
            "DAHD sent zoning and vaccination data; through the Embassy we asked on 2025-11-10 "
            "for a joint inspection under EEC Council Decision 94. No dates were offered."
        ),
        kind="inspection_audit",
        country="RU",
        regulator="ru-fsvps",
        hs=("020230",),
        applied_on=d("2025-11-10"),
        value=3_200_000,
        consignments=0,
        application_number="EOI/MOS/COM/2025/388",
        flow=("review", "accept"),
        barrier="buffalo-fmd",
    ),
    ReportSeed(
        key="buffalo-aligarh",
        company="rohilkhand",
        title="Second buffalo meat plant (Aligarh) awaiting the same joint inspection",
        description=(
            "Filed by the council for its member: the member's Aligarh plant, listed before 2015, "
            "is under the same FMD restriction and is on the inspection request of 2025-11-10."
        ),
        kind="inspection_audit",
        country="RU",
        regulator="ru-fsvps",
        hs=("020230",),
        applied_on=d("2025-11-10"),
        value=1_700_000,
        via_council=True,
        flow=("review", "accept"),
        barrier="buffalo-fmd",
    ),
    ReportSeed(
        key="buffalo-offal",
        company="rohilkhand",
        title="Frozen buffalo offal also stopped by the Uttar Pradesh FMD restriction",
        description="Offal from the same plants falls under the restriction; buyers had asked for it.",
        kind="inspection_audit",
        country="RU",
        regulator="ru-fsvps",
        hs=("020629",),
        applied_on=d("2026-01-26"),
        value=260_000,
        flow=("review", "accept"),
        barrier="buffalo-fmd",
    ),
    ReportSeed(
        key="buffalo-kz-listing",
        company="rohilkhand",
        title="Kazakhstan's veterinary committee has not agreed the listing of our plant",
        description=(
            "Rosselkhoznadzor told EIC that the listing of our plant waits for agreement from "
            "Kazakhstan's Committee for Veterinary Control and Supervision, which co-listed the "
            "Indian buffalo-meat plants in 2014. The committee has not replied since January."
        ),
        kind="establishment_listing",
        country="KZ",
        regulator="kz-moa-cvcs",
        hs=("020230",),
        applied_on=d("2026-01-12"),
        value=900_000,
        flow=("review", "accept"),
        barrier="buffalo-kz-listing",
    ),
    ReportSeed(
        key="buffalo-inspection-new",
        company="rohilkhand",
        title="Joint inspection for a new buffalo meat plant in Uttar Pradesh",
        description=(
            "Our new plant at Moradabad was recommended in September 2026; Rosselkhoznadzor "
            "says it needs an inspection, with no dates."
        ),
        kind="inspection_audit",
        country="RU",
        regulator="ru-fsvps",
        hs=("020230",),
        applied_on=d("2026-10-08"),
        value=1_100_000,
        flow=("review",),
    ),
    # --- Rice: khapra beetle, residues, Kyrgyzstan ----------------------------------------
    ReportSeed(
        key="khapra-nashik",
        company="agri",
        title="Rice shipments from our mill restricted after a khapra beetle finding",
        description=(
            "On 2025-12-08 Rosselkhoznadzor restricted grain and rice from our mill in Nashik "
            "district after live khapra beetle larvae were reported in one consignment at "
            "Novorossiysk. DPPQS reported fumigation and a mill inspection on 2026-01-20; the "
            "restriction is still in place."
        ),
        kind="phytosanitary_certificate",
        country="RU",
        regulator="ru-fsvps",
        hs=("100630",),
        applied_on=d("2026-01-20"),
        value=1_100_000,
        consignments=5,
        application_number="DPPQS/PQ/RUS/2026/014",
        flow=("review", "accept"),
        barrier="rice-khapra",
        evidence="DPPQS corrective measures report",
    ),
    ReportSeed(
        key="khapra-rohilkhand",
        company="rohilkhand",
        title="Rice consignments held for khapra beetle inspection at Novorossiysk",
        description=(
            "Since the December restriction on another Indian mill, our basmati consignments "
            "have been held for full quarantine inspection at Novorossiysk, 9–12 days each."
        ),
        kind="phytosanitary_certificate",
        country="RU",
        regulator="ru-fsvps",
        hs=("100630",),
        applied_on=d("2026-02-10"),
        value=700_000,
        consignments=4,
        flow=("review", "accept"),
        barrier="rice-khapra",
    ),
    ReportSeed(
        key="basmati-kaliningrad",
        company="rohilkhand",
        title="Parboiled basmati held at Kaliningrad: pesticide residues and certificate doubts",
        description=(
            "Three consignments (60 t) of parboiled basmati arrived at Kaliningrad in March 2026. "
            "Two phytosanitary certificates could not be verified, and the Kaliningrad branch of "
            "FGBU ARRIAH reported carbendazim, tebuconazole, thiamethoxam and propiconazole. Our "
            "NABL laboratory's pre-shipment results were within EAEU limits."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("100630",),
        applied_on=d("2026-03-18"),
        value=95_000,
        consignments=3,
        application_number="PQMS/PSC/2026/118842",
        flow=("review", "ask", "answer", "accept"),
        barrier="basmati-residues",
        question="Please attach your pre-shipment laboratory reports and the three PSC numbers.",
        answer="Reports attached; PSC numbers are in the application number field and the file.",
        evidence="Pre-shipment residue test reports",
    ),
    ReportSeed(
        key="basmati-sampling",
        company="agri",
        title="Non-basmati rice sampled for the same four pesticides at every consignment",
        description=(
            "After the Kaliningrad findings our non-basmati rice is sampled for carbendazim, "
            "tebuconazole, thiamethoxam and propiconazole at every consignment, adding 10 days."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("100630",),
        applied_on=d("2026-04-06"),
        value=420_000,
        consignments=4,
        flow=("review", "accept"),
        barrier="basmati-residues",
    ),
    ReportSeed(
        key="rice-bishkek",
        company="rohilkhand",
        title="Kyrgyzstan: rice consignments wait beyond three working days for quarantine results",
        description=(
            "Cabinet Resolution No. 60 of 2026-02-05 requires laboratories to report on samples "
            "within three working days. Our two consignments at Bishkek waited 11 and 14 days in "
            "May and June 2026."
        ),
        kind="import_permit",
        country="KG",
        regulator="kg-dcppq",
        hs=("100630",),
        applied_on=d("2026-06-22"),
        value=140_000,
        consignments=2,
        flow=("review", "accept"),
        barrier="rice-kg",
    ),
    ReportSeed(
        key="rice-osh",
        company="agri",
        title="Kyrgyzstan: quarantine laboratory results for rice delayed at Osh",
        description="Our consignment of broken rice waited 12 days at Osh for results in July 2026.",
        kind="import_permit",
        country="KG",
        regulator="kg-dcppq",
        hs=("100640",),
        applied_on=d("2026-07-15"),
        value=60_000,
        consignments=1,
        flow=("review", "accept"),
        barrier="rice-kg",
    ),
    # --- Fruit and vegetables -------------------------------------------------------------
    ReportSeed(
        key="grapes-almaty",
        company="agri",
        title="Fresh grapes held at the Kazakh border: phytosanitary certificate questioned",
        description=(
            "Four reefers of Thompson seedless grapes for Almaty were held in March 2026. "
            "Inspectors questioned the additional declaration on our phytosanitary certificate "
            "and ordered a laboratory pest examination; two containers lost their shelf life."
        ),
        kind="phytosanitary_certificate",
        country="KZ",
        regulator="kz-moa-sic-aic",
        hs=("080610",),
        applied_on=d("2026-03-04"),
        decided_on=d("2026-03-19"),
        value=260_000,
        consignments=4,
        application_number="PQMS/PSC/2026/097413",
        flow=("review", "accept"),
        barrier="grapes-kz",
    ),
    ReportSeed(
        key="grapes-almaty-council",
        company="agri",
        title="Grapes: Kazakhstan asks for declarations not in EEC Council Decision 157",
        description=(
            "Filed by the council for its member: the additional declarations asked for at the "
            "Kazakh border are not among the EAEU requirements for table grapes."
        ),
        kind="phytosanitary_certificate",
        country="KZ",
        regulator="kz-moa-sic-aic",
        hs=("080610",),
        applied_on=d("2026-03-20"),
        value=120_000,
        consignments=2,
        via_council=True,
        flow=("review", "accept"),
        barrier="grapes-kz",
    ),
    ReportSeed(
        key="pomegranate",
        company="agri",
        title="Market access for fresh pomegranates: dossier pending since November 2025",
        description=(
            "Rosselkhoznadzor asked for growing-area, pest-status and volume data on "
            "pomegranates in 2024. DPPQS sent the dossier on 2025-11-04 and has no response; "
            "our Moscow buyer wants 40 containers a season."
        ),
        kind="other",
        country="RU",
        regulator="ru-fsvps",
        hs=("081090",),
        applied_on=d("2025-11-04"),
        value=1_600_000,
        flow=("review", "accept"),
        barrier="pomegranate-access",
    ),
    ReportSeed(
        key="onion-minsk",
        company="agri",
        title="Belarus: fresh onion consignments held while certificates are verified",
        description=(
            "Three consignments of Nashik onion for Minsk were held 15–19 days in August 2026 "
            "while the plant-quarantine inspectorate asked India to confirm the certificates."
        ),
        kind="phytosanitary_certificate",
        country="BY",
        regulator="by-ggiskzr",
        hs=("070310",),
        applied_on=d("2026-08-18"),
        value=210_000,
        consignments=3,
        flow=("review", "accept"),
        barrier="onion-by",
    ),
    ReportSeed(
        key="grapes-yerevan",
        company="agri",
        title="Armenia: additional declaration on the phytosanitary certificate for grapes",
        description="Our importer in Yerevan was told a new declaration is needed for grapes.",
        kind="phytosanitary_certificate",
        country="AM",
        regulator="am-fsib",
        hs=("080610",),
        applied_on=d("2026-04-12"),
        value=90_000,
        consignments=1,
        flow=("review", "ask", "answer"),
        question="Which declaration was asked for? Please attach the importer's message.",
        answer="The importer's e-mail is attached: a declaration on freedom from a fruit fly.",
    ),
    ReportSeed(
        key="raisins-kz",
        company="agri",
        title="Kazakhstan: laboratory pest examination of raisins at Khorgos",
        description="A consignment of raisins has been waiting for a laboratory examination.",
        kind="phytosanitary_certificate",
        country="KZ",
        regulator="kz-moa-sic-aic",
        hs=("080620",),
        applied_on=d("2026-10-26"),
        value=75_000,
        consignments=1,
    ),
    ReportSeed(
        key="bananas-by",
        company="agri",
        title="Belarus: quarantine inspection of bananas delayed",
        description="Our first banana consignment to Minsk is waiting for inspection.",
        kind="phytosanitary_certificate",
        country="BY",
        regulator="by-ggiskzr",
        hs=("080390",),
        applied_on=d("2026-05-04"),
        value=40_000,
        consignments=1,
        flow=("withdraw",),
        note="The buyer cancelled the order.",
    ),
    ReportSeed(
        key="grapes-price",
        company="agri",
        title="Russian buyer cut the price for grapes after arrival",
        description="The buyer in Moscow paid 20% less than agreed, citing market prices.",
        kind="other",
        country="RU",
        regulator="",
        hs=("080610",),
        applied_on=d("2026-04-02"),
        value=55_000,
        consignments=1,
        flow=("review", "reject"),
        reason=RejectionReason.NOT_A_BARRIER,
        note="A commercial dispute with a buyer; the Indian mission's trade wing can advise.",
    ),
    ReportSeed(
        key="onion-flakes-label",
        company="agri",
        title="Russia: GMO statement required on labels of dried onion flakes",
        description="The importer asks for a statement on GMO content on the Russian label.",
        kind="labelling_approval",
        country="RU",
        regulator="ru-rpn",
        hs=("071290",),
        applied_on=d("2026-10-02"),
        value=30_000,
        flow=("review", "ask"),
        question=(
            "Did the importer cite a rule (TR CU 022/2011 or another)? Please attach the label "
            "draft and the importer's request."
        ),
    ),
    ReportSeed(
        key="cereal-kz-sgr",
        company="agri",
        title="Kazakhstan: state registration of a millet-based infant cereal",
        description=(
            "Infant cereals are specialised foods that need state registration. Our dossier was "
            "filed with the Committee for Sanitary and Epidemiological Control on 2026-06-08; it "
            "has not been examined."
        ),
        kind="state_registration",
        country="KZ",
        regulator="kz-moh-sec",
        hs=("210690",),
        applied_on=d("2026-06-08"),
        value=180_000,
        application_number="KZ-SGR-2026-0612",
        flow=("review", "accept"),
        barrier="cereal-kz-sgr",
    ),
    # --- Tea, spices, supplements ---------------------------------------------------------
    ReportSeed(
        key="tea-doc",
        company="nilgiri",
        title="EAC declaration for our packaged tea suspended by Rosaccreditation",
        description=(
            "Our importer's declaration of conformity for black tea in packs under 3 kg "
            "(ЕАЭС N RU Д-IN.РА01.В.48213/25) was suspended on 2026-02-27: the test report could "
            "not be confirmed in FGIS FSA. The Moscow laboratory says it issued the report."
        ),
        kind="eac_conformity",
        country="RU",
        regulator="ru-fsa",
        hs=("090230",),
        applied_on=d("2026-03-02"),
        value=640_000,
        consignments=3,
        application_number="ЕАЭС N RU Д-IN.РА01.В.48213/25",
        flow=("review", "accept"),
        barrier="tea-eac",
        evidence="Suspension notice and test report",
    ),
    ReportSeed(
        key="spice-doc",
        company="nilgiri",
        title="Declaration for whole pepper and cardamom: a new test report demanded",
        description=(
            "The declaration for whole black pepper and cardamom was suspended on the same "
            "ground; the importer must test again before the next consignment is released."
        ),
        kind="eac_conformity",
        country="RU",
        regulator="ru-fsa",
        hs=("090411", "090831"),
        applied_on=d("2026-04-14"),
        value=310_000,
        consignments=2,
        flow=("review", "accept"),
        barrier="tea-eac",
    ),
    ReportSeed(
        key="raisins-doc",
        company="agri",
        title="Importer's EAC declaration for raisins suspended; retesting demanded",
        description=(
            "Our importer's declaration for raisins was suspended in April 2026 because the "
            "test report could not be confirmed in FGIS FSA."
        ),
        kind="eac_conformity",
        country="RU",
        regulator="ru-fsa",
        hs=("080620",),
        applied_on=d("2026-04-22"),
        value=230_000,
        consignments=2,
        flow=("review", "accept"),
        barrier="tea-eac",
    ),
    ReportSeed(
        key="curcumin-sgr",
        company="nilgiri",
        title="State registration (SGR) of a curcumin food supplement stalled at Rospotrebnadzor",
        description=(
            "Curcumin extract capsules are a biologically active additive and need an SGR under "
            "CU Commission Decision 299. The dossier was filed through our importer on "
            "2025-12-15; after one request for translations (answered 2026-01-28) no decision."
        ),
        kind="state_registration",
        country="RU",
        regulator="ru-rpn",
        hs=("210690",),
        applied_on=d("2025-12-15"),
        value=520_000,
        application_number="RPN-SGR-77-2025-14418",
        flow=("review", "accept"),
        barrier="curcumin-sgr",
    ),
    ReportSeed(
        key="tea-labels",
        company="nilgiri",
        title="Russian-language labels on tea packs rejected over the importer's details",
        description=(
            "Customs held a consignment because the Russian label sticker gave the importer's "
            "legal address in a format the inspector did not accept under TR CU 022/2011."
        ),
        kind="labelling_approval",
        country="RU",
        regulator="ru-rpn",
        hs=("090230",),
        applied_on=d("2026-07-14"),
        value=85_000,
        consignments=1,
        flow=("review", "ask", "answer", "accept"),
        barrier="tea-labels",
        question="Please attach a photo of the label and the inspector's written remark.",
        answer="Photo and the inspection act are attached.",
    ),
    ReportSeed(
        key="cardamom-doc",
        company="nilgiri",
        title="Cardamom: renewal of the EAC declaration waiting for the laboratory",
        description="Our importer cannot renew the declaration until the Moscow lab has capacity.",
        kind="eac_conformity",
        country="RU",
        regulator="ru-fsa",
        hs=("090831",),
        applied_on=d("2026-10-19"),
        value=120_000,
    ),
    ReportSeed(
        key="turmeric-lab",
        company="nilgiri",
        title="Turmeric: testing for lead chromate at every consignment",
        description=(
            "Filed by the council for its member: ground turmeric is tested for lead chromate "
            "at every consignment since September 2026."
        ),
        kind="laboratory_testing",
        country="RU",
        regulator="ru-rpn",
        hs=("091030",),
        applied_on=d("2026-10-30"),
        value=95_000,
        consignments=2,
        via_council=True,
    ),
    ReportSeed(
        key="coffee-doc",
        company="nilgiri",
        title="Instant coffee: declaration of conformity for a new pack size",
        description="A new 200 g jar needs a new declaration; the certification body is slow.",
        kind="eac_conformity",
        country="RU",
        regulator="ru-fsa",
        hs=("210111",),
        applied_on=d("2026-08-25"),
        value=70_000,
        flow=("review", "ask", "answer"),
        question="Which certification body, and when was the application registered?",
        answer="An accredited body in Moscow; the application was registered on 2026-08-25.",
    ),
    ReportSeed(
        key="herbal-kz-sgr",
        company="nilgiri",
        title="Kazakhstan: state registration for a herbal tea blend",
        description="The blend contains tulsi; the importer was told it needs state registration.",
        kind="state_registration",
        country="KZ",
        regulator="kz-moh-sec",
        hs=("210120",),
        applied_on=d("2026-08-11"),
        value=45_000,
        flow=("review", "ask"),
        question=(
            "Please tell us the blend's composition and attach the committee's written answer; "
            "herbal teas are registered only in some cases."
        ),
    ),
    ReportSeed(
        key="green-tea-doc",
        company="nilgiri",
        title="Declaration for green tea delayed at the certification body",
        description="The declaration for our green tea has not been registered after six weeks.",
        kind="eac_conformity",
        country="RU",
        regulator="ru-fsa",
        hs=("090210",),
        applied_on=d("2026-03-10"),
        decided_on=d("2026-05-06"),
        value=60_000,
        flow=("review", "withdraw"),
        note="The declaration was registered on 2026-05-06.",
    ),
    # --- Import permits, certificates, audits (marine) -----------------------------------
    ReportSeed(
        key="argus-godavari",
        company="marine",
        title="Importer's Argus permit for frozen shrimp not issued after 14 weeks",
        description=(
            "Our consignee in St Petersburg applied in Argus on 2026-01-12 for the 2026 import "
            "permit for frozen shrimp from our listed plant. Such permits are often granted in "
            "days; the application still shows 'under consideration'."
        ),
        kind="import_permit",
        country="RU",
        regulator="ru-fsvps",
        hs=("030617",),
        applied_on=d("2026-01-12"),
        value=750_000,
        consignments=3,
        application_number="ARGUS-2026-0148823",
        flow=("review", "accept"),
        barrier="argus-permits",
    ),
    ReportSeed(
        key="argus-malabar",
        company="malabar",
        title="Argus import permit for frozen squid from our Kochi plant pending",
        description="The Moscow importer's application of 2026-02-02 has had no decision.",
        kind="import_permit",
        country="RU",
        regulator="ru-fsvps",
        hs=("030743",),
        applied_on=d("2026-02-02"),
        value=330_000,
        consignments=2,
        application_number="ARGUS-2026-0197310",
        flow=("review", "accept"),
        barrier="argus-permits",
    ),
    ReportSeed(
        key="argus-crabs",
        company="marine",
        title="Argus permit for frozen crabs delayed",
        description="The importer's application for frozen crabs has waited seven weeks.",
        kind="import_permit",
        country="RU",
        regulator="ru-fsvps",
        hs=("030614",),
        applied_on=d("2026-02-16"),
        decided_on=d("2026-04-02"),
        value=90_000,
        flow=("review", "withdraw"),
        note="The permit was granted on 2026-04-02.",
    ),
    ReportSeed(
        key="argus-cuttlefish",
        company="veraval",
        title="Frozen cuttlefish: Russian importer's Argus permit pending",
        description="Our importer applied in Argus in October 2026 for frozen cuttlefish.",
        kind="import_permit",
        country="RU",
        regulator="ru-fsvps",
        hs=("030743",),
        applied_on=d("2026-10-14"),
        value=210_000,
        flow=("review",),
    ),
    ReportSeed(
        key="shrimp-yerevan",
        company="marine",
        title="Armenia: veterinary certificate form for frozen shrimp not agreed",
        description=(
            "Our Yerevan importer's consignment was refused because the Food Safety Inspection "
            "Body wants a certificate form that EIC has not agreed. Checks on Indian shrimp "
            "entering through Armenia tightened after 18 t were turned back at Verkhny Lars in "
            "August 2024."
        ),
        kind="veterinary_certificate",
        country="AM",
        regulator="am-fsib",
        hs=("030617",),
        applied_on=d("2026-07-06"),
        value=220_000,
        consignments=1,
        flow=("review", "accept"),
        barrier="shrimp-am-vet",
    ),
    ReportSeed(
        key="shrimp-yerevan-malabar",
        company="malabar",
        title="Armenia: frozen shrimp for Yerevan held pending a register check",
        description="Inspectors held our consignment to check the plant's EAEU register status.",
        kind="veterinary_certificate",
        country="AM",
        regulator="am-fsib",
        hs=("030617",),
        applied_on=d("2026-09-01"),
        value=160_000,
        consignments=1,
        flow=("review", "accept"),
        barrier="shrimp-am-vet",
    ),
    ReportSeed(
        key="shrimp-minsk-permit",
        company="marine",
        title="Belarus: import permit for frozen shrimp for a Minsk importer",
        description="The importer's application to the veterinary department waits since October.",
        kind="import_permit",
        country="BY",
        regulator="by-moa-dvfs",
        hs=("030617",),
        applied_on=d("2026-10-12"),
        value=130_000,
    ),
    ReportSeed(
        key="fishmeal-minsk",
        company="veraval",
        title="Belarus: import permit for fish meal",
        description=(
            "Filed by the council for its member: fish meal (not for human consumption) is a "
            "veterinary-controlled good; the Minsk importer's permit application has no answer."
        ),
        kind="import_permit",
        country="BY",
        regulator="by-moa-dvfs",
        hs=("230120",),
        applied_on=d("2026-09-14"),
        value=110_000,
        via_council=True,
        flow=("review",),
    ),
    ReportSeed(
        key="tuna-mercury",
        company="malabar",
        title="Frozen yellowfin tuna: mercury tests at every consignment",
        description="Every consignment of frozen yellowfin tuna is held for mercury testing.",
        kind="laboratory_testing",
        country="RU",
        regulator="ru-fsvps",
        hs=("030342",),
        applied_on=d("2026-09-22"),
        value=260_000,
        consignments=3,
        flow=("review",),
    ),
    ReportSeed(
        key="shrimp-kz-colisting",
        company="marine",
        title="Kazakhstan: co-listing of our plant not confirmed by the veterinary committee",
        description="Our Almaty importer was told the plant is not yet agreed by Kazakhstan.",
        kind="establishment_listing",
        country="KZ",
        regulator="kz-moa-cvcs",
        hs=("030617",),
        applied_on=d("2026-10-05"),
        value=190_000,
        flow=("review",),
    ),
    ReportSeed(
        key="tuna-bishkek",
        company="malabar",
        title="Kyrgyzstan: veterinary certificate for canned tuna",
        description="The Bishkek importer says a veterinary certificate is needed for canned tuna.",
        kind="veterinary_certificate",
        country="KG",
        regulator="kg-vet-service",
        hs=("160414",),
        applied_on=d("2026-09-29"),
        value=70_000,
        flow=("review", "ask"),
        question=(
            "Canned fish is usually covered by a declaration, not a veterinary certificate. "
            "Please attach the importer's written request."
        ),
    ),
    ReportSeed(
        key="audit-kakinada",
        company="marine",
        title="Audit of our new plant requested by Rosselkhoznadzor before listing",
        description="Rosselkhoznadzor wants an on-site audit of our third plant; no dates given.",
        kind="inspection_audit",
        country="RU",
        regulator="ru-fsvps",
        hs=("030617",),
        applied_on=d("2026-09-08"),
        value=500_000,
        flow=("review", "ask"),
        question="Please attach Rosselkhoznadzor's letter asking for the audit.",
    ),
    ReportSeed(
        key="octopus-spb",
        company="veraval",
        title="Frozen octopus held at St Petersburg",
        description="A container of frozen octopus was held; we do not know why.",
        kind="veterinary_certificate",
        country="RU",
        regulator="ru-fsvps",
        hs=("030752",),
        applied_on=d("2026-05-11"),
        value=65_000,
        consignments=1,
        flow=("review", "ask", "reject"),
        question="Please attach the port's notice or the importer's account of the hold.",
        reason=RejectionReason.INSUFFICIENT_EVIDENCE,
        note="No notice or other evidence of the hold was provided in six weeks.",
    ),
    ReportSeed(
        key="canned-fish-fees",
        company="malabar",
        title="EAC declaration for canned fish: consultant fees too high",
        description="Consultants quote USD 3,000 for a declaration for canned fish.",
        kind="eac_conformity",
        country="RU",
        regulator="ru-fsa",
        hs=("160419",),
        applied_on=d("2026-05-19"),
        value=40_000,
        flow=("review", "reject"),
        reason=RejectionReason.OTHER,
        note=(
            "Fees of private certification consultants are a commercial matter; any body in the "
            "EAEU register of accredited bodies may register the declaration."
        ),
    ),
    # --- Kyrgyzstan, Kazakhstan: buffalo meat and honey -----------------------------------
    ReportSeed(
        key="buffalo-kg-permit",
        company="rohilkhand",
        title="Kyrgyzstan: veterinary import permit for buffalo meat",
        description="Our Bishkek importer's application for a permit has had no answer.",
        kind="import_permit",
        country="KG",
        regulator="kg-vet-service",
        hs=("020230",),
        applied_on=d("2026-10-28"),
        value=240_000,
    ),
    ReportSeed(
        key="uzbek-transit",
        company="rohilkhand",
        title="Transit via Kazakhstan to Uzbekistan: Uzbek quarantine permit delayed",
        description="Rice in transit through Kazakhstan waits for an Uzbek quarantine permit.",
        kind="import_permit",
        country="KZ",
        regulator="kz-moa-sic-aic",
        hs=("100630",),
        applied_on=d("2026-04-27"),
        value=85_000,
        consignments=1,
        flow=("review", "reject"),
        reason=RejectionReason.OUTSIDE_EAEU,
        note="Uzbekistan is not an EAEU member; the Embassy in Tashkent can take this up.",
    ),
    ReportSeed(
        key="honey-kz",
        company="rohilkhand",
        title="Kazakhstan: honey tested for antibiotic residues",
        description="Our honey consignment is held for antibiotic residue tests in Almaty.",
        kind="laboratory_testing",
        country="KZ",
        regulator="kz-moh-sec",
        hs=("040900",),
        applied_on=d("2026-06-01"),
        value=35_000,
        consignments=1,
        flow=("review", "ask", "withdraw"),
        question="Please attach the hold notice and the residues tested for.",
        note="The hold was the importer's paperwork error; the consignment was released.",
    ),
)

# Barrier keys not in BARRIERS are created from their first accepted report.

# ---------------------------------------------------------------------------------------------
# The past meeting: agenda, outcomes, action points
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaSeed:
    barrier: str
    track: str
    outcome: str = ""  # empty on the reserve list
    path: tuple[str, ...] = ()  # barrier statuses after "raised" (or none if not raised)
    statement_india: str = ""
    statement_eaeu: str = ""
    commitment: str = ""
    escalate: bool = False
    manual_reason: str = ""  # set when the secretariat moved the item by hand


RAISED = BarrierStatus.RAISED

AGENDA: tuple[AgendaSeed, ...] = (
    AgendaSeed(
        barrier="fish-listing",
        track="veterinary",
        outcome=Outcome.ACTION_AGREED,
        path=(RAISED, BarrierStatus.ACTION_AGREED),
        statement_india=(
            "India thanked Rosselkhoznadzor for the establishments listed in December 2025 and "
            "asked for decisions on the remaining units recommended by EIC, whose guarantees are "
            "on file."
        ),
        statement_eaeu=(
            "Rosselkhoznadzor said the guarantees were being agreed with the veterinary services "
            "of the other member states and that plants without recent inspection reports might "
            "need a joint inspection."
        ),
        commitment="Desk review of EIC's guarantees to be completed and EIC informed by 30 September.",
        escalate=True,
    ),
    AgendaSeed(
        barrier="shrimp-elc",
        track="veterinary",
        outcome=Outcome.RESOLVED,
        path=(RAISED, BarrierStatus.RESOLVED),
        statement_india=(
            "India showed that the plants concerned had more than 10 compliant consignments each."
        ),
        statement_eaeu=(
            "Rosselkhoznadzor confirmed that enhanced laboratory control ends after 10 compliant "
            "consignments and would update the register for the plants concerned."
        ),
        commitment="Register updated within 10 working days.",
    ),
    AgendaSeed(
        barrier="fish-lab-reports",
        track="veterinary",
        outcome=Outcome.PARTIALLY_RESOLVED,
        path=(RAISED, BarrierStatus.PARTIALLY_RESOLVED),
        statement_india=(
            "India asked that reports from EIC-approved, NABL-accredited laboratories be accepted."
        ),
        statement_eaeu=(
            "Rosselkhoznadzor agreed to accept reports from laboratories on a list provided by "
            "EIC but kept the list of parameters for twelve months."
        ),
        commitment="Reports from laboratories on EIC's list accepted from 1 August 2026.",
    ),
    AgendaSeed(
        barrier="surimi-kaliningrad",
        track="veterinary",
        outcome=Outcome.DISCUSSED,
        path=(RAISED,),
        statement_india="EIC confirmed that it issued the health certificates on 2026-03-02.",
        statement_eaeu=(
            "Rosselkhoznadzor said release depends on a written reply from the Indian veterinary "
            "service on the missing electronic pre-notification."
        ),
        manual_reason=(
            "Added by the secretariat above its score: goods are held at the border now and "
            "release needs a decision at the meeting."
        ),
    ),
    AgendaSeed(
        barrier="buffalo-fmd",
        track="veterinary",
        outcome=Outcome.ACTION_AGREED,
        path=(RAISED, BarrierStatus.ACTION_AGREED),
        statement_india=(
            "India presented FMD zoning and vaccination data for Uttar Pradesh and repeated its "
            "request for a joint inspection."
        ),
        statement_eaeu=(
            "Rosselkhoznadzor agreed to assess the data and to propose inspection dates after "
            "consulting Kazakhstan's veterinary committee."
        ),
        commitment="Inspection dates to be proposed by the end of 2026.",
    ),
    AgendaSeed(
        barrier="rice-khapra",
        track="phytosanitary",
        outcome=Outcome.RESOLVED,
        path=(RAISED, BarrierStatus.RESOLVED),
        statement_india="DPPQS summarised the fumigation and mill inspection of January 2026.",
        statement_eaeu=(
            "Rosselkhoznadzor accepted the corrective measures and said the restriction would be "
            "lifted, with a notice to follow."
        ),
        commitment="Restriction lifted; notice published.",
    ),
    AgendaSeed(
        barrier="basmati-residues",
        track="phytosanitary",
        outcome=Outcome.PARTIALLY_RESOLVED,
        path=(RAISED, BarrierStatus.PARTIALLY_RESOLVED),
        statement_india=(
            "India asked for the full protocols and for arbitration testing, and proposed "
            "electronic verification of phytosanitary certificates."
        ),
        statement_eaeu=(
            "Rosselkhoznadzor agreed to share protocols and accept arbitration testing; the "
            "verification procedure is to be discussed further."
        ),
        commitment="Protocols for the three consignments sent to APEDA.",
    ),
    AgendaSeed(
        barrier="grapes-kz",
        track="phytosanitary",
        outcome=Outcome.DEFERRED,
        statement_india=(
            "India agreed to defer and asked for a written list of the required declarations."
        ),
        statement_eaeu=(
            "The Kazakh delegation asked to take the item at the next meeting, when its "
            "phytosanitary committee can attend."
        ),
    ),
    AgendaSeed(
        barrier="tea-eac",
        track="technical_regulation",
        outcome=Outcome.DISCUSSED,
        path=(RAISED,),
        statement_india=(
            "India asked for a procedure to confirm test reports before declarations are suspended."
        ),
        statement_eaeu=(
            "The Russian side said suspensions follow checks on test reports in FGIS FSA and "
            "that declarants may apply for renewal with a confirmed report."
        ),
    ),
    AgendaSeed(
        barrier="curcumin-sgr",
        track="food_safety",
        outcome=Outcome.ACTION_AGREED,
        path=(RAISED, BarrierStatus.ACTION_AGREED),
        statement_india="India asked for a decision or a written list of what the dossier lacks.",
        statement_eaeu="Rospotrebnadzor agreed to give the applicant a written list.",
        commitment="Written list of missing dossier items by 31 July 2026.",
        manual_reason=(
            "Added by the secretariat above its score: the only food-safety item, and "
            "Rospotrebnadzor attends this meeting."
        ),
    ),
    AgendaSeed(
        barrier="pomegranate-access",
        track="phytosanitary",
        outcome=Outcome.DEFERRED,
        statement_india="India asked for a date for the end of the review.",
        statement_eaeu=(
            "Rosselkhoznadzor said the All-Russian Plant Quarantine Centre had not finished its "
            "review and asked to defer the item."
        ),
    ),
    AgendaSeed(
        barrier="buffalo-kz-listing",
        track="veterinary",
        manual_reason=(
            "Moved to the reserve list by the secretariat: Kazakhstan's veterinary committee "
            "could not attend in person."
        ),
    ),
    AgendaSeed(
        barrier="argus-permits",
        track="veterinary",
        manual_reason=(
            "Moved to the reserve list by the secretariat: Rosselkhoznadzor reported that the "
            "backlog of Argus permit applications was being cleared."
        ),
    ),
)


@dataclass(frozen=True)
class ActionSeed:
    barrier: str
    description: str
    party: str
    owner_agency: str
    due_on: dt.date
    regulator: str = ""
    completed_on: dt.date | None = None
    evidence: str = ""


ACTIONS: tuple[ActionSeed, ...] = (
    ActionSeed(
        barrier="fish-listing",
        description=(
            "Complete the desk review of EIC's guarantees for the pending fishery establishments "
            "and inform EIC of each decision."
        ),
        party=Party.EAEU,
        owner_agency="Rosselkhoznadzor",
        regulator="ru-fsvps",
        due_on=d("2026-09-30"),
    ),
    ActionSeed(
        barrier="fish-listing",
        description=(
            "Send updated guarantees and the latest EIC inspection reports for the pending "
            "establishments."
        ),
        party=Party.INDIA,
        owner_agency="EIC",
        due_on=d("2026-07-31"),
        completed_on=d("2026-07-24"),
        evidence="EIC letter of 2026-07-24 with 31 inspection reports.",
    ),
    ActionSeed(
        barrier="fish-lab-reports",
        description="Send the list of EIC-approved, NABL-accredited laboratories.",
        party=Party.INDIA,
        owner_agency="EIC",
        due_on=d("2026-07-15"),
        completed_on=d("2026-07-10"),
        evidence="List of 42 laboratories sent on 2026-07-10.",
    ),
    ActionSeed(
        barrier="buffalo-fmd",
        description="Share FMD zoning and vaccination data for Uttar Pradesh in Russian.",
        party=Party.INDIA,
        owner_agency="DAHD",
        due_on=d("2026-08-15"),
        completed_on=d("2026-08-10"),
        evidence="Translated data sent through the Embassy on 2026-08-10.",
    ),
    ActionSeed(
        barrier="buffalo-fmd",
        description=(
            "Propose dates for a joint inspection of the restricted buffalo-meat plants under "
            "EEC Council Decision 94."
        ),
        party=Party.EAEU,
        owner_agency="Rosselkhoznadzor",
        regulator="ru-fsvps",
        due_on=d("2026-12-31"),
    ),
    ActionSeed(
        barrier="curcumin-sgr",
        description="Give the applicant a written list of what the SGR dossier lacks.",
        party=Party.EAEU,
        owner_agency="Rospotrebnadzor",
        regulator="ru-rpn",
        due_on=d("2026-07-31"),
        completed_on=d("2026-07-29"),
        evidence="Rospotrebnadzor letter to the importer of 2026-07-29.",
    ),
    ActionSeed(
        barrier="basmati-residues",
        description=(
            "Trace back the consignments with residues and tighten checks before issuing "
            "phytosanitary certificates for rice to Kaliningrad."
        ),
        party=Party.INDIA,
        owner_agency="DPPQS and APEDA",
        due_on=d("2027-01-15"),
    ),
)

INDIA_PARTICIPANTS = (
    "Department of Commerce (Foreign Trade – CIS division); APEDA; MPEDA; EIC; DPPQS; DAHD; "
    "FSSAI; Embassy of India in Moscow"
)
EAEU_PARTICIPANTS = (
    "eec",
    "ru-fsvps",
    "ru-rpn",
    "ru-fsa",
    "kz-moa-cvcs",
    "kz-moa-sic-aic",
    "kz-moh-sec",
    "by-moa-dvfs",
    "by-ggiskzr",
    "kg-vet-service",
    "kg-dcppq",
    "am-fsib",
)

# Notes officials keep on barriers (internal, never shown to exporters).
BARRIER_NOTES: tuple[tuple[str, str], ...] = (
    (
        "fish-listing",
        "EIC confirms the list of 32 establishments India gave on 2025-12-04 matches ours; "
        "escalate to the Joint Secretary if no decisions by the action point's due date.",
    ),
    (
        "buffalo-fmd",
        "DAHD says the FMD-free compartment proposal for the Rampur plants is ready; Embassy "
        "to follow up with Rosselkhoznadzor's international department.",
    ),
    (
        "basmati-residues",
        "APEDA suspects the two unverified certificates were altered after issue; PQMS shows "
        "different consignment weights.",
    ),
)


# ---------------------------------------------------------------------------------------------
# Evidence files: small, plain PDFs
# ---------------------------------------------------------------------------------------------


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines of ASCII text, built by hand (no extra dependency)."""

    def escape(text: str) -> str:
        text = text.encode("ascii", "replace").decode("ascii")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 56 780 Td 16 TL " + " ".join(f"({escape(x)}) '" for x in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("ascii"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii"))
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode("ascii"))
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode(
            "ascii"
        )
    )
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Load reference data and build a deterministic demo data set (companies, accounts, "
        "reports, barriers, meetings) from real India–EAEU cases. Refused when DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--send-email",
            action="store_true",
            help=(
                "Deliver the demo's e-mails with the configured backend. By default they are "
                "written to the outbox and handed to an in-memory backend, so the console is not "
                "flooded and nothing reaches the @demo.example addresses."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a known password and is for development only; "
                "it refuses to run with DEBUG off (production settings)."
            )
        self.verbosity = int(options.get("verbosity", 1))
        self.password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD

        self.say("Loading reference data (countries, regulators, HS codes, barrier kinds)…")
        call_command("loaddata", settings.BASE_DIR / "fixtures" / "reference.json", verbosity=0)
        if User.objects.filter(email=ADMIN_EMAIL).exists():
            self.stdout.write("Demo data already present")
            return

        backend = (
            {}
            if options["send_email"]
            else {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        )
        # Each e-mail delivered in process logs a line; keep the output to the progress lines.
        task_log = logging.getLogger("celery.app.trace")
        level = task_log.level
        task_log.setLevel(logging.WARNING)
        try:
            with override_settings(**backend), transaction.atomic():
                # One transaction: a failure leaves no half-built demo; e-mails go after commit.
                self.seed()
        finally:
            task_log.setLevel(level)
        self.summary()

    # -- output -------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

    def summary(self) -> None:
        accounts = [(c.email, self._role(c), c.name) for c in COMPANIES]
        accounts += [(email, group or "Superuser", "—") for email, _, group in OFFICIALS]
        width = max(len(row[0]) for row in accounts)
        self.stdout.write(self.style.SUCCESS("\nDemo data ready. Accounts (password for all):"))
        self.stdout.write(f"  {'e-mail'.ljust(width)}  {'role':<28} company")
        for email, role, company in accounts:
            self.stdout.write(f"  {email.ljust(width)}  {role:<28} {company}")
        self.stdout.write(f"  password: {self.password}\n")

        def by_status(model: Any) -> str:
            counts = Counter(model.objects.values_list("status", flat=True))
            return ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))

        rows = [
            ("Companies", Company.objects.count(), ""),
            ("Users", User.objects.count(), ""),
            ("Reports", Report.objects.count(), by_status(Report)),
            ("Barriers", Barrier.objects.count(), by_status(Barrier)),
            ("Meetings", Meeting.objects.count(), by_status(Meeting)),
            ("Agenda items", AgendaItem.objects.count(), ""),
            ("Action points", ActionPoint.objects.count(), by_status(ActionPoint)),
            ("Messages", Message.objects.count(), ""),
            ("Documents", Document.objects.count(), ""),
            ("Status changes", StatusChange.objects.count(), ""),
            ("Outbound e-mails", OutboundEmail.objects.count(), by_status(OutboundEmail)),
        ]
        for label, count, detail in rows:
            self.stdout.write(f"  {label:<17}{count:>5}  {detail}")

    @staticmethod
    def _role(seed: CompanySeed) -> str:
        if seed.kind == CompanyKind.ASSOCIATION:
            return "Export promotion council"
        return f"Exporter ({seed.sector})"

    # -- seeding ------------------------------------------------------------------------------

    def seed(self) -> None:
        rng = random.Random(SEED)
        self.kinds = {k.pk: k for k in BarrierKind.objects.all()}
        self.regulators = {r.pk: r for r in Regulator.objects.all()}
        self.countries = {c.pk: c for c in Country.objects.all()}
        self.hs = {h.pk: h for h in HSCode.objects.all()}
        self.barriers: dict[str, Barrier] = {}
        self.reports: dict[str, Report] = {}

        self.say("Creating officials and role groups…")
        self.seed_officials()
        self.say("Creating companies and exporter accounts…")
        self.seed_companies()
        self.confirm_addresses()

        # Variation is drawn once, in a fixed order, so every run gives the same data.
        self.variation = {
            seed.key: (
                Decimal(round(seed.value * rng.uniform(0.85, 1.15), -2)).quantize(Decimal("1")),
                rng.random() < 0.65,
            )
            for seed in REPORTS
        }
        ordered = sorted(REPORTS, key=lambda s: (s.applied_on, s.key))
        self.say(f"Filing {len(ordered)} reports…")
        for seed in ordered:
            with at(filed_on(seed)):
                self.reports[seed.key] = self.file_report(seed)

        self.say("Triaging reports filed before the 2026-Q2 cut-off…")
        for seed in ordered:
            if seed.applied_on <= PAST_CUTOFF:
                self.triage(seed)
        self.say("Holding the 2026-Q2 meeting in Moscow…")
        with at(PAST_CUTOFF):
            self.hold_past_meeting()
        self.say("Triaging later reports…")
        for seed in ordered:
            if seed.applied_on > PAST_CUTOFF:
                self.triage(seed)
        with at(ANCHOR - dt.timedelta(days=3)):
            for key, note in BARRIER_NOTES:
                services.message_post(
                    actor=self.triage_officer, barrier=self.barriers[key], body=note, internal=True
                )
        self.say("Planning the 2026-Q4 meeting in New Delhi…")
        with at(ANCHOR - dt.timedelta(days=1)):
            self.plan_next_meeting()

    def seed_officials(self) -> None:
        self.officials: dict[str, User] = {}
        # The role groups come with the migrations; created here only if someone deleted one.
        names = {group_name for _, _, group_name in OFFICIALS if group_name}
        groups = {group.name: group for group in Group.objects.filter(name__in=names)}
        for missing in names - groups.keys():
            groups[missing] = Group.objects.create(name=missing)
        for email, name, group_name in OFFICIALS:
            if group_name:
                user = User.objects.create_user(
                    email=email, password=self.password, full_name=name, is_staff=True
                )
                user.groups.add(groups[group_name])
            else:
                user = User.objects.create_superuser(
                    email=email, password=self.password, full_name=name
                )
            self.officials[email] = user
        self.triage_officer = self.officials["triage@demo.example"]
        self.secretary = self.officials["secretary@demo.example"]

    def confirm_addresses(self) -> None:
        """Demo users sign in at once: their e-mail addresses count as confirmed."""
        from allauth.account.models import EmailAddress

        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in [*self.officials.values(), *self.users.values()]
            ]
        )

    def seed_companies(self) -> None:
        self.companies: dict[str, Company] = {}
        self.users: dict[str, User] = {}
        for seed in COMPANIES:
            company = Company(
                name=seed.name,
                iec=seed.pan,
                gstin=gstin_for(seed.state_code, seed.pan),
                apeda_rcmc=seed.apeda_rcmc,
                mpeda_registration=seed.mpeda_registration,
                eic_approval=seed.eic_approval,
                sector=seed.sector,
                kind=seed.kind,
                city=seed.city,
                state=seed.state,
            )
            company.full_clean()
            company.save()
            self.companies[seed.slug] = company
            self.users[seed.slug] = User.objects.create_user(
                email=seed.email, password=self.password, full_name=seed.person, company=company
            )
            if seed.verified:
                services.company_verify(company=company, actor=self.triage_officer)
        council = self.companies["council"]
        council.members.set([c for slug, c in self.companies.items() if slug != "council"])

    def file_report(self, seed: ReportSeed) -> Report:
        value, consent = self.variation[seed.key]
        company = self.companies[seed.company]
        report = services.report_create(
            actor=self.users["council" if seed.via_council else seed.company],
            company=company,
            filing_association=self.companies["council"] if seed.via_council else None,
            title=seed.title,
            description=seed.description,
            barrier_kind=self.kinds[seed.kind],
            destination_country=self.countries[seed.country],
            regulator=self.regulators[seed.regulator] if seed.regulator else None,
            hs_codes=[self.hs[code] for code in seed.hs],
            applied_on=seed.applied_on,
            decision_received_on=seed.decided_on,
            application_number=seed.application_number,
            consignments_affected=seed.consignments,
            trade_value_usd=value,
            consent_to_share=consent,
        )
        if seed.evidence:
            lines = [
                seed.evidence,
                f"{company.name} (IEC {company.iec})",
                f"Report {report.reference}: {seed.title}",
                f"Date: {seed.applied_on.isoformat()}",
                "Demo document generated by seed_demo.",
            ]
            upload = io.BytesIO(_pdf(lines))
            services.document_attach(
                report=report,
                actor=report.filed_by,
                upload=upload,
                name=f"{seed.evidence}.pdf",
            )
        return report

    def triage(self, seed: ReportSeed) -> None:
        report = self.reports[seed.key]
        official = self.triage_officer
        filer = report.filed_by
        for number, step in enumerate(seed.flow, start=1):
            with at(filed_on(seed) + dt.timedelta(days=2 * number)):
                report = self._triage_step(seed, report, step, official, filer)
        self.reports[seed.key] = report

    def _triage_step(
        self, seed: ReportSeed, report: Report, step: str, official: User, filer: User
    ) -> Report:
        """One step of a seed's flow, through the service layer; the report as it now stands."""
        if step == "review":
            return services.report_start_review(report=report, actor=official)
        if step == "ask":
            return services.report_request_info(
                report=report, actor=official, question=seed.question
            )
        if step == "answer":
            services.message_post(actor=filer, report=report, body=seed.answer)
            report.refresh_from_db()
            return report
        if step == "accept":
            report = services.report_accept(
                report=report, actor=official, barrier=self.barrier_for(seed)
            )
            self.barriers.setdefault(seed.barrier, report.barrier)
            return report
        if step == "reject":
            return services.report_reject(
                report=report, actor=official, reason=seed.reason, note=seed.note
            )
        if step == "withdraw":
            return services.report_withdraw(report=report, actor=filer, reason=seed.note)
        raise CommandError(f"Unknown step {step!r} in report {seed.key}")  # a typo in the seeds

    def barrier_for(self, seed: ReportSeed) -> Barrier | None:
        """The barrier the report joins; None lets report_accept build one from the report."""
        if seed.barrier in self.barriers:
            return self.barriers[seed.barrier]
        officials_seed = next((b for b in BARRIERS if b.key == seed.barrier), None)
        if officials_seed is None:
            return None
        barrier = services.barrier_create(
            actor=self.triage_officer,
            title=officials_seed.title,
            title_ru=officials_seed.title_ru,
            summary=officials_seed.summary,
            summary_ru=officials_seed.summary_ru,
            ask=officials_seed.ask,
            barrier_kind=self.kinds[officials_seed.kind],
            sector=officials_seed.sector,
            regulator=self.regulators[officials_seed.regulator],
            destination_country=self.countries[officials_seed.country],
            hs_codes=[self.hs[code] for code in officials_seed.hs],
            pending_on=officials_seed.pending_on,
            manual_priority=officials_seed.manual_priority,
            owner=self.triage_officer,
        )
        self.barriers[seed.barrier] = barrier
        return barrier

    # -- meetings -----------------------------------------------------------------------------

    def _participants(self, meeting: Meeting) -> None:
        meeting.eaeu_participants.set([self.regulators[code] for code in EAEU_PARTICIPANTS])

    def _score(self, barrier: Barrier, on: dt.date) -> tuple[Decimal, dict[str, dict[str, str]]]:
        """The routing rules' own score and breakdown, as of the cut-off date `on`."""
        from barriers import routing

        reports = list(barrier.reports.filter(status=ReportStatus.ACCEPTED))
        pending = [r.applied_on for r in reports if r.decision_received_on is None]
        usual = barrier.barrier_kind.usual_decision_days
        candidate = routing.Candidate(
            barrier_id=barrier.pk,
            reference=barrier.reference,
            created_at=barrier.created_at,
            track=barrier.regulator.remit if barrier.regulator else barrier.barrier_kind.remit,
            trade_value_usd=sum((r.trade_value_usd for r in reports), Decimal(0)),
            companies=len({r.company_id for r in reports}),
            days_overdue=max((on - min(pending)).days - usual, 0) if pending else 0,
            perishable=barrier.hs_codes.filter(perishable=True).exists(),
            manual_priority=barrier.manual_priority,
        )
        return routing.score(candidate, routing.Weights())

    def hold_past_meeting(self) -> None:
        secretary = self.secretary
        meeting = Meeting.objects.create(
            code="2026-Q2",
            date=PAST_MEETING_DATE,
            venue="Moscow",
            format=MeetingFormat.HYBRID,
            india_participants=INDIA_PARTICIPANTS,
            cutoff_on=PAST_CUTOFF,
            circulate_on=PAST_MEETING_DATE - dt.timedelta(days=CIRCULATE_DAYS),
            capacity=len([a for a in AGENDA if a.outcome]),  # a one-day hybrid session
            notes="Kazakhstan, Kyrgyzstan, Armenia and Belarus joined by video conference.",
        )
        self._participants(meeting)
        meeting = services.meeting_transition(
            meeting=meeting,
            to=MeetingStatus.AGENDA_DRAFT,
            actor=secretary,
            note="Agenda drafted at the cut-off.",
        )

        items: dict[str, AgendaItem] = {}
        scored = []
        for seed in AGENDA:
            barrier = self.barriers[seed.barrier]
            score, breakdown = self._score(barrier, PAST_CUTOFF)
            scored.append((seed, barrier, score, breakdown))
        # Agenda first, then the reserve list; within each, tracks in order, highest score first.
        scored.sort(key=lambda x: (x[0].outcome == "", x[0].track, -x[2]))
        for position, (seed, barrier, score, breakdown) in enumerate(scored, start=1):
            on_agenda = bool(seed.outcome)
            items[seed.barrier] = AgendaItem.objects.create(
                meeting=meeting,
                barrier=barrier,
                section=AgendaSection.AGENDA if on_agenda else AgendaSection.RESERVE,
                track=seed.track,
                position=position,
                score=score,
                score_breakdown=breakdown,
                reason=seed.manual_reason
                or (
                    f"Score {score}: USD {Decimal(breakdown['trade_value']['value']):,.0f} at "
                    f"stake, {breakdown['companies']['value']} company(ies), "
                    f"{breakdown['days_overdue']['value']} days overdue."
                ),
                manually_changed=bool(seed.manual_reason),
                escalate=seed.escalate,
                ask=barrier.ask,
            )

        with at(PAST_MEETING_DATE - dt.timedelta(days=CIRCULATE_DAYS)):
            meeting = services.meeting_transition(
                meeting=meeting,
                to=MeetingStatus.AGENDA_FROZEN,
                actor=secretary,
                note="Agenda agreed with the EEC secretariat and frozen.",
            )
            for seed in AGENDA:
                if seed.outcome:
                    services.barrier_transition(
                        barrier=self.barriers[seed.barrier],
                        to=BarrierStatus.SCHEDULED,
                        actor=secretary,
                        note="On the frozen agenda of the 2026-Q2 meeting.",
                    )
        with at(PAST_MEETING_DATE, hour=18):
            meeting = services.meeting_transition(
                meeting=meeting,
                to=MeetingStatus.HELD,
                actor=secretary,
                note="Held in Moscow on 2026-06-17.",
            )
        self._record_past_outcomes(meeting, items)

    def _record_past_outcomes(self, meeting: Meeting, items: dict[str, AgendaItem]) -> None:
        secretary = self.secretary

        recorded_at = dt.datetime(2026, 6, 18, 17, 0, tzinfo=MOSCOW)
        with at(recorded_at):
            self._record_items(meeting, items, recorded_at)
        with at(PAST_MEETING_DATE + dt.timedelta(days=8)):
            services.meeting_transition(
                meeting=meeting,
                to=MeetingStatus.CLOSED,
                actor=secretary,
                note="Minutes agreed by both sides; outcomes sent to exporters.",
            )

    def _record_items(
        self, meeting: Meeting, items: dict[str, AgendaItem], recorded_at: dt.datetime
    ) -> None:
        secretary = self.secretary
        for seed in AGENDA:
            if not seed.outcome:
                continue
            item = items[seed.barrier]
            item.outcome = seed.outcome
            item.statement_india = seed.statement_india
            item.statement_eaeu = seed.statement_eaeu
            item.counterpart_commitment = seed.commitment
            item.outcome_recorded_at = recorded_at
            item.outcome_recorded_by = secretary
            item.save()
            for status in seed.path:
                note = (
                    "Raised at the 2026-Q2 meeting."
                    if status == RAISED
                    else f"2026-Q2 outcome: {Outcome(seed.outcome).label.lower()}. "
                    f"{seed.commitment}".strip()
                )
                self.barriers[seed.barrier] = services.barrier_transition(
                    barrier=self.barriers[seed.barrier], to=status, actor=secretary, note=note
                )

        for seed in ACTIONS:
            ActionPoint.objects.create(
                meeting=meeting,
                agenda_item=items[seed.barrier],
                barrier=self.barriers[seed.barrier],
                description=seed.description,
                party=seed.party,
                owner_agency=seed.owner_agency,
                regulator=self.regulators[seed.regulator] if seed.regulator else None,
                owner=secretary if seed.party == Party.INDIA else None,
                due_on=seed.due_on,
                status=ActionPointStatus.DONE if seed.completed_on else ActionPointStatus.OPEN,
                completed_on=seed.completed_on,
                evidence=seed.evidence,
            )

    def plan_next_meeting(self) -> None:
        meeting = Meeting.objects.create(
            code="2026-Q4",
            date=NEXT_MEETING_DATE,
            venue="New Delhi (Vanijya Bhawan)",
            format=MeetingFormat.HYBRID,
            india_participants=INDIA_PARTICIPANTS,
            cutoff_on=NEXT_MEETING_DATE - dt.timedelta(days=CUTOFF_DAYS),
            circulate_on=NEXT_MEETING_DATE - dt.timedelta(days=CIRCULATE_DAYS),
            capacity=20,
            notes="Items deferred at 2026-Q2 (grapes to Kazakhstan, pomegranates) carry over.",
        )
        self._participants(meeting)
