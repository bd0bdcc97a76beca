"""What the two versions of "Move your connector from preview to GA" say (PRODUCT §2).

The one home of every GA fact cloudprep shows: each criterion's title, threshold, meaning and
where its number comes from, the MAC note, the exception, and the two ways of raising the GA
request. The evaluation (`cloudprep.core.ga`), the wizard (beside each input), the checklist
and SUBMISSION.md all read them from here.

The two versions of the page differ on where the numbers come from. They are named "the
undated version" and "the version dated 04/05/2025"; neither is called newer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

PAGE_TITLE = "Move your connector from preview to GA"
UNDATED_VERSION = "the undated version"
DATED_VERSION = "the version dated 04/05/2025"


class NumberSource(NamedTuple):
    """Where a criterion's value comes from, per each version of the page."""

    undated: str
    dated: str

    def describe(self) -> str:
        return (
            f"Per {UNDATED_VERSION} of the page: {self.undated}. Per {DATED_VERSION}: {self.dated}."
        )


_ASK_TEAM = "contact the Microsoft team"
_ISV_PORTAL = "connector telemetry in the ISV portal"
_NOT_IN_PORTAL = "not in the ISV portal; ask your Microsoft contact"
_BACKEND_STATEMENT = (
    "Your own statement about the backend service and your support; not a telemetry number."
)


class CriterionFacts(NamedTuple):
    """One GA criterion as the pages state it. A numeric criterion has a `minimum` (met when
    the value is at least it, or strictly above it when `inclusive` is False); a yes/no one
    has a `condition` instead."""

    id: str
    title: str
    required: bool
    meaning: str
    fields: tuple[str, ...]
    """The project-file fields the criterion is measured from (dotted paths)."""
    pages: NumberSource | None
    """Where each version of the page says the value comes from; None for a statement the
    publisher makes itself (then `own_source` says so)."""
    minimum: Decimal | None = None
    inclusive: bool = True
    unit: str = ""
    condition: str = ""
    interpretation: str | None = None
    """cloudprep's reading of an ambiguous source sentence, always shown as one."""
    note: str | None = None
    own_source: str = ""
    source_brief: str = ""
    """Where the number comes from, in a few words (the reviewer's table)."""

    @property
    def source(self) -> str:
        """Where the value comes from, in one or two sentences for the user."""
        return self.pages.describe() if self.pages else self.own_source

    @property
    def threshold(self) -> str:
        if self.minimum is None:
            return self.condition
        op = ">=" if self.inclusive else ">"
        unit = f" {self.unit}" if self.unit else ""
        return f"{op} {self.minimum}{unit}"


MAC_NOTE = (
    'In the criteria list, MAC means "monthly active connections", the meaning cloudprep '
    'uses. Both pages also expand MAC as "maximum allowable cost" in their "Find your '
    'connector criteria" section.'
)

SUCCESS_RATE_QUOTE = (
    '"the percentage of responses in the 100s, responses in the 200s, responses in the 300s, '
    "and so on… doesn't include failures due to throttling.\""
)
SUCCESS_RATE_INTERPRETATION = (
    "Interpretation: success means the classes 1xx–3xx, divided by all responses minus the "
    "throttled ones (throttled responses are their own count, not part of 4xx)."
)
WEEKLY_USERS_INTERPRETATION = (
    'Interpretation: "over the last three weeks" is read as each of the three weeks reaching 500.'
)

