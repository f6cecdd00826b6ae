#!/usr/bin/env python3
"""The seats in a real browser: headless Chromium from Debian's packages, driven through
WebDriver (Debian's chromium-driver, Selenium from PyPI), against a real `cdx run --listen`.

  python3 Tools/seats/browser-test.py [SCREENSHOT-FOLDER]

1. Pacific Shield from four browsers: two team seats (jcdc, usfj), the white seat and the
   board, each joined from the link `seats` prints (the code in the address's fragment).
   A decision typed at jcdc's seat, one clicked in usfj's forms, the white cell's "Next
   turn" button; the team pages and the board follow live, without a reload. Screenshots
   of the board and of a team seat at 1920x1080 go to SCREENSHOT-FOLDER (default
   .build/seat-screens), for a person to look at.
2. The canary game (Tests/ExerciseCLITests/Canary) played over the HTTP API from the seats,
   then every seat's page opened in the browser: its text must hold no canary word the
   team may not know (the table of CanaryTests.swift, read from the file, not retyped) and
   the words the table lets it know that the play put in front of it.

Exits 0 when every check holds, 1 on a failure, 77 (skipped) with a message when Chromium,
its driver or Selenium is missing; .ci/run installs them.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
CDX = os.environ.get("CDX", ".build/debug/cdx")

try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("browser-test: skipped: Selenium is not installed (pip install selenium)")
    sys.exit(77)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
if not CHROMIUM or not DRIVER:
    print("browser-test: skipped: Chromium or its driver is missing (apt-get install chromium chromium-driver)")
    sys.exit(77)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("  FAILED: " + message)
    return condition


class Server:
    """`cdx run EXERCISE --listen 127.0.0.1:0 --no-console`, its port and seat codes."""

    def __init__(self, exercise, folder):
        self.journal = os.path.join(folder, os.path.basename(exercise) + ".jsonl")
        self.out = open(os.path.join(folder, "cdx.out"), "w+")
        self.process = subprocess.Popen([CDX, "run", exercise, "--journal", self.journal, "--listen", "127.0.0.1:0", "--no-console"],
                                        stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        for _ in range(300):
            text = open(self.out.name).read()
            m = re.search(r"^seats: http://127\.0\.0\.1:(\d+)/$", text, re.M)
            if m and "seat codes:" in text:
                break
            time.sleep(0.1)
        else:
            raise SystemExit("browser-test: cdx did not start: " + open(self.out.name).read())
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port
        self.codes = {}
        for line in open(self.journal + ".seats"):
            if line.strip() and not line.startswith("#"):
                role, code = line.split()
                self.codes[role] = code

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Seat:
    """A seat over the HTTP API (for playing a game fast)."""

    def __init__(self, server, role):
        self.server = server
        request = urllib.request.Request(server.base + "/api/join", data=urllib.parse.urlencode({"code": server.codes[role]}).encode())
        with urllib.request.urlopen(request) as response:
            self.cookie = response.headers["Set-Cookie"].split(";")[0]
            self.csrf = json.load(response)["csrf"]

    def decide(self, line, turn):
        data = urllib.parse.urlencode({"line": line, "turn": str(turn)}).encode()
        request = urllib.request.Request(self.server.base + "/api/decide", data=data,
                                         headers={"Cookie": self.cookie, "X-CSRF-Token": self.csrf})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1920,1080", "--lang=en"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(DRIVER), options=options)


def join(driver, server, role):
    """Opens the seat's link (the code in the fragment) and waits for its page."""
    driver.delete_all_cookies()
    driver.get("%s/#%s" % (server.base, server.codes[role]))
    wait = WebDriverWait(driver, 20, ignored_exceptions=[StaleElementReferenceException])
    wait.until(lambda d: d.current_url.endswith("/seat") and d.find_element(By.ID, "seat-name").text)
    wait.until(lambda d: d.find_element(By.ID, "connection").text == "live")


def act(driver, action, tries=5):
    """Does something to the page, again if a redraw made its element stale meanwhile."""
    for attempt in range(tries):
        try:
            return action(driver)
        except StaleElementReferenceException:
            if attempt == tries - 1:
                raise
            time.sleep(0.2)


