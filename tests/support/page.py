"""A page object for the calculator, so the tests read as what a user does.

It waits on what the page itself says, never for a fixed time: Python is
ready (``data-state="ready"``), the estimate for the last edit is on show
(the results are no longer ``aria-busy``), an import has been answered, the
address holds the form.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60_000  # ms: Python starts in a few seconds, slower on a loaded machine
READY = '[data-calculator][data-state="ready"]'
SETTLED = '[data-results]:not([aria-busy="true"])'  # the estimate for the last edit is on show
# Arms a flag that the page's answer to an import sets: its status line or
# its problem list changes (calculator.js importProblems), in the same task
# that then marks the results busy for the imported form.
WATCH_IMPORT = """() => {
  window.__imported = false;
  const seen = new MutationObserver(() => { window.__imported = true; seen.disconnect(); });
  for (const at of ['[data-error-for="import"]', "[data-import-status]"]) {
    seen.observe(document.querySelector(at), { childList: true, subtree: true, characterData: true });
  }
}"""
# True once the address (#state=…) decodes, with the page's own state.js, to
# what every field of the form shows: the address is written asynchronously
# after each edit, so a link copied sooner may lag behind.
# What a field shows is the state's value in the page's language (form.js
# shown(): 12,5 in Danish for 12.5).
# The calculator's modules as the page loaded them, in the versioned folder
# (hooks/versioned_assets.py): a JavaScript expression for a module's URL
# beside calculator.js. Imported, the client is the page's own instance,
# and so talks to the page's worker.
CALCULATOR_SCRIPT = """document.querySelector('script[type="module"][src$="/calculator.js"]')"""


def page_module(name: str) -> str:
    return f'new URL("{name}", {CALCULATOR_SCRIPT}.src).href'


PAGE_CLIENT = page_module("client.js")
ADDRESS_HOLDS_FORM = """async () => {
  const match = /^#state=(.*)$/.exec(location.hash);
  if (!match) return false;
  const { decodeState } = await import(STATE_JS);
  const { shown } = await import(FORM_JS);
  const lang = document.querySelector("[data-calculator]").lang || document.documentElement.lang;
  const state = await decodeState(match[1]);
  const holds = (path, value) => {
    const keys = path.split(/[.[\\]]+/).filter(Boolean);
    const key = keys.pop();
    const entry = keys.reduce((node, k) => node?.[k], state);
    return entry !== undefined && String(shown(entry, key, lang) ?? "") === value;
  };
  return [...document.querySelectorAll("[data-calculator] [data-path]")]
    .every((field) => holds(field.dataset.path, field.value));
}""".replace("STATE_JS", page_module("state.js")).replace("FORM_JS", page_module("form.js"))
# A number in the contract's canonical form (12.5), which a reader of a
# language with a decimal comma types as 12,5.
CANONICAL_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
# Codes the page itself raises (not the package); each has its words in errors.
PAGE_CODES = ("state_unreadable", "internal", "ambiguous_number", "timeout", "form_full")


@cache
def strings_for(lang: str) -> dict[str, Any]:
    """A language's calculator strings (docs/<lang>/calculator.yml)."""
    return yaml.safe_load((ROOT / "docs" / lang / "calculator.yml").read_text(encoding="utf-8"))


def page_url(site_url: str, lang: str, page: str = "calculator") -> str:
    """The address of ``page`` in ``lang`` (English at the root, the others
    in their folder)."""
    prefix = "" if lang == "en" else f"{lang}/"
    return f"{site_url}{prefix}{'' if page == 'index' else page + '/'}"


def new_context(browser, lang: str, **options: Any):
    """A browser context as a reader of ``lang`` has one: the language's
    locale, downloads accepted (the exports); ``options`` go to Playwright's
    ``new_context`` (a colour scheme, say)."""
    return browser.new_context(accept_downloads=True, locale=lang, **options)


