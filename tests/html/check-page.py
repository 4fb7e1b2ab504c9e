#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Checks an HTML page of libkpi in a real browser: Debian's headless Chromium.

The page is opened from its file with its scripts disabled (a report must
read without script) in a 1366x768 window, and the check fails when:
  - the console has an error, a script throws, or the browser logs an error;
  - the page requests anything but itself (no network: every request is
    recorded, and the browser is pointed at a proxy that does not exist so
    that nothing leaves the machine), or a load fails;
  - a --expect TEXT is not in the rendered text (document.body.innerText),
    or a --forbid TEXT is;
  - with --fit-screen, the page does not fit the 1366x768 window;
  - the PDF printed on A4 has more pages than --max-pages.
It writes the screenshot (--screenshot PATH, PNG, the window) and the PDF
(--pdf PATH) it checked.

The browser is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: the browser reads commands on its fd 3 and
writes answers and events on its fd 4, JSON messages ending with a NUL),
so the standard library is enough: no websocket, no PyPI package.

Usage:
  check-page.py [options] PAGE.html
  check-page.py --self-test --sample PROGRAM [--artefacts DIR] [--tap]

Exit status: 0 the page passed, 1 it did not (the reasons are printed),
2 a usage error, 77 chromium is not installed (automake's "skipped").
"""

import argparse
import base64
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

WIDTH, HEIGHT = 1366, 768
SKIP = 77


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium driven over --remote-debugging-pipe."""

    def __init__(self, chromium, timeout, log):
        self.deadline = time.monotonic() + timeout
        self.events = []
        self.next_id = 0
        self.buffer = b""
        self.profile = tempfile.mkdtemp(prefix="check-page-")
        commands_r, self.commands = os.pipe()   # we write, the browser reads fd 3
        self.answers, answers_w = os.pipe()      # the browser writes fd 4, we read

        def child_fds():
            # Move both ends out of the way first: os.pipe() may have
            # returned 3 or 4 themselves.
            a, b = os.dup(commands_r), os.dup(answers_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.close(a)
            os.close(b)
            os.setsid()

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             f"--window-size={WIDTH},{HEIGHT}", "--hide-scrollbars",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-default-apps", "--mute-audio",
             "--disable-dev-shm-usage",
             # Nothing leaves the machine, whatever the page asks for: the
             # requests are still seen (and fail the check).
             "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
             "--host-resolver-rules=MAP * ~NOTFOUND",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            # close_fds runs after preexec_fn: keep 3 and 4.
            preexec_fn=child_fds, close_fds=True, pass_fds=(3, 4, commands_r, answers_w))
        os.close(commands_r)
        os.close(answers_w)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self.commands, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise BrowserError(f"chromium closed its pipe before {method}") from None
        return self.next_id

    def receive(self):
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("chromium did not answer in time")
            ready, _, _ = select.select([self.answers], [], [], left)
            if not ready:
                continue
            data = os.read(self.answers, 1 << 20)
            if not data:
                raise BrowserError(f"chromium exited (status {self.process.poll()})")
            self.buffer += data
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        """Sends a command and returns its result; events that arrive in
        the meantime are kept in self.events."""
        wanted = self.send(method, params, session)
        while True:
            message = self.receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_event(self, method, session):
        for i, event in enumerate(self.events):
            if event["method"] == method and event.get("sessionId") == session:
                return self.events.pop(i)
        while True:
            message = self.receive()
            if message.get("method") == method and message.get("sessionId") == session:
                return message
            if "method" in message:
                self.events.append(message)

    def close(self):
        try:
            if self.process.poll() is None:
                self.send("Browser.close")
                self.process.wait(timeout=5)
        except (BrowserError, OSError, subprocess.TimeoutExpired):
            pass
        if self.process.poll() is None:
            # The browser's own process group (setsid above), not ours.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for fd in (self.commands, self.answers):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


def pdf_pages(data):
    """The page count of a PDF: its page objects, or its page tree's
    /Count when the objects are compressed out of sight."""
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if pages:
        return pages
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    return max(counts) if counts else 0


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def describe_console(params):
    parts = []
    for arg in params.get("args", []):
        parts.append(str(arg.get("value", arg.get("description", arg.get("type")))))
    return " ".join(parts)


def check_page(page, chromium, expect=(), forbid=(), screenshot=None, pdf=None,
               max_pages=None, fit_screen=False, fit_selector=None, allow_scripts=False, timeout=60,
               log_path=None):
    """Opens @page and returns (problems, facts): the list of what failed,
    and what was measured."""
    problems, facts = [], {}
    page = os.path.abspath(page)
    if not os.path.isfile(page):
        return [f"{page}: no such file"], facts
    url = "file://" + page
    started = time.monotonic()
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    browser = None
    try:
        browser = Browser(chromium, timeout, log)
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget",
                               {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(f"{domain}.enable", session=session)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1,
                      "mobile": False}, session)
        if not allow_scripts:
            browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        result = browser.call("Page.navigate", {"url": url}, session)
        if result.get("errorText"):
            problems.append(f"the page did not load: {result['errorText']}")
        browser.wait_event("Page.loadEventFired", session)
        # Web fonts would be a request (and fail above); system fonts may
        # still be loading: wait for them before measuring and capturing.
        browser.call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)",
                                          "awaitPromise": True}, session)

        def evaluate(expression):
            answer = browser.call("Runtime.evaluate", {"expression": expression,
                                                       "returnByValue": True}, session)
            if "exceptionDetails" in answer:
                raise BrowserError(f"evaluating {expression}: "
                                   f"{answer['exceptionDetails'].get('text')}")
            return answer["result"].get("value")

        text = evaluate("document.body ? document.body.innerText : ''") or ""
        facts["text"] = text
        size = evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        facts["size"] = tuple(size)
        if fit_selector:
            box = evaluate("(() => { const e = document.querySelector(%s); if (!e) return null; "
                           "const r = e.getBoundingClientRect(); "
                           "return [Math.ceil(r.right + window.scrollX), Math.ceil(r.bottom + window.scrollY)]; })()"
                           % json.dumps(fit_selector))
            facts["fit"] = tuple(box) if box else None

        if screenshot:
            shot = base64.b64decode(browser.call("Page.captureScreenshot",
                                                 {"format": "png"}, session)["data"])
            with open(screenshot, "wb") as f:
                f.write(shot)
            facts["png"] = png_size(shot)
            if facts["png"] != (WIDTH, HEIGHT):
                problems.append(f"the screenshot is {facts['png']}, not {WIDTH}x{HEIGHT}")

        printed = base64.b64decode(browser.call(
            "Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True,
                                "paperWidth": 8.27, "paperHeight": 11.69}, session)["data"])
        facts["pages"] = pdf_pages(printed)
        if pdf:
            with open(pdf, "wb") as f:
                f.write(printed)

        # What happened on the way, events collected while the commands ran.
        for event in browser.events:
            if event.get("sessionId") != session:
                continue
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                problems.append(f"console {params['type']}: {describe_console(params)}")
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                problems.append("uncaught exception: " + str(details.get("exception", {})
                                                              .get("description", details.get("text"))))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                entry = params["entry"]
                problems.append(f"browser error ({entry.get('source')}): {entry.get('text')}"
                                + (f" {entry['url']}" if entry.get("url") else ""))
            elif method == "Network.requestWillBeSent":
                requested = params["request"]["url"]
                if requested != url and not requested.startswith(("data:", "about:")):
                    problems.append(f"the page requested {requested} (it must need no network "
                                    "and no other file)")
            elif method == "Network.loadingFailed":
                problems.append(f"a load failed: {params.get('errorText')}"
                                + (" (blocked)" if params.get("blockedReason") else ""))
    except BrowserError as e:
        problems.append(str(e))
    finally:
        if browser is not None:
            browser.close()
        if log is not subprocess.DEVNULL:
            log.close()
    facts["seconds"] = time.monotonic() - started

    text = facts.get("text")
    if text is not None:
        for wanted in expect:
            if wanted not in text:
                problems.append(f"the rendered text lacks “{wanted}”")
        for unwanted in forbid:
            if unwanted in text:
                problems.append(f"the rendered text has “{unwanted}”")
    if fit_selector and "size" in facts:
        fit = facts.get("fit")
        if fit is None:
            problems.append(f"the page has no “{fit_selector}” to fit on the screen")
        elif fit[0] > WIDTH or fit[1] > HEIGHT:
            problems.append(f"“{fit_selector}” ends at {fit[0]}x{fit[1]}, "
                            f"beyond the {WIDTH}x{HEIGHT} screen")
    elif fit_screen and "size" in facts and (facts["size"][0] > WIDTH or facts["size"][1] > HEIGHT):
        problems.append(f"the page is {facts['size'][0]}x{facts['size'][1]}, "
                        f"larger than the {WIDTH}x{HEIGHT} screen")
    if "pages" in facts:
        if facts["pages"] < 1:
            problems.append("the PDF has no page")
        elif max_pages is not None and facts["pages"] > max_pages:
            problems.append(f"the PDF has {facts['pages']} A4 pages, more than {max_pages}")
    return problems, facts


