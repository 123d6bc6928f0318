#!/usr/bin/python3
"""Drives a cfgsweep HTML report in headless Chromium over the DevTools protocol.

usage: html_report_browser.py REPORT.html SUMMARY.json RESULTS.jsonl

Loads the page as a user would (file://, nothing else reachable), then checks what a person
sees against the JSON summary and the JSON Lines of the same run: no console error or
exception (a blocked external asset shows up as one), the counts, the rules table, the
filters (typed with real key input), sorting, and a device's findings. Prints one line per
check and exits 1 on the first failed one.

The protocol goes over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-terminated JSON), so
no port is opened and no websocket library is needed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BROWSER = os.environ.get("CHROMIUM", "chromium-headless-shell")
TIMEOUT_S = 60


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="cfgsweep-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        high_in, high_out = os.dup(to_browser_r), os.dup(from_browser_w)

        def pipe_fds():
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [shutil.which(BROWSER) or BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", "--no-first-run", "--user-data-dir=" + self.profile,
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4, high_in, high_out), preexec_fn=pipe_fds)
        for fd in (to_browser_r, from_browser_w, high_in, high_out):
            os.close(fd)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from the browser")
            chunk = os.read(self.from_browser, 65536)
            if not chunk:
                raise EOFError("the browser closed its pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=True):
        self.next_id += 1
        request = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            request["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(request).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            message = self._read_message(deadline)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def wait_for(self, method):
        deadline = time.monotonic() + TIMEOUT_S
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read_message(deadline))

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")


checks_failed = 0


def check(what, ok, detail=""):
    global checks_failed
    print(("ok   " if ok else "FAIL ") + what + (f" ({detail})" if detail and not ok else ""))
    if not ok:
        checks_failed += 1


def console_errors(events):
    errors = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append("console." + params["type"])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            errors.append(params["entry"].get("text", "log error"))
    return errors


def main():
    report, summary_path, results_path = sys.argv[1:4]
    summary = json.load(open(summary_path))
    results = [json.loads(line) for line in open(results_path) if line.strip()]
    browser = Browser()
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"}, session=False)
        browser.session = browser.call("Target.attachToTarget",
                                       {"targetId": target["targetId"], "flatten": True},
                                       session=False)["sessionId"]
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            browser.call(domain)
        browser.call("Page.navigate", {"url": "file://" + os.path.abspath(report)})
        browser.wait_for("Page.loadEventFired")
        check_page(browser, summary, results)
    finally:
        browser.close()
    sys.exit(1 if checks_failed else 0)


def text(browser, element_id):
    return browser.evaluate(f"document.getElementById({json.dumps(element_id)}).textContent")


def shown_devices(browser):
    return browser.evaluate(
        "Array.from(document.querySelectorAll('#devices tbody tr.device'), r => r.dataset.device)")


def check_page(browser, summary, results):
    errors = console_errors(browser.events)
    check("the page loads with no console error", not errors, "; ".join(errors))
    # Config text is hostile input: nothing in it may run as script or open a dialog.
    check("no config text ran as script",
          browser.evaluate("document.title") == "cfgsweep compliance report"
          and not any(e.get("method") == "Page.javascriptDialogOpening" for e in browser.events))
    check("configs shown = summary", text(browser, "count-configs") == str(summary["configs"]))
    check("compliant shown = summary",
          text(browser, "count-compliant") == str(summary["compliant"]))
    for status, n in summary["by_status"].items():
        check(f"status {status} shown = summary", text(browser, "status-" + status) == str(n))
    for severity, n in summary["failed_rules_by_severity"].items():
        check(f"failed {severity} shown = summary", text(browser, "sev-" + severity) == str(n))
    rules = browser.evaluate("Array.from(document.querySelectorAll('#rules tbody tr'), r => "
                             "[r.dataset.rule, +r.children[3].textContent])")
    check("the rules table = summary",
          rules == [[r["rule"], r["fail"]] for r in summary["rules"]], str(rules[:3]))

    names = [d["source"] + (":" + d["member"] if "member" in d else "")
             for d in summary["configs_list"]]
    check("every device listed", sorted(shown_devices(browser)) == sorted(names))
    check("shown count = devices", text(browser, "shown-count") == str(len(names)))

    # The state filter: compliant devices are exactly the summary's compliant ones.
    browser.evaluate("const s = document.getElementById('filter-state'); s.value = 'compliant';"
                     "s.dispatchEvent(new Event('input'))")
    compliant = [n for n, d in zip(names, summary["configs_list"])
                 if d["status"] == "ok" and d["failed_rules"] == 0]
    check("state filter 'compliant'", sorted(shown_devices(browser)) == sorted(compliant),
          str(shown_devices(browser)))
    browser.evaluate("const t = document.getElementById('filter-state'); t.value = 'all';"
                     "t.dispatchEvent(new Event('input'))")

    # The text filter, typed: one device's name leaves that device alone.
    target = max(summary["configs_list"], key=lambda d: (d["failed_rules"], d["source"]))
    target_name = target["source"] + (":" + target["member"] if "member" in target else "")
    typed = os.path.basename(target["source"])
    browser.evaluate("document.getElementById('filter').focus()")
    browser.call("Input.insertText", {"text": typed})
    expected = [n for n in names if typed.lower() in n.lower()]
    check(f"typing '{typed}' filters the devices", shown_devices(browser) == expected,
          str(shown_devices(browser)))
    check("the shown count follows the filter", text(browser, "shown-count") == str(len(expected)))

    # Its findings, on a click: the failed rules of its JSON Lines result, with their lines.
    browser.evaluate("document.querySelector('#devices tbody tr.device').click()")
    shown_findings = browser.evaluate(
        "Array.from(document.querySelectorAll('#devices tr.detail .finding .rule'), e => "
        "e.textContent)")
    result = next(r for r in results if r["source"] == target["source"]
                  and r.get("member", "") == target.get("member", ""))
    failed = [f["rule"] for f in result["findings"] if f["status"] in ("fail", "error")]
    check("a click shows the device's failed findings", shown_findings == failed,
          f"{shown_findings} vs {failed}")
    with_lines = next((f for f in result["findings"] if f["status"] == "fail" and f["lines"]), None)
    if with_lines:
        detail = browser.evaluate("document.querySelector('#devices tr.detail').textContent")
        wanted = "lines " + ", ".join(map(str, with_lines["lines"]))
        check("the evidence lines are shown", wanted in detail, wanted)

    # Clearing the filter and sorting by failed rules, descending: the worst device first.
    browser.evaluate("const f = document.getElementById('filter'); f.value = '';"
                     "f.dispatchEvent(new Event('input'))")
    for _ in range(2):
        browser.evaluate("document.querySelector('#devices th[data-key=failed]').click()")
    first = browser.evaluate("document.querySelector('#devices tbody tr.device td:nth-child(4)')"
                             ".textContent")
    check("sorting by failed rules puts the worst first", first == str(target["failed_rules"]))
    errors = console_errors(browser.events)
    check("no console error after the interactions", not errors, "; ".join(errors))


if __name__ == "__main__":
    main()
