"""One target cloud: its endpoint, its OAuth app, its secrets and their expiry."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from pydantic import SecretStr
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

from cloudprep.core.catalog import Cloud, load_catalog
from cloudprep.core.findings import Finding
from cloudprep.core.models import EndpointMode
from cloudprep.core.requirements import CloudRequirements, requirements_for
from cloudprep.core.rules.secrets import secret_path
from cloudprep.core.secret_needs import (
    PresenceState,
    SecretKind,
    needed_secrets,
    needs_oauth_app,
)
from cloudprep.errors import CloudprepError
from cloudprep.tui.messages import SecretCopied, SecretStored
from cloudprep.tui.project_paths import (
    FieldValueError,
    format_value,
    get_value,
    set_value,
)
from cloudprep.tui.screens.wizard import _FieldsMixin
from cloudprep.tui.session import EvaluationFailed
from cloudprep.tui.steps import CLOUD_PREFIX
from cloudprep.tui.suggestions import open_suggestions, suggested_values
from cloudprep.tui.widgets.field import (
    FieldCheckbox,
    FieldInput,
    FieldRow,
    FieldSelect,
    bound_path,
    widget_id,
)

UNDECIDED = "undecided"
ENDPOINT_OPTIONS = (
    ("Not decided yet", UNDECIDED),
    ("Same as commercial", EndpointMode.SAME_AS_COMMERCIAL.value),
    ("A specific URL for this cloud", EndpointMode.SPECIFIC.value),
    ("Per connection (the user supplies the host)", EndpointMode.PER_CONNECTION.value),
)
REDIRECT_KIND = "redirect"
SECRET_KIND = "secret"  # noqa: S105 (an input kind, not a secret)


class RedirectValidator(Validator):
    """Checks one registered redirect URL as item `index` of the app's redirect list."""

    def __init__(self, screen: CloudScreen, field: FieldInput | None = None) -> None:
        super().__init__()
        self._screen = screen
        self.field = field

    def validate(self, value: str) -> ValidationResult:
        if not value.strip() or self.field is None:
            return self.success()
        urls, index = self._screen.redirects_with(self.field, value)
        base = self._screen.redirects_path
        problems = self._screen.session.field_problems(base, urls, finding_path=f"{base}[{index}]")
        if not problems:
            return self.success()
        return ValidationResult.merge([self.failure(p) for p in problems])