class CalculatorPage:
    def __init__(self, opener, url: str, lang: str, *, absolute: bool = False, fragment: str = "",
                 **context_options: Any):
        """``opener`` is the browser, and the page opens in a new context of
        its own (a first visit; ``context_options`` go to Playwright's
        ``new_context``), or a context shared with other tests (a return
        visit: ``warm_context`` in tests/conftest.py), which stays open
        when the page closes."""
        self.lang = lang
        self._lists: set[str] | None = None  # the paths of the fields that are lists (select)
        self._decimal: str | None = None
        self._own_context = hasattr(opener, "new_context")
        if self._own_context:
            self.context = new_context(opener, lang, **context_options)
        else:
            assert not context_options, "a shared context has its options already"
            self.context = opener
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.prepare()
        self.page.goto(url if absolute else page_url(url, lang) + fragment)
        self.root = self.page.locator("[data-calculator]")

    def prepare(self) -> None:
        """Runs before the page loads: a subclass adds init scripts and listeners here."""

    def close(self) -> None:
        if self._own_context:
            self.context.close()
        else:
            self.page.close()

    def url(self) -> str:
        """The page's address once it holds what the form shows (a link to it)."""
        self.page.wait_for_function(ADDRESS_HOLDS_FORM, timeout=TIMEOUT)
        return self.page.url

    def wait_ready(self) -> None:
        self.page.wait_for_selector(READY, timeout=TIMEOUT)

    # ---- entering data -------------------------------------------------
    def settle(self) -> None:
        """Wait until the estimate for the last edit is shown (the results are
        no longer aria-busy). Until then an error message may still come or go
        and move the buttons: a click whose press and release land on different
        elements is no click at all."""
        self.page.wait_for_selector(SETTLED, state="attached", timeout=TIMEOUT)

    def click(self, selector: str) -> None:
        """Click as a user does: once the page has settled."""
        self.settle()
        self.page.click(selector)

    def field(self, path: str):
        return self.page.locator(f'[data-path="{path}"]')

    def type(self, path: str, value: str, *, as_is: bool = False) -> str:
        """Enter ``value`` into the field at ``path``: typed into a text box,
        chosen from a list. A canonical decimal (``12.5``) going into a
        number field is typed as the page's language writes it (``12,5`` in
        Danish), unless ``as_is``. Returns what went in."""
        if self._lists is None:  # the agreement's lists are in the page from the start
            self._lists = set(self.page.eval_on_selector_all(
                "[data-calculator] select[data-path]", "els => els.map((e) => e.dataset.path)"))
        if path in self._lists:
            self.field(path).select_option(value)
            return value
        field = self.field(path)
        if not as_is and CANONICAL_DECIMAL.match(value) and field.get_attribute("inputmode"):
            value = value.replace(".", self.decimal_mark())
        field.fill(value)
        return value

    def decimal_mark(self) -> str:
        """The decimal mark of the page's language, as Intl gives it (the page's own source)."""
        if self._decimal is None:
            self._decimal = self.page.evaluate(
                "lang => new Intl.NumberFormat(lang).formatToParts(1.5)"
                ".find((p) => p.type === 'decimal').value", self.lang)
        return self._decimal

    def fill_input(self, data: dict[str, Any]) -> None:
        """Enter a contract input into the form, adding sites and rows as needed."""
        for key, value in data.items():
            if key != "sites":
                self.type(key, value)
        for s, site in enumerate(data["sites"]):
            if s > 0:
                self.click('[data-action="add-site"]')
            self.type(f"sites[{s}].name", site["name"])
            for i, item in enumerate(site["items"]):
                if i > 0:
                    self.click(f'[data-action="add-item"][data-site="{s}"]')
                for key, value in item.items():
                    self.type(f"sites[{s}].items[{i}].{key}", value)

    def import_file(self, path: Path | None = None, *, name: str = "", data: bytes = b"") -> None:
        """Import a file (``path``, or ``data`` under ``name``) and wait until
        the page has answered it (its status line or its problems); an
        accepted file's estimate then follows (``settle``)."""
        self.page.evaluate(WATCH_IMPORT)
        if path is not None:
            self.page.set_input_files("[data-import]", str(path))
        else:
            file = {"name": name, "mimeType": "text/plain", "buffer": data}
            self.page.set_input_files("[data-import]", files=[file])
        self.page.wait_for_function("() => window.__imported", timeout=TIMEOUT)

    # ---- reading -------------------------------------------------------
    def wait_result(self) -> None:
        """Wait until the estimate for the last edit is shown, and is one (not
        an error message)."""
        self.settle()
        # Attached, not visible: the details the page shows closed hold it.
        self.page.wait_for_selector('[data-result="total_points"]', state="attached", timeout=TIMEOUT)
        assert self.page.locator("[data-results-body] > .calculator-error").count() == 0, \
            self.text("[data-results-body]")

    def result_text(self, name: str) -> str:
        """A result's text, also where it sits in a closed section."""
        return (self.page.locator(f'[data-result="{name}"]').text_content() or "").strip()

    def result_attr(self, name: str, attr: str) -> str | None:
        return self.page.locator(f'[data-result="{name}"]').get_attribute(attr)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text()

    def value(self, path: str) -> str:
        return self.field(path).input_value()

    def values(self, field: str) -> list[str]:
        return [v for v in self.page.eval_on_selector_all(
            f'input[data-field="{field}"][data-item]', "els => els.map(e => e.value)") if v]

    def error_for(self, path: str) -> str:
        slot = self.page.locator(f'[data-error-for="{path}"]')
        slot.wait_for(state="visible", timeout=TIMEOUT)
        return slot.inner_text().strip()

    def wait_no_error(self, path: str) -> None:
        self.page.locator(f'[data-error-for="{path}"]').wait_for(state="hidden", timeout=TIMEOUT)

    def export(self, kind: str, folder: Path) -> str:
        with self.page.expect_download(timeout=TIMEOUT) as download:
            self.click(f'[data-export="{kind}"]')
        target = folder / download.value.suggested_filename
        download.value.save_as(target)
        return target.read_text(encoding="utf-8")

    # ---- formatting as the page does it (Intl in the same browser) -------
    def money(self, amount: str, currency: str) -> str:
        return self.page.evaluate(
            "([lang, amount, currency]) =>"
            " new Intl.NumberFormat(lang, {style: 'currency', currency}).format(amount)",
            [self.lang, amount, currency])

    def date(self, iso: str) -> str:
        return self.page.evaluate(
            "([lang, iso]) => new Intl.DateTimeFormat(lang, {dateStyle: 'long', timeZone: 'UTC'})"
            ".format(new Date(iso + 'T00:00:00Z'))", [self.lang, iso])

    def number(self, amount: str) -> str:
        return self.page.evaluate(
            "([lang, n]) => new Intl.NumberFormat(lang, {maximumFractionDigits: 6}).format(n)",
            [self.lang, amount])