R1 = CriterionFacts(
    id="R1",
    source_brief="publisher's statement",
    title="Backend service in production",
    required=True,
    meaning="The backend service APIs the connector uses are in production.",
    fields=("ga.backend_in_production",),
    pages=None,
    own_source=_BACKEND_STATEMENT,
    condition="in production",
)
R2 = CriterionFacts(
    id="R2",
    source_brief="Microsoft team",
    title="Connector availability",
    required=True,
    meaning=(
        "Connector availability is at least 99.95 %. Only connector-caused issues count; "
        "backend issues are excluded."
    ),
    fields=("ga.availability_pct",),
    pages=NumberSource(undated=f"reliability is {_NOT_IN_PORTAL}", dated=_ASK_TEAM),
    minimum=Decimal("99.95"),
    unit="%",
)
R3 = CriterionFacts(
    id="R3",
    source_brief="Microsoft team",
    title="SLO",
    required=True,
    meaning="The SLO is at least 99.5 %: the share of connections that meet the SLA bar.",
    fields=("ga.slo_pct",),
    pages=NumberSource(undated=f"SLOs are {_NOT_IN_PORTAL}", dated=_ASK_TEAM),
    minimum=Decimal("99.5"),
    unit="%",
)
R4 = CriterionFacts(
    id="R4",
    source_brief="connector telemetry or Microsoft team",
    title="Success rate",
    required=True,
    meaning=("The success rate is greater than 80 %. The source says: " + SUCCESS_RATE_QUOTE),
    fields=("ga.success_rate_pct", "ga.responses"),
    pages=NumberSource(undated=_ISV_PORTAL, dated=_ASK_TEAM),
    minimum=Decimal(80),
    inclusive=False,
    unit="%",
    interpretation=SUCCESS_RATE_INTERPRETATION,
)
R5 = CriterionFacts(
    id="R5",
    source_brief="publisher's statement",
    title="Support matches the backend",
    required=True,
    meaning=(
        "Support availability for the connector matches the support model of the backend "
        "service (e.g. 5 days a week, 8am–5pm PT)."
    ),
    fields=("ga.support_matches_backend",),
    pages=None,
    own_source=_BACKEND_STATEMENT,
    condition="matches the backend's support model",
)
U1 = CriterionFacts(
    id="U1",
    source_brief="Microsoft team",
    title="Weekly active users",
    required=False,
    meaning='At least 500 weekly active users "over the last three weeks".',
    fields=("ga.weekly_active_users",),
    pages=NumberSource(
        undated=(
            "not named (the page names ISV portal telemetry for MAC and the success rate "
            "only; check there or ask your Microsoft contact)"
        ),
        dated=_ASK_TEAM,
    ),
    minimum=Decimal(500),
    unit="each week",
    interpretation=WEEKLY_USERS_INTERPRETATION,
)
U2 = CriterionFacts(
    id="U2",
    source_brief="connector telemetry or Microsoft team",
    title="Monthly active connections (MAC)",
    required=False,
    meaning="At least 50 monthly active connections (MAC) at any given time.",
    fields=("ga.monthly_active_connections",),
    pages=NumberSource(undated=_ISV_PORTAL, dated=_ASK_TEAM),
    minimum=Decimal(50),
    note=MAC_NOTE,
)

EXCEPTION_PREVIEW_MONTHS = 6
EXCEPTION_SUCCESS_MINIMUM = Decimal(50)
EXCEPTION_REQUIRED_IDS = ("R1", "R2", "R3", "R5")
"""The required criteria the exception keeps as they are (R4 is relaxed to 50 %)."""

EXCEPTION = CriterionFacts(
    id="EX",
    source_brief="publisher's statement",
    title="6-month exception",
    required=False,
    meaning=(
        "For a customer who requires the connector in production: the connector has been in "
        f"preview for at least {EXCEPTION_PREVIEW_MONTHS} months and meets every required "
        f"criterion, except that the success rate only needs to be at least "
        f"{EXCEPTION_SUCCESS_MINIMUM} %."
    ),
    fields=("ga.customer_requires_production", "ga.preview_start", "ga.as_of"),
    pages=None,
    own_source=(
        "Your own statement of the customer's requirement and of the preview start date; "
        "R1, R2, R3, R5 and the success rate come from where each of them says."
    ),
    condition=(
        f">= {EXCEPTION_PREVIEW_MONTHS} calendar months of preview; "
        f"{', '.join(EXCEPTION_REQUIRED_IDS)} pass; success rate >= {EXCEPTION_SUCCESS_MINIMUM} %"
    ),
)

GA_CRITERIA: tuple[CriterionFacts, ...] = (R1, R2, R3, R4, R5, U1, U2)
"""The criteria in the checklist's order; the exception is `EXCEPTION`."""


def criterion_facts(criterion_id: str) -> CriterionFacts:
    """The facts for "R1".."R5", "U1", "U2" or "EX"; KeyError for any other id."""
    for facts in (*GA_CRITERIA, EXCEPTION):
        if facts.id == criterion_id:
            return facts
    raise KeyError(criterion_id)


def facts_for_field(field_path: str) -> CriterionFacts | None:
    """The criterion a project-file field (e.g. `ga.slo_pct`) feeds, for the wizard's help."""
    for facts in (*GA_CRITERIA, EXCEPTION):
        if field_path in facts.fields:
            return facts
    return None


class RequestRoute(NamedTuple):
    """One way of raising the GA request, as one version of the page describes it."""

    page_version: str
    how: str


GA_REQUEST_ROUTES: tuple[RequestRoute, ...] = (
    RequestRoute(
        UNDATED_VERSION,
        "raise a request in ISV Studio activity control, in the connector request "
        "(ISV Studio was retired on 2024-05-31; Microsoft points publishers to Partner Center)",
    ),
    RequestRoute(DATED_VERSION, "raise a request with the Microsoft team"),
)
GA_REQUEST_EMAIL_NOTE = (
    'Both versions mention "the email in the Request the move to GA section" but give no '
    "address; cloudprep does not supply one."
)
GA_MOVE_DURATION = "The move to GA takes about a month once the criteria are met."
