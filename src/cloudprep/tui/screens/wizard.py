"""The first three steps: the connector, GA readiness and the target clouds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from cloudprep.core.catalog import load_catalog
from cloudprep.core.ga import CriterionResult, GaEvaluation, Verdict, evaluate_ga
from cloudprep.core.ga_facts import (
    EXCEPTION,
    GA_MOVE_DURATION,
    GA_REQUEST_EMAIL_NOTE,
    GA_REQUEST_ROUTES,
    PAGE_TITLE,
    R1,
    R2,
    R3,
    R4,
    R5,
    U1,
    U2,
    CriterionFacts,
)
from cloudprep.core.models import IDENTITY_PROVIDERS, AuthKind, HostMode, ResponseCounts
from cloudprep.tui.project_paths import (
    FieldValueError,
    format_value,
    get_value,
    parse_text,
    set_value,
)
from cloudprep.tui.screens.base import TRI_STATE_OPTIONS, WizardScreen, tri_state_text
from cloudprep.tui.steps import CLOUDS, CONNECTOR, GA
from cloudprep.tui.validators import ProjectFieldValidator
from cloudprep.tui.widgets.field import (
    FieldCheckbox,
    FieldInput,
    FieldRow,
    FieldSelect,
    TickList,
    widget_id,
)

AUTH_LABELS = {
    AuthKind.OAUTH2: "OAuth 2.0",
    AuthKind.API_KEY: "API key",
    AuthKind.BASIC: "Basic (user name and password)",
    AuthKind.NONE: "None",
}


class _FieldsMixin(WizardScreen):
    def text_field(
        self,
        path: str,
        label: str,
        *help_lines: str,
        kind: str = "optional_text",
        placeholder: str = "",
    ) -> FieldRow:
        """A FieldRow with a validated input for the project field at `path`."""
        # Plain text even for numbers: Textual's number inputs drop a decimal comma as it
        # is typed (99,97 became 9997); the core reads numbers as people write them.
        field = FieldInput(
            path,
            kind,
            value=format_value(get_value(self.session.project, path)),
            placeholder=placeholder,
            validators=[ProjectFieldValidator(self.session, path, kind)],
        )
        return FieldRow(label, field, *help_lines)

    def tri_state_field(self, path: str, label: str, *help_lines: str) -> FieldRow:
        value = get_value(self.session.project, path)
        select = FieldSelect(
            path, [(a, b) for a, b in TRI_STATE_OPTIONS], value=tri_state_text(value)
        )
        return FieldRow(label, select, *help_lines)


# --- 1. Connector ---------------------------------------------------------------------------


class ConnectorScreen(_FieldsMixin):
    step_key = CONNECTOR

    def compose_body(self) -> ComposeResult:
        connector = self.session.project.connector
        yield Static(
            "The connector as it is published today in the commercial cloud. An import "
            "fills these fields from the connector's files.",
            classes="intro",
        )
        yield self.text_field(
            "connector.name",
            "Internal name",
            "The internal API name Microsoft assigned: lowercase, without the shared_ "
            "prefix (e.g. teamforms). It is part of every consent redirect, and it cannot be "
            "derived from the display name. Find it in the connector's URL in the maker "
            "portal, or ask your Microsoft contact (ISV Studio, which showed it, was retired "
            "in 2024).",
            placeholder="e.g. teamforms",
        )
        yield self.text_field("connector.display_name", "Display name", kind="text")
        yield self.text_field("connector.publisher", "Publisher", kind="text")
        yield FieldRow(
            "Authentication",
            FieldSelect(
                "connector.auth",
                [(AUTH_LABELS[k], k.value) for k in AuthKind],
                value=connector.auth.value,
            ),
            self._auth_options_text(),
        )
        with Vertical(id="oauth-section"):
            row = self.text_field(
                "connector.identity_provider",
                "Identity provider",
                "aad (Entra ID), aadcertificate, oauth2, oauth2generic, or another name.",
                placeholder="aad",
            )
            field = row.control
            if isinstance(field, FieldInput):
                field.suggester = SuggestFromList(list(IDENTITY_PROVIDERS), case_sensitive=False)
            yield row
            yield self.text_field(
                "connector.oauth.login_uri",
                "Commercial login URI",
                placeholder="not set (e.g. https://login.microsoftonline.com)",
            )
            yield self.text_field(
                "connector.oauth.resource_uri",
                "Commercial resource URI",
                placeholder="not set (e.g. https://graph.microsoft.com)",
            )
            yield self.text_field("connector.oauth.client_id", "Commercial client id")
        yield self.text_field(
            "connector.endpoint.url",
            "Commercial endpoint",
            "The backend base URL the connector calls today.",
            placeholder="not set (e.g. https://api.contoso.com/v1)",
        )
        yield FieldRow(
            "Host mode",
            FieldSelect(
                "connector.endpoint.host_mode",
                [
                    ("Fixed host", HostMode.FIXED.value),
                    ("Per connection (the user supplies the host)", HostMode.PER_CONNECTION.value),
                ],
                value=connector.endpoint.host_mode.value,
            ),
            "Per connection: dynamichosturl, x-ms-parameterized-host or a placeholder host.",
        )

    def _auth_options_text(self) -> str:
        options = self.session.project.connector.auth_options
        if not options:
            return "The first kind of a multi-auth connector; an import lists the others."
        kinds = ", ".join(AUTH_LABELS[k] for k in options)
        return f"Multi-auth: the connector offers {kinds}; secrets are asked for each."

    def after_mount(self) -> None:
        self._show_oauth()

    def project_changed(self, path: str) -> None:
        super().project_changed(path)
        if path == "connector.auth":
            self._show_oauth()

    def _show_oauth(self) -> None:
        oauth = AuthKind.OAUTH2 in self.session.project.connector.all_auth_kinds
        self.query_one("#oauth-section").display = oauth


# --- 2. GA readiness ------------------------------------------------------------------------

VERDICT_MARK = {
    Verdict.PASS: "✔ PASS",
    Verdict.FAIL: "✘ FAIL",
    Verdict.UNKNOWN: "? UNKNOWN",
    Verdict.NOT_APPLICABLE: "– NOT APPLICABLE",
}
R4_SOURCE = "r4-source"


class GaScreen(_FieldsMixin):
    step_key = GA

    def compose_body(self) -> ComposeResult:
        ga = self.session.project.ga
        yield Static("", id="ga-summary")
        yield Static(
            f'From both versions of "{PAGE_TITLE}". Beside each number: where it comes from, '
            "per each version. An unknown number is never a pass. Lines marked "
            "Interpretation are cloudprep's reading of the source, not its words.",
            classes="intro",
        )
        yield Horizontal(
            self.text_field(
                "ga.telemetry_period.from",
                "Numbers cover from",
                kind="date",
                placeholder="YYYY-MM-DD",
            ),
            self.text_field("ga.telemetry_period.to", "to", kind="date", placeholder="YYYY-MM-DD"),
            classes="columns",
        )
        yield from self._criterion(
            R1, self.tri_state_field("ga.backend_in_production", "Backend in production?")
        )
        yield from self._criterion(
            R2,
            self.text_field("ga.availability_pct", "Availability (%)", R2.source, kind="percent"),
        )
        yield from self._criterion(
            R3, self.text_field("ga.slo_pct", "SLO (%)", R3.source, kind="percent")
        )
        counts = ga.responses is not None
        yield from self._criterion(
            R4,
            FieldRow(
                "Success rate from",
                Select(
                    [("A percentage", "rate"), ("Response counts by class", "counts")],
                    value="counts" if counts else "rate",
                    allow_blank=False,
                    id=R4_SOURCE,
                    compact=True,
                ),
                R4.source,
            ),
            self.text_field("ga.success_rate_pct", "Success rate (%)", kind="percent"),
            self._response_counts(),
        )
        yield from self._criterion(
            R5, self.tri_state_field("ga.support_matches_backend", "Support matches?")
        )
        weeks = Horizontal(
            *(
                self.text_field(
                    f"ga.weekly_active_users[{i}]",
                    f"Week {i + 1}" + (" (oldest)" if i == 0 else ""),
                    kind="count",
                )
                for i in range(3)
            ),
            classes="columns",
        )
        yield from self._criterion(U1, weeks, Static(U1.source, classes="field-help"))
        yield from self._criterion(
            U2,
            self.text_field(
                "ga.monthly_active_connections",
                "Monthly active connections (MAC)",
                U2.source,
                kind="count",
            ),
        )
        yield from self._criterion(
            EXCEPTION,
            self.tri_state_field(
                "ga.customer_requires_production",
                "Does a customer require the connector in production?",
            ),
            self.text_field(
                "ga.preview_start", "Preview started on", kind="date", placeholder="YYYY-MM-DD"
            ),
            self.text_field(
                "ga.as_of",
                "Numbers taken on",
                "The 6 months are counted in calendar months up to this date "
                "(else the reference date).",
                kind="date",
                placeholder="YYYY-MM-DD",
            ),
        )
        yield Label("Requesting GA", classes="section-title")
        for route in GA_REQUEST_ROUTES:
            yield Static(f"• Per {route.page_version}: {route.how}.", classes="fact")
        yield Static(GA_REQUEST_EMAIL_NOTE, classes="fact")
        yield Static(GA_MOVE_DURATION, classes="fact")
        yield Horizontal(
            self.text_field("request.contact.name", "Contact name", kind="text"),
            self.text_field(
                "request.contact.email",
                "Contact e-mail",
                kind="text",
                placeholder="name@contoso.com",
            ),
            classes="columns",
        )
        yield self.text_field(
            "request.reference",
            "Request reference",
            "The reference Microsoft gave for the request or case (an ISV Studio activity "
            "id for older requests). Shown to the reviewer.",
            kind="text",
        )
        yield FieldRow(
            "Checklist Q2",
            FieldCheckbox(
                "request.ga_request_raised",
                "I have raised the GA request",
                value=bool(self.session.project.request.ga_request_raised),
            ),
        )

    def _criterion(self, facts: CriterionFacts, *controls: object) -> ComposeResult:
        kind = "required" if facts.required else "recommended"
        title = f"{facts.id} {facts.title} · {kind} · {facts.threshold}"
        with Vertical(classes="criterion", id=f"criterion-{facts.id}"):
            yield Label(title, classes="section-title")
            yield Static(facts.meaning, classes="fact", markup=False)
            if facts.pages is None and facts.own_source:
                yield Static(f"Source: {facts.own_source}", classes="field-help", markup=False)
            for control in controls:
                if isinstance(control, FieldRow | Horizontal | Static | Vertical):
                    yield control
            if facts.interpretation:
                yield Static(facts.interpretation, classes="interpretation", markup=False)
            if facts.note:
                yield Static(facts.note, classes="fact", markup=False)
            yield Static("", classes="verdict", id=f"verdict-{facts.id}", markup=False)

    def _response_counts(self) -> Vertical:
        labels = {
            "1xx": "1xx",
            "2xx": "2xx",
            "3xx": "3xx",
            "4xx": "4xx (no throttled)",
            "5xx": "5xx",
            "throttled": "Throttled (429s)",
        }
        rows = [
            Horizontal(
                *(
                    self.text_field(f"ga.responses.{key}", labels[key], kind="count")
                    for key in keys
                ),
                classes="columns",
            )
            for keys in (("1xx", "2xx", "3xx"), ("4xx", "5xx", "throttled"))
        ]
        return Vertical(*rows, id="response-counts")

    def after_mount(self) -> None:
        self._show_r4_source(self.query_one(f"#{R4_SOURCE}", Select).value == "counts")
        self.update_verdicts()

    def handle_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != R4_SOURCE:
            super().handle_select_changed(event)
            return
        counts = event.value == "counts"
        ga = self.session.project.ga
        try:
            if counts:
                ga.success_rate_pct = None
                if ga.responses is None:
                    ga.responses = ResponseCounts()
            else:
                ga.responses = None
        except ValueError:
            return
        self._show_r4_source(counts)
        self._reapply(counts)
        self.project_changed("ga.responses")

    def _show_r4_source(self, counts: bool) -> None:
        self.query_one("#response-counts").display = counts
        rate = self.query_one("#" + widget_id("ga.success_rate_pct"))
        rate_row = rate.parent
        if rate_row is not None:
            rate_row.display = not counts

    def _reapply(self, counts: bool) -> None:
        """Put the visible inputs' values back into the project after a source switch."""
        for field in self.query(FieldInput):
            if field.field_path.startswith("ga.responses.") == counts and (
                field.field_path.startswith("ga.responses.")
                or field.field_path == "ga.success_rate_pct"
            ):
                try:
                    set_value(
                        self.session.project, field.field_path, parse_text(field.kind, field.value)
                    )
                except FieldValueError:
                    continue

    def project_changed(self, path: str) -> None:
        super().project_changed(path)
        self.update_verdicts()

    def update_verdicts(self) -> None:
        try:
            evaluation = evaluate_ga(
                self.session.project.ga, reference_date=self.session.reference_date()
            )
        except (ArithmeticError, ValueError) as exc:
            _update(self.query_one("#ga-summary", Static), f"Cannot evaluate: {exc}")
            return
        for result in (*evaluation.criteria, evaluation.exception):
            widget = self.query_one(f"#verdict-{result.id}", Static)
            _update(widget, verdict_text(result))
            for verdict in Verdict:
                widget.set_class(result.verdict is verdict, f"-{verdict.value}")
        _update(self.query_one("#ga-summary", Static), summary_text(evaluation))


