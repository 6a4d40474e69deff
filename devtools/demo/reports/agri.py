"""Reports from the agricultural exporters: meat, rice, fruit, tea and spices, then Central Asia."""

from __future__ import annotations

from barriers.models import RejectionReason
from devtools.demo.seeds import ReportSeed
from devtools.demo.timeline import d

AGRI_REPORTS: tuple[ReportSeed, ...] = (
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
)

AGRI_CENTRAL_ASIA_REPORTS: tuple[ReportSeed, ...] = (
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