def type_line(driver, field, line):
    act(driver, lambda d: d.find_element(By.ID, field).send_keys(line + Keys.ENTER))


def wait_text(driver, text, seconds=20, element=(By.TAG_NAME, "body")):
    try:
        # The page redraws itself on every change: an element may go stale between two looks.
        WebDriverWait(driver, seconds, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: text in d.find_element(*element).text)
        return True
    except TimeoutException:
        return False


def console_errors(driver):
    """Errors the page logged (a CSP violation among them); a refusal the test asked for is not one."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
            and not re.search(r"/api/decide - Failed to load resource: the server responded with a status of 4(09|22|03)", entry["message"])]


def pacific_shield(folder, screens):
    print("Pacific Shield from four browsers: jcdc, usfj, white, board")
    server = Server("Exercises/pacific-shield.exercise", folder)
    drivers = {role: browser() for role in ["jcdc", "usfj", "white", "board"]}
    try:
        for role, driver in drivers.items():
            join(driver, server, role)
        jcdc, usfj, white, board = (drivers[r] for r in ["jcdc", "usfj", "white", "board"])
        check("jcdc" in jcdc.find_element(By.ID, "seat-name").text, "jcdc's page names its seat")
        check(wait_text(jcdc, "turn 1 of 48", element=(By.ID, "clock")), "jcdc's page shows turn 1 of 48")
        check(wait_text(board, "Turn 1 / 48"), "the board shows turn 1")
        check("UNCLASSIFIED" in jcdc.find_element(By.ID, "banner-top").text, "the marking stands at the top of the page")

        # jcdc types a decision line.
        type_line(jcdc, "decision", "detect js-ws T1566.001")
        check(wait_text(jcdc, "✓ jcdc detect js-ws T1566.001", element=(By.ID, "outcomes")), "jcdc's typed decision is applied and shown")
        # A mistyped one is placed, with a suggestion, and nothing is decided.
        type_line(jcdc, "decision", "contian js-ws")
        check(wait_text(jcdc, "did you mean 'contain'?", element=(By.ID, "outcomes")), "a mistyped verb gets did-you-mean")

        # usfj clicks a form: hunt its first segment.
        segment = act(usfj, lambda d: Select(d.find_element(By.CSS_SELECTOR, "select[data-verb=hunt]")).options[0].get_attribute("value"))
        act(usfj, lambda d: d.find_element(By.CSS_SELECTOR, "button[data-verb=hunt]").click())
        check(wait_text(usfj, "✓ usfj hunt " + segment, element=(By.ID, "outcomes")), "usfj's clicked hunt is applied")
        check(wait_text(usfj, "the hunt found nothing", element=(By.ID, "outcomes")) or wait_text(usfj, "alert:", seconds=1),
              "usfj is told what its hunt found")

        # The white seat sees both as they come, then closes the turn with its button.
        check(wait_text(white, "jcdc detect js-ws T1566.001"), "the white seat sees jcdc's decision live")
        check(wait_text(white, "usfj hunt " + segment), "the white seat sees usfj's decision live")
        act(white, lambda d: d.find_element(By.CSS_SELECTOR, "button[data-command=next]").click())
        check(wait_text(white, "Turn closed", element=(By.ID, "outcomes")), "the white cell's Next turn closes the turn")
        # Everyone follows without a reload.
        check(wait_text(jcdc, "turn 2 of 48", element=(By.ID, "clock")), "jcdc's page moves to turn 2 by itself")
        check(wait_text(usfj, "turn 2 of 48", element=(By.ID, "clock")), "usfj's page moves to turn 2 by itself")
        check(wait_text(board, "Turn 2 / 48"), "the board moves to turn 2 by itself")
        check(wait_text(board, "turn 1"), "the board shows the chain head of turn 1")
        # A decision from another browser of the same seat shows on this one.
        other = browser()
        try:
            join(other, server, "jcdc")
            type_line(other, "decision", "note \"second browser of jcdc\"")
            check(wait_text(jcdc, "second browser of jcdc"), "jcdc's first browser shows what its second decided")
        finally:
            other.quit()
        # The board holds no card title that is not TLP:CLEAR, no ground truth, no scores yet.
        text = act(board, lambda d: d.find_element(By.TAG_NAME, "body").text)
        check("ground truth" not in text.lower(), "the board shows no ground truth")
        check("Scores" not in text, "the board hides the scores before ENDEX")
        os.makedirs(screens, exist_ok=True)
        for role in ["board", "jcdc", "white"]:
            path = os.path.join(screens, "seat-%s.png" % role)
            drivers[role].save_screenshot(path)
            print("  screenshot: " + path)
        for role, driver in drivers.items():
            errors = console_errors(driver)
            check(not errors, "%s's page logged no errors (CSP violations included): %s" % (role, errors))
    finally:
        for driver in drivers.values():
            driver.quit()
        server.stop()
    verify = subprocess.run([CDX, "verify", server.journal], capture_output=True, text=True)
    check(verify.returncode == 0, "cdx verify of the browser-played journal: " + verify.stderr)
    journal = open(server.journal).read()
    check('"line":"jcdc detect js-ws T1566.001","seat":"jcdc"' in journal, "the typed decision is journaled with its seat")


def canary_table():
    """The (canary, teams that may know it) rows of CanaryTests.swift, and its 'viewShows'."""
    source = open("Tests/ExerciseCLITests/CanaryTests.swift").read()
    table = [(m.group(1), set(m.group(2).split())) for m in re.finditer(r'Row\("([^"]+)", "([^"]+)"\)', source)]
    shows = {}
    block = source[source.index("static let viewShows"):source.index("static let handoutShows")]
    for m in re.finditer(r'"(\w+)": \[([^\]]*)\]', block):
        shows[m.group(1)] = re.findall(r'"([^"]+)"', m.group(2))
    teams = re.search(r'static let teams = \[([^\]]*)\]', source).group(1)
    return table, shows, re.findall(r'"([^"]+)"', teams)


def canary(folder):
    print("The canary game from the seats, every seat's page read in the browser")
    table, shows, teams = canary_table()
    check(len(table) > 80 and len(teams) == 7, "the canary table was read (%d rows, %d teams)" % (len(table), len(teams)))
    server = Server("Tests/ExerciseCLITests/Canary/canary.exercise", folder)
    driver = browser()
    try:
        seats = {team: Seat(server, team) for team in teams}
        by_turn = {}
        for line in open("Tests/ExerciseCLITests/Canary/canary.responses"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            clock, decision = line.split(" ", 1)
            hours, minutes = clock[1:].split(":")
            by_turn.setdefault((int(hours) * 60 + int(minutes)) // 60 + 1, []).append(decision)
        last = max(by_turn)
        for turn in range(1, last + 1):
            for decision in by_turn.get(turn, []):
                status, body = seats[decision.split()[0]].decide(decision, turn)
                check(status == 200, "%s: %s %s" % (decision, status, body))
            if turn < last:
                seats["white"].decide("next", turn)
        for team in teams + ["board", "evaluator"]:
            join(driver, server, team)
            time.sleep(0.5)
            text = act(driver, lambda d: d.find_element(By.TAG_NAME, "body").text)
            source = driver.page_source
            knows = team if team in teams else ("white" if team == "evaluator" else None)
            for word, allowed in table:
                may = (knows in allowed) if knows else allowed == set(teams)
                check(may or (word not in text and word not in source), "%s's page shows '%s', which it may not know" % (team, word))
            if team not in ("white", "evaluator", "board"):
                for phrase in ["ground truth", "FALSE report"]:
                    check(phrase not in text, "%s's page shows '%s'" % (team, phrase))
            for word in shows.get(knows, []) if knows else []:
                check(word in text, "%s's page does not show '%s'" % (team, word))
            check(not console_errors(driver), "%s's page logged no errors" % team)
    finally:
        driver.quit()
        server.stop()


def main():
    screens = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "seat-screens")
    folder = tempfile.mkdtemp(prefix="cdx-browser-")
    try:
        pacific_shield(folder, screens)
        canary(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if failures:
        print("browser-test: %d check(s) failed" % len(failures))
        sys.exit(1)
    print("browser-test: ok — four browsers on Pacific Shield (typed and clicked decisions, live updates), "
          "every canary seat's page clean; screenshots in " + screens)


if __name__ == "__main__":
    main()