def _update(widget: Static, text: str) -> None:
    """Update a Static only when its text changes: an update re-lays out the screen."""
    if getattr(widget, "_shown_text", None) != text:
        widget._shown_text = text  # type: ignore[attr-defined]
        widget.update(text)


def verdict_text(result: CriterionResult) -> str:
    margin = "" if result.margin is None else f" · margin {result.margin:+g}"
    return f"{VERDICT_MARK[result.verdict]}{margin} — {result.detail}"


def summary_text(evaluation: GaEvaluation) -> str:
    lines = [evaluation.summary + "."]
    if evaluation.preview_months is not None:
        reached = (
            f"; the 6 months are reached on {evaluation.six_months_on.isoformat()}"
            if evaluation.six_months_on
            else ""
        )
        lines.append(
            f"Preview: {evaluation.preview_months} full calendar month(s) up to "
            f"{evaluation.counted_until.isoformat()}{reached}."
        )
    return "\n".join(lines)


# --- 3. Target clouds -------------------------------------------------------------------------


class CloudsScreen(_FieldsMixin):
    step_key = CLOUDS

    def compose_body(self) -> ComposeResult:
        catalog = load_catalog()
        chosen = set(self.session.project.clouds)
        yield Static(
            "Tick the clouds to release into (space toggles). Each gets its own step. "
            "Tell Microsoft which clouds you want, and any cloud-specific endpoints.",
            classes="intro",
        )
        selection = TickList(
            *(Selection[str](c.name, c.id, c.id in chosen) for c in catalog.targets),
            id="target-clouds",
        )
        selection.field_path = "clouds"  # type: ignore[attr-defined]
        yield selection
        for cloud in catalog.targets:
            with Vertical(classes="cloud-facts", id=f"facts-{cloud.id}"):
                yield Label(cloud.name, classes="section-title")
                yield Static(cloud.requirement, classes="fact", markup=False)
                for note in cloud.notes:
                    yield Static(f"Note: {note}", classes="note", markup=False)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        selected = set(event.selection_list.selected)
        for cloud in load_catalog().targets:
            self.session.set_target(cloud.id, cloud.id in selected)
        self.sub_title = self.wizard.step_caption(self.step_key)
        self.project_changed("clouds")
