"""Reference data: the technical regulations and decisions a regulator's position cites."""

from __future__ import annotations

import datetime as dt

from django.db import migrations

TR = "technical_regulation"
DECISION = "decision"

# (code, kind, number, number_ru, title, title_ru, adopted_by, adopted_on)
LEGAL_BASES = [
    (
        "tr-cu-021-2011",
        TR,
        "TR CU 021/2011",
        "ТР ТС 021/2011",
        "On food safety",
        "О безопасности пищевой продукции",
        "CU Commission Decision No. 880",
        dt.date(2011, 12, 9),
    ),
    (
        "tr-cu-022-2011",
        TR,
        "TR CU 022/2011",
        "ТР ТС 022/2011",
        "Food products in terms of their labelling",
        "Пищевая продукция в части ее маркировки",
        "CU Commission Decision No. 881",
        dt.date(2011, 12, 9),
    ),
    (
        "tr-cu-015-2011",
        TR,
        "TR CU 015/2011",
        "ТР ТС 015/2011",
        "On safety of grain",
        "О безопасности зерна",
        "CU Commission Decision No. 874",
        dt.date(2011, 12, 9),
    ),
    (
        "tr-cu-033-2013",
        TR,
        "TR CU 033/2013",
        "ТР ТС 033/2013",
        "On safety of milk and dairy products",
        "О безопасности молока и молочной продукции",
        "EEC Council Decision No. 67",
        dt.date(2013, 10, 9),
    ),
    (
        "tr-cu-034-2013",
        TR,
        "TR CU 034/2013",
        "ТР ТС 034/2013",
        "On safety of meat and meat products",
        "О безопасности мяса и мясной продукции",
        "EEC Council Decision No. 68",
        dt.date(2013, 10, 9),
    ),
    (
        "tr-eaeu-040-2016",
        TR,
        "TR EAEU 040/2016",
        "ТР ЕАЭС 040/2016",
        "On safety of fish and fish products",
        "О безопасности рыбы и рыбной продукции",
        "EEC Council Decision No. 162",
        dt.date(2016, 10, 18),
    ),
    (
        "cu-commission-decision-299",
        DECISION,
        "CU Commission Decision No. 299",
        "Решение Комиссии Таможенного союза № 299",
        "On the application of sanitary measures in the EAEU (Unified Sanitary Requirements)",
        "О применении санитарных мер в Евразийском экономическом союзе",
        "Customs Union Commission",
        dt.date(2010, 5, 28),
    ),
    (
        "cu-commission-decision-317",
        DECISION,
        "CU Commission Decision No. 317",
        "Решение Комиссии Таможенного союза № 317",
        "On the application of veterinary and sanitary measures in the EAEU",
        "О применении ветеринарно-санитарных мер в Евразийском экономическом союзе",
        "Customs Union Commission",
        dt.date(2010, 6, 18),
    ),
    (
        "cu-commission-decision-607",
        DECISION,
        "CU Commission Decision No. 607",
        "Решение Комиссии Таможенного союза № 607",
        "On the forms of common veterinary certificates for goods imported from third countries",
        "О формах единых ветеринарных сертификатов на ввозимые на таможенную территорию "
        "Таможенного союза подконтрольные товары из третьих стран",
        "Customs Union Commission",
        dt.date(2011, 4, 7),
    ),
    (
        "cu-commission-decision-834",
        DECISION,
        "CU Commission Decision No. 834",
        "Решение Комиссии Таможенного союза № 834",
        "On the register of establishments producing, processing or storing controlled goods",
        "О формировании Реестра организаций и лиц, осуществляющих производство, переработку "
        "и (или) хранение подконтрольных товаров, ввозимых на таможенную территорию "
        "Таможенного союза",
        "Customs Union Commission",
        dt.date(2011, 10, 18),
    ),
    (
        "eec-council-decision-94",
        DECISION,
        "EEC Council Decision No. 94",
        "Решение Совета ЕЭК № 94",
        "Regulation on the uniform procedure for joint inspections of facilities and sampling "
        "of goods under veterinary control",
        "О Положении о едином порядке проведения совместных проверок объектов и отбора проб "
        "товаров (продукции), подлежащих ветеринарному контролю (надзору)",
        "Council of the Eurasian Economic Commission",
        dt.date(2014, 10, 9),
    ),
    (
        "eec-council-decision-149",
        DECISION,
        "EEC Council Decision No. 149",
        "Решение Совета ЕЭК № 149",
        "On cooperation of member states' authorities when temporary sanitary, veterinary or "
        "phytosanitary measures are imposed",
        "О порядке взаимодействия уполномоченных органов государств – членов Евразийского "
        "экономического союза при введении временных санитарных, ветеринарно-санитарных и "
        "карантинных фитосанитарных мер",
        "Council of the Eurasian Economic Commission",
        dt.date(2016, 5, 16),
    ),
    (
        "eec-council-decision-157",
        DECISION,
        "EEC Council Decision No. 157",
        "Решение Совета ЕЭК № 157",
        "Common Quarantine Phytosanitary Requirements",
        "Об утверждении Единых карантинных фитосанитарных требований, предъявляемых к "
        "подкарантинной продукции и подкарантинным объектам на таможенной границе и на "
        "таможенной территории Евразийского экономического союза",
        "Council of the Eurasian Economic Commission",
        dt.date(2016, 11, 30),
    ),
    (
        "eec-council-decision-158",
        DECISION,
        "EEC Council Decision No. 158",
        "Решение Совета ЕЭК № 158",
        "Unified list of quarantine pests of the EAEU",
        "Об утверждении единого перечня карантинных объектов Евразийского экономического союза",
        "Council of the Eurasian Economic Commission",
        dt.date(2016, 11, 30),
    ),
]


def load(apps, schema_editor):
    LegalBasis = apps.get_model("barriers", "LegalBasis")
    for position, row in enumerate(LEGAL_BASES, start=1):
        code, kind, number, number_ru, title, title_ru, adopted_by, adopted_on = row
        LegalBasis.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "number": number,
                "number_ru": number_ru,
                "title": title,
                "title_ru": title_ru,
                "adopted_by": adopted_by,
                "adopted_on": adopted_on,
                "position": position,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("barriers", "LegalBasis").objects.filter(
        code__in=[row[0] for row in LEGAL_BASES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("barriers", "0023_counterpart_exchanges_and_deadlines")]

    operations = [migrations.RunPython(load, unload)]