class CloudScreen(_FieldsMixin):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+f",
            "use_suggestions",
            "Use suggestions",
            id="use-suggestions",
            tooltip="Put every suggested value of this cloud (sign-in, resource, the exact "
            "redirect) into its field",
        ),
        Binding(
            "ctrl+l",
            "use_suggestion",
            "Use suggestion",
            id="use-suggestion",
            show=False,
            tooltip="Put the focused field's suggested value into it",
        ),
        Binding(
            "ctrl+y",
            "copy_secret",
            "Copy secret",
            id="copy-secret",
            show=False,
            tooltip="Copy the focused secret to the clipboard (asks first; never shown)",
        ),
        Binding(
            "f6",
            "preflight",
            "Preflight",
            id="cloud-preflight",
            # In the command palette: at 80 columns the footer keeps room for the keyring
            # help, the suggestions and the step keys.
            show=False,
            tooltip="Online: prove this cloud's tenant, app, secret and endpoint work (asks first)",
        ),
        Binding(
            "f7",
            "definition_preview",
            "Definition preview",
            id="cloud-definition-preview",
            show=False,  # in the command palette, as preflight
            tooltip="The diff of this cloud's apiProperties.json and swagger against the "
            "commercial files, and their lint",
        ),
    ]

    def __init__(self, cloud_id: str, *, focus_path: str | None = None) -> None:
        super().__init__(focus_path=focus_path)
        self.cloud_id = cloud_id
        self.step_key = CLOUD_PREFIX + cloud_id
        self.base = f"clouds.{cloud_id}"
        self.redirects_path = f"{self.base}.oauth_app.redirect_urls"
        self._findings_text = ""
        self._offered: dict[str, str] = {}
        # Leaving with a typed, unstored secret (see confirm_leave).
        self._asking = False
        self._leave: Callable[[], object] | None = None
        self._storing: set[str] = set()
        self._leave_once_stored: Callable[[], object] | None = None

    @property
    def cloud(self) -> Cloud:
        return load_catalog().get(self.cloud_id)

    def requirements(self) -> CloudRequirements:
        """What this cloud requires of the project now (core.requirements)."""
        return requirements_for(self.session.project, self.cloud_id)

    # --- layout -----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        cloud = self.cloud
        project = self.session.project
        config = project.clouds[self.cloud_id]  # type: ignore[index]
        connector = project.connector
        requirements = self.requirements()
        identity = requirements.identity
        if identity.oauth_app_needed and not identity.entra:
            # The catalog's sentence is about Entra apps; this connector signs in elsewhere.
            intro = (
                f"{cloud.name}: your OAuth server's app for this cloud, the exact consent "
                "redirect below, and the endpoint if it differs."
            )
        else:
            intro = f"{cloud.name}: {cloud.requirement}"
        yield Static(intro, classes="intro", markup=False)
        for note in cloud.notes:
            yield Static(f"Note: {note}", classes="note", markup=False)

        yield Label("Endpoint", classes="section-title")
        mode = config.endpoint.mode.value if config.endpoint.mode else UNDECIDED
        yield FieldRow(
            "How this cloud reaches the backend",
            FieldSelect(f"{self.base}.endpoint.mode", list(ENDPOINT_OPTIONS), value=mode),
            f"Commercial today: {connector.endpoint.url or 'not given'}",
        )
        with Vertical(id="endpoint-url"):
            yield self.text_field(
                f"{self.base}.endpoint.url",
                "Endpoint URL for this cloud",
                placeholder="e.g. https://api.gov.contoso.com/v1",
            )
        with Vertical(id="endpoint-confirm"):
            yield FieldRow(
                "Commercial endpoint confirmed",
                FieldCheckbox(
                    f"{self.base}.endpoint.confirmed",
                    f"It is reachable from, and compliant for, {cloud.short_name}",
                    value=config.endpoint.confirmed,
                ),
            )

        yield Label("OAuth app", classes="section-title")
        if needs_oauth_app(connector):
            yield from self._oauth_fields(requirements)
        elif connector.is_aad_certificate:
            yield Static(
                "Certificate auth is first-party only: no OAuth app or secret is asked for.",
                classes="fact",
            )
        else:
            yield Static("The connector does not use OAuth: no app is needed.", classes="fact")

        needs = needed_secrets(connector, config)
        yield Label(
            "Secrets (kept in the OS keyring, never in the project file)", classes="section-title"
        )
        if not needs:
            yield Static("Nothing to hand over for this auth kind.", classes="fact")
        for kind in needs:
            yield self._secret_row(kind)
        if any(k is SecretKind.API_KEY for k in needs) or "api_key" in {
            k.value for k in connector.all_auth_kinds
        }:
            yield FieldRow(
                "Test account",
                FieldCheckbox(
                    f"{self.base}.needs_test_account",
                    "The API needs a test account too",
                    value=config.needs_test_account,
                ),
                "Ticking it asks for a test user name and password too.",
            )
        if SecretKind.CLIENT_SECRET in needs:
            yield self.text_field(
                f"{self.base}.secret_expires",
                "Client secret expires on",
                "Not secret. cloudprep warns within 90 days of it.",
                kind="date",
                placeholder="YYYY-MM-DD",
            )
        yield self.text_field(f"{self.base}.notes", "Notes for this cloud", kind="text")
        yield Label("Findings for this cloud", classes="section-title")
        yield Static("", id="cloud-findings", markup=False)

    def _oauth_fields(self, requirements: CloudRequirements) -> ComposeResult:
        identity = requirements.identity
        app = self.base + ".oauth_app"
        if identity.entra:
            login = ", ".join(requirements.login.accepted.value)
            yield self.text_field(
                f"{app}.client_id",
                "Client id of this cloud's app",
                f"Its own app, registered in {identity.directory_name}.",
            )
            yield self.text_field(
                f"{app}.tenant_id",
                "Tenant (directory) id of the app",
                f"A tenant GUID or a verified domain in {identity.directory_name}; "
                "`cloudprep preflight` checks it.",
            )
            yield self._with_suggestion(
                self.text_field(
                    f"{app}.login_uri",
                    "Login URI",
                    f"This cloud's login hosts: {login}.",
                    placeholder="not set",
                )
            )
            yield self._with_suggestion(
                self.text_field(f"{app}.resource_uri", "Resource URI", placeholder="not set")
            )
        else:
            provider = identity.provider or "not named"
            yield self.text_field(
                f"{app}.client_id",
                "Client id of your OAuth server's app for this cloud",
                f"Registered on your own OAuth server (identity provider: {provider}); "
                "Microsoft Entra ID is not involved.",
            )
            yield self.text_field(
                f"{app}.login_uri",
                "Sign-in URL of your OAuth server for this cloud",
                "Your server's own address: Microsoft's sign-in hosts do not apply.",
                placeholder="not set",
            )
            yield self._with_suggestion(
                self.text_field(
                    f"{app}.resource_uri",
                    "Resource URI (if your OAuth server asks for one)",
                    placeholder="not set",
                )
            )
        if requirements.redirect.unverified:
            yield self.text_field(
                f"{self.base}.expected_redirect",
                "Redirect Microsoft gave you (unverified)",
                "No consent redirect is published for this cloud: enter the one Microsoft "
                "gives you; it stays marked unverified.",
            )
        yield Label("Redirect URLs registered on this app", classes="field-label")
        yield Static("", classes="field-help", id="redirect-hint", markup=False)
        urls = self.session.project.clouds[self.cloud_id].oauth_app.redirect_urls  # type: ignore[index]
        with Vertical(id="redirects"):
            for index, url in enumerate([*urls, ""]):
                yield self._redirect_row(index, url)

    def _with_suggestion(self, row: FieldRow) -> FieldRow:
        """Add the line under the field's input that offers its suggested value (hidden
        while there is none): a suggestion is offered in words, never shown as a value."""
        path = bound_path(row.control) or ""
        line = Static("", classes="suggestion", id="suggest-" + widget_id(path), markup=False)
        line.display = False
        row.under_control.append(line)
        return row

    def _redirect_row(self, index: int, url: str) -> FieldRow:
        validator = RedirectValidator(self)
        field = FieldInput(
            f"{self.redirects_path}[{index}]",
            REDIRECT_KIND,
            value=url,
            placeholder="add a redirect URL" if not url else "",
            validators=[validator],
        )
        validator.field = field
        return FieldRow(f"Redirect {index + 1}", field)

    def _secret_row(self, kind: SecretKind) -> Horizontal:
        path = secret_path(self.cloud_id, kind)
        field = SecretInput(
            path,
            SECRET_KIND,
            password=True,
            placeholder="type or paste, then Enter to store",
        )
        row = FieldRow(
            # Only the first letter: capitalize() made 'Oauth client secret', 'Api key'.
            kind.label[:1].upper() + kind.label[1:],
            field,
            f"Enter stores it in the keyring; handed over through {kind.handover}.",
        )
        status = Label("", classes="secret-status", id=f"status-{kind.value}")
        return Horizontal(row, status, classes="secret-row")

    # --- state ------------------------------------------------------------------------------
    def after_mount(self) -> None:
        self._show_endpoint_url()
        self.presence_changed()
        self.update_suggestions()

    def select_value(self, path: str, text: str) -> object:
        if path.endswith(".endpoint.mode"):
            return None if text == UNDECIDED else text
        return super().select_value(path, text)

    def project_changed(self, path: str) -> None:
        super().project_changed(path)
        if path.endswith(".endpoint.mode"):
            self._show_endpoint_url()
        if path.endswith(".needs_test_account"):
            # The secrets asked for change: show the step again (saved), on the checkbox.
            self.wizard.goto_step(self.step_key, focus_path=path)
            return
        self.update_findings()
        self.update_suggestions()

    def _show_endpoint_url(self) -> None:
        mode = self.session.project.clouds[self.cloud_id].endpoint.mode  # type: ignore[index]
        self.query_one("#endpoint-url").display = mode is EndpointMode.SPECIFIC
        self.query_one("#endpoint-confirm").display = mode is EndpointMode.SAME_AS_COMMERCIAL

    def presence_changed(self) -> None:
        super().presence_changed()
        session = self.session
        presence = session.presence
        for field in self.query(FieldInput):
            if field.kind != SECRET_KIND:
                continue
            kind = SecretKind(field.field_path.rsplit(".", 1)[1])
            status = self.query_one(f"#status-{kind.value}", Label)
            row = field.parent
            if presence.state is PresenceState.UNAVAILABLE:
                field.disabled = True
                status.update("unavailable")
                if isinstance(row, FieldRow):
                    row.show_errors(["disabled: the keyring is unavailable (see the banner)"])
                continue
            field.disabled = False
            if isinstance(row, FieldRow):
                row.show_errors([])
            present = presence.is_present(self.cloud_id, kind)
            text = {True: "✔ stored", False: "✘ missing", None: "checking…"}[present]
            status.update(text)
            status.set_class(present is True, "-stored")
            status.set_class(present is False, "-missing")
        self.update_findings()

    def update_findings(self) -> None:
        try:
            findings = [
                f
                for f in self.session.findings()
                if f.cloud == self.cloud_id or f.field.is_within(self.base)
            ]
            text = findings_text(findings)
        except EvaluationFailed as exc:
            text = str(exc)
        if text != self._findings_text:  # an unchanged text costs no re-layout
            self._findings_text = text
            self.query_one("#cloud-findings", Static).update(text)

    # --- redirects --------------------------------------------------------------------------
    def required_redirect(self) -> str | None:
        return self.requirements().redirect.exact.value

    def update_suggestions(self) -> None:
        """Offer each suggested value the field does not hold yet (see tui.suggestions)."""
        try:
            findings = self.session.findings()
        except EvaluationFailed:
            findings = []
        requirements = self.requirements()
        values = suggested_values(requirements, self.base)
        self._offered = open_suggestions(self.session.project, values, findings)
        for line in self.query(".suggestion").results(Static):
            path = next((p for p in values if line.id == "suggest-" + widget_id(p)), None)
            offered = self._offered.get(path or "")
            line.display = offered is not None
            if offered is not None:
                line.update(f"Suggested: {offered} · ctrl+l uses it, ctrl+f uses all")
        hint = self.query("#redirect-hint")
        if hint:
            hint.first(Static).update(self._redirect_hint(requirements))

    def _redirect_hint(self, requirements: CloudRequirements) -> str:
        exact = requirements.redirect.exact.value
        if exact is None:
            return "The exact redirect is unknown until " + (
                "you enter the one Microsoft gave you."
                if requirements.redirect.unverified
                else "the connector's internal name is known (Connector step)."
            )
        if self.redirects_path in self._offered:
            return f"Suggested (not registered yet): {exact} · ctrl+f uses all suggestions"
        return f"Required: {exact} (registered)"

    def _redirect_fields(self) -> list[FieldInput]:
        return [f for f in self.query(FieldInput) if f.kind == REDIRECT_KIND]

    def redirects_with(self, field: FieldInput, value: str) -> tuple[list[str], int]:
        """The app's redirect list with `field` holding `value`, and that item's index."""
        urls: list[str] = []
        index = 0
        for other in self._redirect_fields():
            text = value if other is field else other.value
            if other is field:
                index = len(urls)
            if text.strip():
                urls.append(text)
        return urls, index

    def handle_input_changed(self, event: Input.Changed) -> None:
        field = event.input
        if isinstance(field, FieldInput) and field.kind == REDIRECT_KIND:
            if event.value == field.applied_text:
                return
            field.applied_text = event.value
            row = field.parent
            if isinstance(row, FieldRow):
                row.show_result(event.validation_result)
            self._apply_redirects()
            return
        super().handle_input_changed(event)

    def _apply_redirects(self) -> None:
        fields = self._redirect_fields()
        urls = [f.value for f in fields if f.value.strip()]
        try:
            set_value(self.session.project, self.redirects_path, urls)
        except FieldValueError:
            return
        # Keep each input's path in step with its item, so Review can jump to it.
        position = 0
        for field in fields:
            field.field_path = f"{self.redirects_path}[{position}]"
            if field.value.strip():
                position += 1
        # A free slot is added once the last one is used. Rows, not inputs, are counted: a
        # row just mounted has no input until it composes, while keys keep arriving.
        rows = self.query_one("#redirects", Vertical).children
        if fields and fields[-1].value.strip() and rows and fields[-1].parent is rows[-1]:
            self.query_one("#redirects", Vertical).mount(self._redirect_row(len(rows), ""))
        self.project_changed(self.redirects_path)

    def action_use_suggestion(self) -> None:
        """Put the focused field's suggestion into it."""
        focused = self.focused
        if not isinstance(focused, FieldInput):
            self.notify("Focus a field with a suggestion first.", severity="warning")
            return
        if focused.kind == REDIRECT_KIND:
            self._use_redirect(focused)
            return
        offered = self._offered.get(focused.field_path)
        if offered is None:
            self.notify("This field has no suggestion to use.", severity="warning")
            return
        focused.value = offered

    def action_use_suggestions(self) -> None:
        """Put every offered suggestion of this cloud into its field."""
        if not needs_oauth_app(self.session.project.connector):
            self.notify("This connector has no OAuth app.", severity="warning")
            return
        offered = dict(self._offered)
        used = 0
        for path, value in offered.items():
            if path == self.redirects_path:
                used += self._use_redirect(None)
                continue
            field = self.query("#" + widget_id(path)).results(FieldInput)
            for widget in field:
                widget.value = value
                used += 1
        if self.required_redirect() is None:
            self.notify(self._redirect_hint(self.requirements()), severity="warning")
        elif not used:
            self.notify("Nothing to suggest: every suggested value is in place.")

    def _use_redirect(self, target: FieldInput | None) -> int:
        """Put the exact redirect into `target` (else the first free slot); 1 if put."""
        required = self.required_redirect()
        if required is None:
            self.notify(self._redirect_hint(self.requirements()), severity="warning")
            return 0
        fields = self._redirect_fields()
        if any(f.value == required for f in fields):
            self.notify(f"Already registered: {required}")
            return 0
        slot = target or next((f for f in fields if not f.value.strip()), None)
        if slot is None:
            return 0
        slot.value = required
        slot.focus()
        return 1

    # --- secrets ----------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        field = event.input
        if isinstance(field, FieldInput) and field.kind == SECRET_KIND:
            self._submit_secret(field)

    def confirm_leave(self, leave: Callable[[], object]) -> None:
        """A secret typed but not stored (Enter stores it) is never dropped silently:
        store it, discard it, or stay. The latest wish to leave is the one kept."""
        typed = self._unstored_secrets()
        if not typed:
            leave()
            return
        self._leave = leave
        if self._asking:
            return
        from cloudprep.tui.screens.dialogs import UnstoredSecret

        self._asking = True
        labels = [SecretKind(_secret_kind(f)).label for f in typed]
        self.app.push_screen(UnstoredSecret(labels), self._leave_answered)

    def _unstored_secrets(self) -> list[FieldInput]:
        return [f for f in self.query(FieldInput) if f.kind == SECRET_KIND and f.value]

    def _leave_answered(self, choice: str | None) -> None:
        self._asking = False
        leave, self._leave = self._leave, None
        typed = self._unstored_secrets()
        if choice == "store":
            self._storing = {_secret_kind(f) for f in typed}
            self._leave_once_stored = leave
            for field in typed:
                self._submit_secret(field)
        elif choice == "discard":
            for field in typed:
                field.value = ""
                if isinstance(field.parent, FieldRow):
                    field.parent.show_errors([])
            if leave is not None:
                leave()
        elif typed:
            typed[0].focus()

    def _stored_while_leaving(self, message: SecretStored) -> None:
        """Leave once every secret stored on the way out is in the keyring; stay if one
        could not be stored (its field says why)."""
        if message.kind not in self._storing:
            return
        self._storing.discard(message.kind)
        if message.error is not None:
            self._storing.clear()
            self._leave_once_stored = None
        elif not self._storing and self._leave_once_stored is not None:
            leave, self._leave_once_stored = self._leave_once_stored, None
            self.call_later(leave)

    def _submit_secret(self, field: FieldInput) -> None:
        value = field.value
        field.value = ""  # nothing stays on screen, not even as bullets
        kind = field.field_path.rsplit(".", 1)[1]
        if value == "":
            row = field.parent
            if isinstance(row, FieldRow):
                row.show_errors(["the value is empty; nothing was stored"])
            return
        self.query_one(f"#status-{kind}", Label).update("storing…")
        self.store_secret(kind, SecretStr(value))

    # A fixed description: Textual would otherwise describe the worker with the repr of
    # its arguments, and show it in logs and tracebacks.
    @work(thread=True, group="secret-store", description="store a secret in the keyring")
    def store_secret(self, kind: str, value: SecretStr) -> None:
        from cloudprep.secrets.keys import SecretKey
        from cloudprep.secrets.store import open_store
        from cloudprep.secrets.values import secret_value

        project_id = self.session.project.project_id
        try:
            secret = secret_value(value.get_secret_value())
            key = SecretKey(project_id, self.cloud_id, SecretKind(kind))  # type: ignore[arg-type]
            open_store().set(key, secret)
        except CloudprepError as exc:
            self.post_message(SecretStored(self.cloud_id, kind, exc.message))
            return
        self.post_message(SecretStored(self.cloud_id, kind, None))

    def on_secret_stored(self, message: SecretStored) -> None:
        field = self.query_one("#" + _secret_input_id(self.cloud_id, message.kind), FieldInput)
        row = field.parent
        self._stored_while_leaving(message)
        if message.error is not None:
            if isinstance(row, FieldRow):
                row.show_errors([f"not stored: {message.error}"])
            self.query_one(f"#status-{message.kind}", Label).update("not stored")
            return
        if isinstance(row, FieldRow):
            row.show_errors([])
        self.notify(f"Stored the {SecretKind(message.kind).label} in the keyring.", timeout=3)
        self.wizard.check_keyring()

    def action_preflight(self) -> None:
        from cloudprep.tui.screens.preflight import open_preflight

        open_preflight(self, self.session.project, (self.cloud_id,), guard=self.session.leak_guard)

    def action_definition_preview(self) -> None:
        from cloudprep.tui.screens.definition_preview import DefinitionPreview

        project = self.session.project.model_copy(deep=True)  # the worker reads it
        self.app.push_screen(
            DefinitionPreview(project, self.session.path, self.cloud_id, self.cloud.name)
        )

    def action_copy_secret(self) -> None:
        from cloudprep.tui.screens.dialogs import CopyWarning

        focused = self.focused
        if not isinstance(focused, FieldInput) or focused.kind != SECRET_KIND:
            self.notify(
                "Focus a secret field first (Tab to it), then press ctrl+y.", severity="warning"
            )
            return
        kind = focused.field_path.rsplit(".", 1)[1]
        label = SecretKind(kind).label

        def answered(copy: bool | None) -> None:
            if copy:
                self.copy_secret(kind)

        self.app.push_screen(CopyWarning(label), answered)

    @work(
        thread=True,
        exclusive=True,
        group="secret-copy",
        description="copy a secret to the clipboard",
    )
    def copy_secret(self, kind: str) -> None:
        from cloudprep.secrets.keys import SecretKey
        from cloudprep.secrets.store import open_store

        project_id = self.session.project.project_id
        try:
            key = SecretKey(project_id, self.cloud_id, SecretKind(kind))  # type: ignore[arg-type]
            value = open_store().get(key)
        except CloudprepError as exc:
            self.post_message(SecretCopied(self.cloud_id, kind, exc.message))
            return
        # Straight to the terminal: the value never travels in a message or a widget.
        self.app.call_from_thread(self.app.copy_to_clipboard, value.get_secret_value())
        self.post_message(SecretCopied(self.cloud_id, kind, None))

    def on_secret_copied(self, message: SecretCopied) -> None:
        label = SecretKind(message.kind).label
        if message.error is not None:
            self.notify(f"Not copied: {message.error}", severity="error", timeout=6)
            return
        self.notify(
            f"The {label} was sent to the terminal (OSC 52); tmux or your terminal may "
            "block it, and under tmux or SSH a copy may be kept. Clear the clipboard after "
            "pasting.",
            severity="warning",
            timeout=6,
        )