# What kept.js keeps for the next visit (the origin-private file system's
# "pa-calculator" folder), seen from a page of the site: [name, size,
# sha256] of each file, in name order; [] when nothing was ever kept. A file
# being written or dropped at that moment is left out (the tests poll).
KEPT_FILES = """async () => {
  let folder;
  try {
    folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("pa-calculator");
  } catch {
    return [];
  }
  const found = [];
  for await (const [name, handle] of folder.entries()) {
    let bytes;
    try {
      bytes = await (await handle.getFile()).arrayBuffer();
    } catch {
      continue;
    }
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    found.push([name, bytes.byteLength, Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")]);
  }
  return found.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}"""
# Whether both copies a calculator page keeps after it is ready are there:
# its snapshot and Pyodide's WebAssembly (the latter read again through the
# HTTP cache as it is kept, so a page's requests go on after it is ready).
BOTH_KEPT = """async () => {
  try {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("pa-calculator");
    const names = [];
    for await (const name of folder.keys()) names.push(name);
    return names.some((n) => n.startsWith("snapshot-")) && names.some((n) => n.startsWith("pyodide.asm-"));
  } catch {
    return false;
  }
}"""
# Writes files into that folder, {name: the URL of its bytes}: the tests'
# way to leave damaged or older copies for a visit to find (a route can
# answer for the URL with any bytes).
PUT_KEPT = """async (files) => {
  const root = await navigator.storage.getDirectory();
  const folder = await root.getDirectoryHandle("pa-calculator", { create: true });
  for (const [name, url] of Object.entries(files)) {
    const bytes = await (await fetch(url)).arrayBuffer();
    const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
    await writable.write(bytes);
    await writable.close();
  }
}"""


def answering(body: bytes):
    """A route handler that answers with ``body`` (Playwright's ``route``)."""
    return lambda route: route.fulfill(body=body)


# What only a normal boot needs: a start from the snapshot has it in memory,
# or needs none of it (the lock file's info comes in runtime.json).
NOT_FOR_A_SNAPSHOT = re.compile(r"python_stdlib\.zip|pyodide-lock\.json|\.whl$")


def hover_navigation_link(page) -> None:
    """A reader's intent to open the calculator (prefetch.js): the pointer on
    the navigation's link to it."""
    page.hover('nav a[href$="calculator/"] >> visible=true')


def type_query(page, query: str) -> None:
    """Type into Material's search box as a reader does. Material reads the
    query on key events, so after filling the box press a key (End), and
    retry while the search worker is still building its index."""
    box = page.locator("input.md-search__input")
    for _ in range(20):
        box.fill(query)
        box.press("End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=1500)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no search results for {query!r}: {page.inner_text('.md-search__output')}")
