"""Reports from the marine exporters: listing and laboratory control, then permits and audits."""

from __future__ import annotations

from barriers.models import RejectionReason
from devtools.demo.seeds import ReportSeed
from devtools.demo.timeline import d

MARINE_CONTROL_REPORTS: tuple[ReportSeed, ...] = (
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
)

MARINE_PERMIT_REPORTS: tuple[ReportSeed, ...] = (
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
)