def _secret_kind(field: FieldInput) -> str:
    return field.field_path.rsplit(".", 1)[1]


def _secret_input_id(cloud_id: str, kind: str) -> str:
    from cloudprep.tui.widgets.field import widget_id

    return widget_id(f"clouds.{cloud_id}.secrets.{kind}")


def findings_text(findings: list[Finding]) -> str:
    if not findings:
        return "No findings."
    return "\n".join(f"{f.severity.value} {f.rule}: {f.message}" for f in findings)


__all__ = ["CloudScreen", "findings_text", "format_value", "get_value"]


class SecretInput(FieldInput):
    """A secret's input. A paste of more than one line is refused whole: Textual's Input
    would keep only the first line, and "Stored" would then be a lie."""

    def _on_paste(self, event: events.Paste) -> None:
        text = event.text.removesuffix("\n").removesuffix("\r")
        if "\n" in text or "\r" in text:
            # Textual dispatches each class's handler in turn: prevent Input's own.
            event.prevent_default()
            event.stop()
            self.value = ""
            row = self.parent
            if isinstance(row, FieldRow):
                row.show_errors(
                    [
                        "the pasted value has more than one line; a secret is one line, so "
                        "nothing was pasted"
                    ]
                )
            return
        # One line: Input's own handler (dispatched after this one) inserts it.

    def _on_blur(self, event: events.Blur) -> None:
        # Typed and not stored: say so at the field (leaving the step asks first).
        row = self.parent
        if self.value and isinstance(row, FieldRow):
            row.show_errors(["typed, not stored yet: Enter in the field stores it"])
