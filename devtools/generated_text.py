"""The words generate_data writes with: goods, barrier kinds, regulators and countries in the
English and Russian forms a sentence needs, so that generated titles and summaries read as an
official or an exporter would write them and search meets real word forms.

Russian needs the case a template puts a word in: "Россельхознадзор не принимает решения",
"не рассматриваются Россельхознадзором", "для замороженных креветок", "в Казахстане". Each entry
gives the forms the templates of generate_data use; anything not listed (a regulator or code
added later) falls back to its reference name, in the nominative, where a template allows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from barriers.models import BarrierKind, Country, HSCode, Regulator


@dataclass(frozen=True)
class Goods:
    """A product: one item in English ("frozen shrimp"), the Russian nominative and genitive
    plural or mass forms ("замороженные креветки", "замороженных креветок")."""

    item: str
    nom: str
    gen: str


# The curated codes of fixtures/reference.json.
GOODS: dict[str, Goods] = {
    "030617": Goods("frozen shrimp", "замороженные креветки", "замороженных креветок"),
    "030616": Goods(
        "cold-water shrimp",
        "замороженные холодноводные креветки",
        "замороженных холодноводных креветок",
    ),
    "030636": Goods("chilled shrimp", "охлаждённые креветки", "охлаждённых креветок"),
    "030695": Goods("cooked shrimp", "варёные креветки", "варёных креветок"),
    "030614": Goods("frozen crab", "замороженные крабы", "замороженных крабов"),
    "030743": Goods(
        "frozen squid", "замороженные кальмары и каракатицы", "замороженных кальмаров и каракатиц"
    ),
    "030749": Goods("dried squid", "сушёные кальмары", "сушёных кальмаров"),
    "030752": Goods("frozen octopus", "замороженные осьминоги", "замороженных осьминогов"),
    "030342": Goods(
        "yellowfin tuna", "замороженный желтопёрый тунец", "замороженного желтопёрого тунца"
    ),
    "030353": Goods("frozen sardine", "замороженные сардины", "замороженных сардин"),
    "030354": Goods("frozen mackerel", "замороженная скумбрия", "замороженной скумбрии"),
    "030389": Goods("frozen ribbonfish", "замороженная рыба-сабля", "замороженной рыбы-сабли"),
    "030289": Goods("chilled fish", "охлаждённая рыба", "охлаждённой рыбы"),
    "030487": Goods("tuna fillet", "филе тунца", "филе тунца"),
    "030489": Goods("fish fillet", "мороженое рыбное филе", "мороженого рыбного филе"),
    "030499": Goods("surimi", "фарш сурими", "фарша сурими"),
    "030559": Goods("dried fish", "сушёная рыба", "сушёной рыбы"),
    "160414": Goods("canned tuna", "консервы из тунца", "консервов из тунца"),
    "160419": Goods("canned fish", "рыбные консервы", "рыбных консервов"),
    "160420": Goods("surimi product", "изделия из сурими", "изделий из сурими"),
    "160521": Goods("prepared shrimp", "готовые креветки", "готовых креветок"),
    "160529": Goods("canned shrimp", "консервированные креветки", "консервированных креветок"),
    "160554": Goods(
        "prepared squid", "готовые кальмары и каракатицы", "готовых кальмаров и каракатиц"
    ),
    "230120": Goods("fish meal", "рыбная мука", "рыбной муки"),
    "020230": Goods("buffalo meat", "замороженное мясо буйволов", "замороженного мяса буйволов"),
    "020629": Goods("frozen offal", "замороженные субпродукты", "замороженных субпродуктов"),
    "040210": Goods(
        "skimmed milk powder", "сухое обезжиренное молоко", "сухого обезжиренного молока"
    ),
    "040590": Goods("ghee", "топлёное масло гхи", "топлёного масла гхи"),
    "040690": Goods("hard cheese", "твёрдые сыры", "твёрдых сыров"),
    "040891": Goods("egg powder", "яичный порошок", "яичного порошка"),
    "040900": Goods("natural honey", "натуральный мёд", "натурального мёда"),
    "070310": Goods("onion", "репчатый лук", "репчатого лука"),
    "071290": Goods("dried vegetable", "сушёные овощи", "сушёных овощей"),
    "080132": Goods("cashew kernel", "ядра кешью", "ядер кешью"),
    "080390": Goods("banana", "бананы", "бананов"),
    "080450": Goods("mango", "свежие манго", "свежих манго"),
    "080610": Goods("table grape", "свежий виноград", "свежего винограда"),
    "080620": Goods("raisin", "изюм", "изюма"),
    "081090": Goods("pomegranate", "гранаты", "гранатов"),
    "090111": Goods("green coffee bean", "необжаренный кофе", "необжаренного кофе"),
    "090121": Goods("roasted coffee", "жареный кофе", "жареного кофе"),
    "090210": Goods("green tea", "зелёный чай", "зелёного чая"),
    "090230": Goods(
        "packed black tea", "чёрный чай в мелкой упаковке", "чёрного чая в мелкой упаковке"
    ),
    "090240": Goods("bulk black tea", "чёрный чай", "чёрного чая"),
    "090411": Goods("black pepper", "чёрный перец", "чёрного перца"),
    "090421": Goods("dried chilli", "сушёный перец чили", "сушёного перца чили"),
    "090422": Goods("chilli powder", "молотый перец чили", "молотого перца чили"),
    "090831": Goods("cardamom", "кардамон", "кардамона"),
    "090931": Goods("cumin seed", "семена кумина", "семян кумина"),
    "091030": Goods("turmeric", "куркума", "куркумы"),
    "091091": Goods("spice mix", "смеси пряностей", "смесей пряностей"),
    "100630": Goods("basmati rice", "рис басмати", "риса басмати"),
    "100640": Goods("broken rice", "дроблёный рис", "дроблёного риса"),
    "120242": Goods("groundnut", "арахис", "арахиса"),
    "120740": Goods("sesame seed", "кунжут", "кунжута"),
    "240110": Goods("tobacco leaf", "табачный лист", "табачного листа"),
    "240120": Goods("stripped tobacco", "табачное сырьё", "табачного сырья"),
    "200899": Goods("mango pulp", "манговое пюре", "мангового пюре"),
    "200820": Goods("canned pineapple", "консервированные ананасы", "консервированных ананасов"),
    "210111": Goods("instant coffee", "растворимый кофе", "растворимого кофе"),
    "210120": Goods("tea extract", "чайные экстракты", "чайных экстрактов"),
    "170490": Goods("sugar confectionery", "кондитерские изделия", "кондитерских изделий"),
    "210690": Goods("ready-to-eat meal", "готовые блюда", "готовых блюд"),
}


@dataclass(frozen=True)
class Step:
    """A barrier kind as the step an official writes about: its delay ("задержка выдачи
    ветеринарного сертификата", genitive) and what an application asks for ("заявки на выдачу
    ветеринарного сертификата", accusative)."""

    delay: str
    asked: str


STEPS: dict[str, Step] = {
    "eac_conformity": Step(
        "выдачи сертификатов соответствия ЕАЭС", "выдачу сертификатов соответствия ЕАЭС"
    ),
    "veterinary_certificate": Step(
        "выдачи ветеринарных сертификатов", "выдачу ветеринарных сертификатов"
    ),
    "phytosanitary_certificate": Step(
        "выдачи фитосанитарного сертификата", "выдачу фитосанитарного сертификата"
    ),
    "establishment_listing": Step(
        "включения предприятий в реестр организаций третьих стран",
        "включение предприятий в реестр организаций третьих стран",
    ),
    "state_registration": Step("государственной регистрации", "государственную регистрацию"),
    "laboratory_testing": Step(
        "проведения лабораторных исследований", "проведение лабораторных исследований"
    ),
    "import_permit": Step("выдачи разрешений на ввоз", "выдачу разрешения на ввоз"),
    "inspection_audit": Step("проведения инспекции предприятий", "проведение инспекции"),
    "labelling_approval": Step(
        "подтверждения соответствия маркировки", "подтверждение соответствия маркировки"
    ),
    "other": Step("выдачи разрешительных документов", "выдачу разрешительных документов"),
}


@dataclass(frozen=True)
class Authority:
    """A regulator in the nominative, genitive and instrumental."""

    nom: str
    gen: str
    ins: str


def _same(name: str) -> Authority:
    return Authority(name, name, name)


AUTHORITIES: dict[str, Authority] = {
    "eec": Authority(
        "Евразийская экономическая комиссия",
        "Евразийской экономической комиссии",
        "Евразийской экономической комиссией",
    ),
    "ru-fsvps": Authority("Россельхознадзор", "Россельхознадзора", "Россельхознадзором"),
    "ru-rpn": Authority("Роспотребнадзор", "Роспотребнадзора", "Роспотребнадзором"),
    "ru-fsa": Authority("Росаккредитация", "Росаккредитации", "Росаккредитацией"),
    "ru-fcs": _same("ФТС России"),
    "ru-arriah": _same("ФГБУ «ВНИИЗЖ»"),
    "ru-vniikr": _same("ФГБУ «ВНИИКР»"),
    "ru-ncbrsp": _same("ФГБУ «НЦБРСП»"),
    "ru-grain-centre": Authority(
        "Центр оценки качества зерна",
        "Центра оценки качества зерна",
        "Центром оценки качества зерна",
    ),
    "kz-moa-cvcs": Authority(
        "Комитет ветеринарного контроля и надзора МСХ РК",
        "Комитета ветеринарного контроля и надзора МСХ РК",
        "Комитетом ветеринарного контроля и надзора МСХ РК",
    ),
    "kz-moa-sic-aic": Authority(
        "Комитет государственной инспекции в АПК МСХ РК",
        "Комитета государственной инспекции в АПК МСХ РК",
        "Комитетом государственной инспекции в АПК МСХ РК",
    ),
    "kz-moh-sec": Authority(
        "Комитет санитарно-эпидемиологического контроля МЗ РК",
        "Комитета санитарно-эпидемиологического контроля МЗ РК",
        "Комитетом санитарно-эпидемиологического контроля МЗ РК",
    ),
    "by-moa-dvfs": Authority(
        "Департамент ветеринарного и продовольственного надзора Минсельхозпрода",
        "Департамента ветеринарного и продовольственного надзора Минсельхозпрода",
        "Департаментом ветеринарного и продовольственного надзора Минсельхозпрода",
    ),
    "by-ggiskzr": _same("ГУ «ГГИСКЗР»"),
    "kg-vet-service": Authority(
        "Служба ветеринарии Кыргызской Республики",
        "Службы ветеринарии Кыргызской Республики",
        "Службой ветеринарии Кыргызской Республики",
    ),
    "kg-dcppq": Authority(
        "Департамент химизации, защиты и карантина растений",
        "Департамента химизации, защиты и карантина растений",
        "Департаментом химизации, защиты и карантина растений",
    ),
    "kg-sivps": Authority(
        "Госинспекция по ветеринарной и фитосанитарной безопасности",
        "Госинспекции по ветеринарной и фитосанитарной безопасности",
        "Госинспекцией по ветеринарной и фитосанитарной безопасности",
    ),
    "am-fsib": Authority(
        "Инспекционный орган по безопасности пищевых продуктов",
        "Инспекционного органа по безопасности пищевых продуктов",
        "Инспекционным органом по безопасности пищевых продуктов",
    ),
}
# Where a barrier has no regulator, the union's commission answers for the rule.
NO_REGULATOR = AUTHORITIES["eec"]

# "в России": where a consignment waits.
IN_COUNTRY = {
    "RU": "в России",
    "BY": "в Беларуси",
    "KZ": "в Казахстане",
    "KG": "в Кыргызстане",
    "AM": "в Армении",
}


def goods(code: HSCode) -> Goods:
    """The words for `code`; a code outside the curated list is named by its English
    description and, in Russian, by its number."""
    known = GOODS.get(code.code)
    if known is not None:
        return known
    item = code.description.split(",")[0].split("(")[0].split(";")[0].strip().lower()
    return Goods(
        item or f"HS {code.code} goods",
        f"товары по коду ТН ВЭД {code.code}",
        f"товаров по коду ТН ВЭД {code.code}",
    )


def step(kind: BarrierKind) -> Step:
    known = STEPS.get(kind.code)
    if known is not None:
        return known
    name = kind.name_ru.lower()
    return Step(f"решения по процедуре «{name}»", f"процедуру «{name}»")


def authority(regulator: Regulator | None) -> Authority:
    if regulator is None:
        return NO_REGULATOR
    return AUTHORITIES.get(regulator.code) or _same(regulator.abbreviation_ru or regulator.name_ru)


def in_country(country: Country) -> str:
    return IN_COUNTRY.get(country.code) or f"в стране назначения ({country.name_ru})"


def russian_words(
    *, codes: list[HSCode], kind: BarrierKind, regulator: Regulator | None, country: Country
) -> dict[str, str]:
    """The placeholders of the Russian templates for one subject."""
    product, action, body = goods(codes[0]), step(kind), authority(regulator)
    return {
        "goods_nom": product.nom,
        "goods_gen": product.gen,
        "delay": action.delay,
        "asked": action.asked,
        "reg_nom": body.nom,
        "reg_gen": body.gen,
        "reg_ins": body.ins,
        "in_country": in_country(country),
        "code": codes[0].code,
    }
