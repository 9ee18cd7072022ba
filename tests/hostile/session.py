"""Drives one calculator page through the hostile table: a known good form
before each case, the case, what the page must show, and proof that it
still computes afterwards. One page per language serves every case, since
booting Python for each would take minutes."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from playwright.sync_api import expect

from calculator import api
from tests.support.inputs import ITEM as BASE_ITEM, form_state
from tests.support.page import TIMEOUT, page_url

from .cases import ITEM, Case
from .contract import at
from .guard import GuardedPage
from .links import state_fragment
from .messages import message, row_message

# Problems whose values the form drops: an imported JSON file's are listed
# at the import (import_json's "dropped"), the rest by their fields.
DROPPED = api.DROPPED_BY_FORM


def imported_input(data: bytes) -> dict[str, Any] | None:
    """The form values the page takes from a JSON file; None if it refuses it."""
    if len(data) > api.MAX_INPUT_BYTES:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    found = json.loads(api.import_json(text))["input"]
    return found if isinstance(found, dict) and isinstance(found.get("sites"), list) else None


class HostileSession:
    def __init__(self, page: GuardedPage, site_url: str):
        self.guarded = page
        self.page = page.page
        self.lang = page.lang
        self.base = page_url(site_url, page.lang)
        self.quantity = 10
        self.clean = False  # True while the form holds the baseline and its estimate
        page.wait_ready()

    def close(self) -> None:
        self.guarded.close()

    # ---- a known good form -------------------------------------------------
    def baseline(self) -> None:
        """Start over from a link to the one good item (tests/support/inputs.py),
        a new quantity each time, so a stale estimate cannot pass for a fresh
        one; wait for its estimate. Opened in the same tab, the link replaces
        the whole form in one edit (hashchange), as a pasted link does: the
        form left by any case, whatever it broke, is gone, and one estimate
        (not one per typed field) shows that the page still computes. Typing
        is what the form cases do."""
        self.quantity += 1
        self.page.goto(self.base + state_fragment(form_state(quantity=str(self.quantity))))
        points = self.quantity * Decimal(BASE_ITEM["points_per_unit"])
        expect(self.page.locator('[data-result="total_points"]')).to_have_text(
            self.guarded.number(str(points)), timeout=TIMEOUT)
        self.guarded.wait_result()

    def import_messages(self) -> list[str]:
        return self.page.eval_on_selector_all('[data-error-for="import"] li',
                                              "els => els.map((e) => e.textContent)")

    def kept_baseline(self) -> bool:
        kept = (self.guarded.value("sites[0].name"), self.guarded.value(f"{ITEM}.quantity"))
        return kept == ("HQ", str(self.quantity))

    # ---- one case ----------------------------------------------------------
    def check(self, case: Case, problem: dict[str, Any] | None) -> None:
        """Apply the case; assert the message, the kept input, a clean console
        and no CSP violation; then show that the page still computes. (A case
        that failed leaves ``clean`` False: the next one starts over, so one
        failure does not drag the others down.)"""
        if not self.clean:
            self.baseline()
        self.clean = False
        errors, violations = len(self.guarded.console_errors), len(self.guarded.violations())
        getattr(self, f"_{case.channel}")(case, problem)
        assert self.guarded.console_errors[errors:] == []
        assert self.guarded.violations()[violations:] == []
        self.baseline()
        self.clean = True

    def _shows_at_field(self, path: str, problem: dict[str, Any]) -> None:
        assert message(self.lang, problem["code"], problem["params"]) in self.guarded.error_for(path)

    def _form(self, case: Case, problem: dict[str, Any]) -> None:
        path, typed = case.payload()
        self.guarded.type(path, typed)
        self._shows_at_field(path, problem)
        assert self.guarded.value(path) == typed, "the field lost what was typed"

    def _csv(self, case: Case, problem: dict[str, Any] | None) -> None:
        self.guarded.import_file(name="items.csv", data=case.payload())
        if problem is None:
            assert self.import_messages() == []
            assert self.guarded.values("description") == ["Db2", "Db2"]
            return
        assert row_message(self.lang, problem["code"], problem["params"]) in self.import_messages()
        assert self.kept_baseline(), "the rows typed before the import are gone"

    def _json(self, case: Case, problem: dict[str, Any] | None) -> None:
        data = case.payload()
        taken = imported_input(data)
        self.guarded.import_file(name="input.json", data=data)
        if problem is None:
            assert self.import_messages() == []
            assert self.guarded.value(f"{ITEM}.quantity") == at(taken, f"{ITEM}.quantity")
            return
        if taken is None or problem["code"] in DROPPED:
            assert message(self.lang, problem["code"], problem["params"]) in self.import_messages()
        else:
            self._shows_at_field(case.path, problem)
        if taken is None:
            assert self.kept_baseline(), "a refused file replaced the form"
        else:
            assert self.guarded.value("sites[0].name") == at(taken, "sites[0].name")

    def _url(self, case: Case, problem: dict[str, Any]) -> None:
        """The link opened in the same tab: only its fragment differs from the
        page's address, so the page takes it without a reload (hashchange),
        as when a reader pastes it. (A link's first load: tests/calculator_page.)"""
        link = case.payload()
        self.page.goto(self.base + link["fragment"])
        if link["state"] is None:
            self._shows_at_field("sites", problem)
            return
        self._shows_at_field(case.path, problem)
        assert self.guarded.value(case.path) == at(link["state"], case.path)