def summary(facts):
    parts = []
    if "size" in facts:
        parts.append(f"{facts['size'][0]}x{facts['size'][1]} px")
    if "pages" in facts:
        parts.append(f"{facts['pages']} A4 page(s)")
    parts.append(f"{facts.get('seconds', 0):.2f} s")
    return ", ".join(parts)


# ---------------------------------------------------------------------------
# Self-test: the building blocks' sample page passes; pages that break the
# rules fail, each for its own reason.
# ---------------------------------------------------------------------------

SAMPLE_EXPECT = [
    "Sales dashboard — February 2025",
    "Revenue", "Number of sales", "New customers", "Gross margin rate",
    "Customer acquisition cost", "Net promoter score", "Sales funnel",
    "on track", "at risk", "off track", "unknown",
    "data quality: good, confidence 98 %", "data quality: warning, confidence 80 %",
    "data quality: failed, confidence 40 %", "data quality: not checked",
]
SAMPLE_FORBID = ["NaN", "nan", "Infinity", "undefined", "null"]


_HEAD = "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>t</title></head><body>"
_TAIL = "</body></html>"
# (name, page, options, what the failure must say)
BAD_PAGES = [
    ("network", _HEAD + "<p>x</p><img alt=logo src='https://example.com/logo.png'>" + _TAIL,
     {}, "requested https://example.com/logo.png"),
    ("other-file", _HEAD + "<link rel=stylesheet href='missing.css'><p>x</p>" + _TAIL,
     {}, "missing.css"),
    ("console-error", _HEAD + "<p>x</p><script>console.error('boom')</script>" + _TAIL,
     {"allow_scripts": True}, "console error: boom"),
    ("exception", _HEAD + "<p>x</p><script>null.x</script>" + _TAIL,
     {"allow_scripts": True}, "uncaught exception"),
    ("needs-script", _HEAD + "<p id=p></p><script>p.textContent='hello'</script>" + _TAIL,
     {"expect": ["hello"]}, "lacks “hello”"),
    ("pages", _HEAD + "<div style='height:900mm'>tall</div>" + _TAIL,
     {"max_pages": 2}, "more than 2"),
    ("screen", _HEAD + "<div style='width:2000px'>wide</div>" + _TAIL,
     {"fit_screen": True}, "larger than the 1366x768 screen"),
]


