"""The past meeting's agenda, outcomes and action points, and who attends the meetings."""

from __future__ import annotations

from barriers.models import BarrierStatus, Outcome, Party
from devtools.demo.seeds import ActionSeed, AgendaSeed
from devtools.demo.timeline import d

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
