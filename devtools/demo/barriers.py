"""Barriers officials open themselves (with Russian text and the ask), and the notes they keep.

Other barriers come from a report: the first accepted report with a barrier key not in BARRIERS
creates it.
"""

from __future__ import annotations

from barriers.models import PendingOn, Sector
from devtools.demo.seeds import BarrierSeed

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