def self_test(args, chromium, report):
    if not args.sample:
        print("check-page: --self-test needs --sample PROGRAM (tests/html/html-sample)",
              file=sys.stderr)
        return 2
    os.makedirs(args.artefacts, exist_ok=True)
    sample = os.path.join(args.artefacts, "html-sample.html")
    made = subprocess.run([args.sample, sample])
    if made.returncode != 0:
        report(False, "sample page", [f"{args.sample} exited with status {made.returncode}"])
        return 1
    ok = True
    problems, facts = check_page(
        sample, chromium, expect=SAMPLE_EXPECT, forbid=SAMPLE_FORBID,
        screenshot=os.path.join(args.artefacts, "html-sample.png"),
        pdf=os.path.join(args.artefacts, "html-sample.pdf"),
        max_pages=1, fit_screen=True, timeout=args.timeout,
        log_path=os.path.join(args.artefacts, "html-sample.chromium.log"))
    ok &= report(not problems, f"the sample page renders, {summary(facts)}", problems)
    for name, html, options, reason in BAD_PAGES:
        path = os.path.join(args.artefacts, f"bad-{name}.html")
        with open(path, "w") as f:
            f.write(html)
        problems, facts = check_page(path, chromium, timeout=args.timeout, **options)
        caught = any(reason in p for p in problems)
        ok &= report(caught, f"a page that breaks the rules fails ({name})",
                     problems if not caught else [])
    return 0 if ok else 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", nargs="?", help="the HTML file to check")
    parser.add_argument("--expect", action="append", default=[], metavar="TEXT",
                        help="text the rendered page must contain (repeatable)")
    parser.add_argument("--forbid", action="append", default=[], metavar="TEXT",
                        help="text the rendered page must not contain (repeatable)")
    parser.add_argument("--screenshot", metavar="PATH", help="write the 1366x768 screenshot (PNG)")
    parser.add_argument("--pdf", metavar="PATH", help="write the page printed on A4 (PDF)")
    parser.add_argument("--max-pages", type=int, metavar="N",
                        help="the most A4 pages the printed page may take")
    parser.add_argument("--fit-screen", action="store_true",
                        help="fail unless the page fits the 1366x768 window")
    parser.add_argument("--fit-selector", metavar="CSS",
                        help="fail unless the element CSS selects (and all above it) fits the 1366x768 "
                             "window: the part of a page that must show without scrolling")
    parser.add_argument("--allow-scripts", action="store_true",
                        help="run the page's scripts (by default a page must read without)")
    parser.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                        help="give up on the browser after this long (default 60)")
    parser.add_argument("--chromium-log", metavar="PATH", help="write chromium's own output there")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"),
                        help="the browser (default: chromium on PATH, or $CHROMIUM)")
    parser.add_argument("--self-test", action="store_true",
                        help="check the building blocks' sample page and the harness itself")
    parser.add_argument("--sample", metavar="PROGRAM", default=os.environ.get("KPI_HTML_SAMPLE"),
                        help="the program writing the sample page (tests/html/html-sample)")
    parser.add_argument("--artefacts", default="artefacts", metavar="DIR",
                        help="where --self-test writes its pages, PNG and PDF (default ./artefacts)")
    parser.add_argument("--tap", action="store_true", help="report in TAP (for make check)")
    args = parser.parse_args(argv[1:])

    number = [0]

    def report(ok, what, problems):
        number[0] += 1
        if args.tap:
            print(f"{'ok' if ok else 'not ok'} {number[0]} - {what}")
            for p in problems:
                print(f"# {p}")
        else:
            print(f"check-page: {'ok' if ok else 'FAILED'}: {what}")
            for p in problems:
                print(f"  {p}")
        sys.stdout.flush()
        return ok

    chromium = shutil.which(args.chromium)
    if chromium is None:
        if args.tap:
            print(f"1..0 # SKIP {args.chromium} is not installed")
            return 0
        print(f"check-page: skipped: {args.chromium} is not installed", file=sys.stderr)
        return SKIP

    if args.self_test:
        if args.tap:
            print(f"1..{1 + len(BAD_PAGES)}")
        return self_test(args, chromium, report)

    if not args.page:
        parser.print_usage(sys.stderr)
        return 2
    if args.tap:
        print("1..1")
    problems, facts = check_page(args.page, chromium, expect=args.expect, forbid=args.forbid,
                                 screenshot=args.screenshot, pdf=args.pdf,
                                 max_pages=args.max_pages, fit_screen=args.fit_screen,
                                 fit_selector=args.fit_selector,
                                 allow_scripts=args.allow_scripts, timeout=args.timeout,
                                 log_path=args.chromium_log)
    report(not problems, f"{args.page}: {summary(facts)}", problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
