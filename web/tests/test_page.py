#!/usr/bin/env python3
"""The web page in a real browser: headless Chromium (Debian's chromium and
chromium-driver) driven over WebDriver by selenium.

Each case is played by taps as a person would, on a 360x740 phone screen,
from web/dist/ (bash web/build.sh first), and its report is compared with
`offercheck check --format json` on the same answers: the level, the score
and the rule ids of the findings. The answers are those of the step
conversation tests (crates/cli/tests/integration/step.rs); the pasted
advert is a quoted one from the corpus (crates/cli/tests/corpus/), with its
source there. Screenshots go to web/dist/screenshots/.

    python3 web/tests/test_page.py            run every test
    python3 web/tests/test_page.py --measure  also time the first question
                                              with 4x CPU throttling
"""

import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import traceback
from functools import partial
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "web" / "dist"
SHOTS = DIST / "screenshots"
CORPUS = ROOT / "crates" / "cli" / "tests" / "corpus"
WIDTH, HEIGHT = 360, 740
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

# The Kenya-Russia deposit case (step.rs, kenya_russia_deposit_case_by_sms):
# what is typed or tapped at each question; every other one is "don't know".
KENYA_RUSSIA = {
    "origin": "Kenya",
    "destination": "Russia",
    "job_type": "driver",
    "job_details_vague": "yes",
    "pay_unusually_high": "yes",
    "military_or_combat_mention": "no",
    "found_via": "social_media_or_messaging",
    "contact_channel": "messaging_apps_only",
    "recruiter_phone": "+7 900 000 0000",
    "upfront_payment": "yes",
    "payment_purposes": ["visa", "deposit"],
    "payment_amount_kes": "250,000",
    "payment_method": "personal_account_or_mobile_money",
    "payment_receipt": "no",
    "payment_before_contract": "yes",
    "visa_type": "tourist_or_visit",
    "visa_handled_by": "recruiter_unclear_process",
    "indirect_travel_route": "yes",
    "asked_to_lie_to_officials": "yes",
    "written_contract": "no",
    "pressure_to_decide": "yes",
    "offer_text": "Drivers and guards needed in Moscow. Salary KSh 250,000. Pay a deposit for the visa today.",
}

# The German nurse programme case (step.rs, german_nurse_programme_in_kiswahili),
# the countries typed by their Kiswahili names; every other one is "no".
GERMAN_NURSE = {
    "origin": "Kenya",
    "destination": "Ujerumani",
    "job_type": "healthcare",
    "job_details_vague": "no",
    "pay_unusually_high": "no",
    "military_or_combat_mention": "no",
    "found_via": "government_programme",
    "contact_channel": "official_office_email_phone",
    "upfront_payment": "no",
    "salary_deductions_to_repay": "no",
    "visa_type": "work",
    "visa_handled_by": "employer_via_embassy",
    "written_contract": "yes",
    "contract_language_understood": "yes",
    "contract_attested": "yes",
    "employer_identified": "yes",
    "employer_interviewed": "yes",
    "offer_text": None,
    "recruiter_website": None,
    "recruiter_email": None,
    "recruiter_phone": None,
}

# Addresses whose host names have the Cyrillic "е" and "а" where "nea"
# would be Latin; every other question is "don't know".
LOOKALIKE_ADDRESSES = {
    "origin": "Kenya",
    "destination": "Qatar",
    "recruiter_website": "https://www.n\u0435\u0430-kenya.com/jobs",
    "recruiter_email": "hr@n\u0435\u0430-kenya.com",
}

# A quoted scam advert (Africa Check, the fake USAID Kenya job advert on
# Facebook); the corpus item has its source.
ADVERT_ID = "gen-usaid-registration-fee-quote-01"


def advert():
    items = tomllib.loads((CORPUS / "scam-general.toml").read_text(encoding="utf-8"))["message"]
    item = next(item for item in items if item["id"] == ADVERT_ID)
    assert item["source"].startswith("https://"), item
    return item["text"]


# ---- the page and the browser

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    handler = partial(Quiet, directory=str(DIST))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser(lang="en-US"):
    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--lang={lang}", f"--window-size={WIDTH},{HEIGHT}", "--no-first-run",
                "--disable-background-networking", "--disable-component-update"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True})
    return driver


def fresh(driver, url):
    """Opens `url` with nothing kept from an earlier test."""
    driver.get(url)
    driver.execute_script("localStorage.clear();")
    driver.get(url)


def wait_for(driver, css, timeout=10):
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css))


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def resources(driver):
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map((entry) => entry.name)")


def requests_sent(driver):
    """The page's requests since the last call, from Chrome's performance
    log (data: addresses aside: they never leave the browser)."""
    sent = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith("data:"):
                sent.append(url)
    return sent


# ---- playing a case

def question_id(driver):
    return driver.execute_script(
        "const h = document.querySelector('h1#question'); return h ? h.dataset.id : null;")


def screen(driver):
    return driver.execute_script("return document.querySelector('main').dataset.screen;")


def tap(driver, css):
    element = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def answer(driver, value):
    """Answers the question shown with `value`: an option id (or list of
    ids for ticks), typed text, or None for "don't know"."""
    kind = driver.execute_script("return document.querySelector('h1#question').dataset.kind;")
    if value is None:
        tap(driver, "[data-id='unknown'], #dont-know")
    elif kind == "multi_choice":
        for box in driver.find_elements(By.CSS_SELECTOR, ".options input[type='checkbox']"):
            if box.is_selected() != (box.get_attribute("data-id") in value):
                tap(driver, f"input[data-id='{box.get_attribute('data-id')}']")
        tap(driver, "#next")
    elif kind in ("yes_no", "choice"):
        tap(driver, f"button[data-id='{value}']")
    else:
        field = driver.find_element(By.ID, "answer")
        field.clear()
        field.send_keys(value)
        tap(driver, "#next")


def play(driver, answers, otherwise, on_question=None, limit=80):
    """Answers every question until the review; returns the ids asked."""
    asked = []
    for _ in range(limit):
        if screen(driver) != "question":
            return asked
        current = question_id(driver)
        asked.append(current)
        if on_question and on_question(driver, current, asked):
            continue
        before = driver.execute_script("return document.querySelector('main').dataset.step;")
        answer(driver, answers.get(current, otherwise))
        WebDriverWait(driver, 5).until(
            lambda d: d.execute_script("return document.querySelector('main').dataset.step;") != before)
        refused = driver.find_elements(By.CSS_SELECTOR, ".refused")
        assert not refused, f"{current}: {refused[0].text}"
    raise AssertionError(f"the questionnaire did not end: {asked}")


def kept_answers(driver):
    """The answers, as the page keeps them when asked to."""
    if not driver.find_element(By.ID, "keep").is_selected():
        tap(driver, "#keep")
    kept = driver.execute_script("return localStorage.getItem('offercheck.answers');")
    return json.loads(kept)["answers"]


def check(answers, lang):
    """`offercheck check --format json` on the answers."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.json"
        path.write_text(json.dumps(answers), encoding="utf-8")
        command = [*offercheck(), "check", "--no-input", "--format", "json", "--lang", lang,
                   "--answers", str(path)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def offercheck():
    built = os.environ.get("OFFERCHECK")
    return [built] if built else ["cargo", "run", "--quiet", "-p", "offercheck", "--"]


def report_matches(driver, expected):
    """The report on the page has the level, score and findings of the
    JSON report `expected`, and its tel: and mailto: links are channels'."""
    verdict = driver.find_element(By.CSS_SELECTOR, ".verdict")
    assert verdict.get_attribute("data-level") == expected["level"], verdict.get_attribute("data-level")
    assert int(verdict.get_attribute("data-score")) == expected["score"]
    rules = [card.get_attribute("data-rule") for card in driver.find_elements(By.CSS_SELECTOR, ".card[data-rule]")]
    assert sorted(rules) == sorted(finding["rule"] for finding in expected["findings"]), rules
    phones = {re.sub(r"\D", "", channel["phone"]) for channel in expected["channels"] if channel.get("phone")}
    emails = {channel["email"] for channel in expected["channels"] if channel.get("email")}
    links = [link.get_attribute("href") for link in driver.find_elements(By.CSS_SELECTOR, "a[href^='tel:'], a[href^='mailto:']")]
    assert links, "no contact link"
    for href in links:
        if href.startswith("tel:"):
            assert re.sub(r"\D", "", href) in phones, href
        else:
            assert href.removeprefix("mailto:") in emails, href


def never_safe(driver, word, about, negations):
    """Every sentence of the report that calls the offer (`about`) "safe"
    (`word`) denies it ("a safe place" to stay is another matter)."""
    text = driver.find_element(By.TAG_NAME, "main").text.lower()
    sentences = [part for part in re.split(r"[.:\n]", text)
                 if re.search(rf"\b{word}\b", part) and re.search(rf"\b{about}\b", part)]
    assert sentences, f"the report says nothing about '{word}'"
    for sentence in sentences:
        assert any(re.search(rf"\b{negation}\b", sentence) for negation in negations), sentence


# ---- the tests

def test_kenya_russia_in_english(driver, base):
    """The Kenya-Russia deposit case by taps in English, with Back at the
    amount (to the purposes, whose ticks are kept) and a change from the
    review; the report equals check's and opens with the verdict."""
    fresh(driver, f"{base}/index.html")
    wait_for(driver, "#start-questions")
    shot(driver, "first-screen")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Check a job offer before you pay or sign"
    tap(driver, "#start-questions")
    wait_for(driver, "h1#question")
    shot(driver, "question")
    went_back = []

    def back_once(driver, current, asked):
        if current == "payment_amount_kes" and not went_back:
            went_back.append(current)
            tap(driver, "#back")
            WebDriverWait(driver, 5).until(lambda d: question_id(d) == "payment_purposes")
            ticked = [box.get_attribute("data-id") for box in driver.find_elements(By.CSS_SELECTOR, "input:checked")]
            assert ticked == ["visa", "deposit"], ticked
            return True
        if current == "payment_purposes" and went_back:
            shot(driver, "question-ticks")
        return False

    asked = play(driver, KENYA_RUSSIA, None, back_once)
    assert went_back and "contract_attested" not in asked, asked
    assert screen(driver) == "review"
    shot(driver, "review")
    # The language switched at the review, and back: the same answers.
    for lang, title in (("sw", "Kagua majibu yako"), ("en", "Check your answers")):
        driver.find_element(By.CSS_SELECTOR, f"#lang option[value='{lang}']").click()
        WebDriverWait(driver, 5).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == title)
    assert "Driver" in driver.find_element(By.CSS_SELECTOR, "ul.review").text
    # Change the job from the review: driver to security guard.
    tap(driver, "button[data-id='job_type']")
    WebDriverWait(driver, 5).until(lambda d: question_id(d) == "job_type")
    tap(driver, "button[data-id='security_guard']")
    WebDriverWait(driver, 5).until(lambda d: screen(d) == "review")
    assert "Security guard" in driver.find_element(By.CSS_SELECTOR, "ul.review").text
    tap(driver, "#show-report")
    wait_for(driver, ".verdict")
    assert driver.find_element(By.CSS_SELECTOR, ".verdict h1").text == "DANGER: DO NOT PAY, SIGN OR TRAVEL"
    shot(driver, "report-kenya-russia")
    never_safe(driver, "safe", "offer", ("not", "cannot"))
    answers = kept_answers(driver)
    assert answers["destination"] == "RU" and answers["job_type"] == "security_guard", answers
    assert answers["payment_purposes"] == ["visa", "deposit"] and answers["payment_amount_kes"] == 250000
    expected = check(answers, "en")
    assert expected["level"] == "critical"
    report_matches(driver, expected)


def test_german_nurse_in_kiswahili(driver, base):
    """The German nurse programme case by taps in Kiswahili (the language
    chosen on the first screen), with Back at the contact question and from
    the review; the report equals check --lang sw's and never says safe."""
    fresh(driver, f"{base}/index.html")
    wait_for(driver, "#lang")
    tap(driver, "#lang")
    driver.find_element(By.CSS_SELECTOR, "#lang option[value='sw']").click()
    WebDriverWait(driver, 5).until(lambda d: d.find_element(By.TAG_NAME, "h1").text.startswith("Kagua"))
    assert driver.execute_script("return document.documentElement.lang") == "sw"
    tap(driver, "#start-questions")
    wait_for(driver, "h1#question")
    went_back = []

    def back_once(driver, current, asked):
        if current == "contact_channel" and not went_back:
            went_back.append(current)
            tap(driver, "#back")
            WebDriverWait(driver, 5).until(lambda d: question_id(d) == "found_via")
            chosen = driver.find_element(By.CSS_SELECTOR, "button[aria-pressed='true']")
            assert chosen.get_attribute("data-id") == "government_programme"
            return True
        return False

    asked = play(driver, GERMAN_NURSE, "no", back_once)
    assert went_back and "payment_purposes" not in asked, asked
    assert screen(driver) == "review"
    assert driver.find_element(By.TAG_NAME, "h1").text == "Kagua majibu yako"
    # Back from the review: the last question, answered again, and the review.
    last = asked[-1]
    tap(driver, "#back")
    WebDriverWait(driver, 5).until(lambda d: question_id(d) == last)
    answer(driver, GERMAN_NURSE.get(last, "no"))
    WebDriverWait(driver, 5).until(lambda d: screen(d) == "review")
    tap(driver, "#show-report")
    wait_for(driver, ".verdict")
    shot(driver, "report-german-nurse-sw")
    never_safe(driver, "salama", "nafasi", ("haimaanishi", "haiwezi"))
    answers = kept_answers(driver)
    assert answers["destination"] == "DE" and answers["upfront_payment"] == "no", answers
    expected = check(answers, "sw")
    report_matches(driver, expected)


def test_paste_a_real_advert(driver, base):
    """A quoted scam advert pasted on the first screen is checked at once;
    the report equals check's on that message alone."""
    fresh(driver, f"{base}/index.html")
    wait_for(driver, "#start-paste")
    tap(driver, "#start-paste")
    message = advert()
    area = wait_for(driver, "#message")
    # Pasted whole, as a phone's paste does, not typed key by key.
    driver.execute_script("arguments[0].value = arguments[1];", area, message)
    tap(driver, "#check-message")
    wait_for(driver, ".verdict")
    shot(driver, "report-pasted-advert")
    expected = check({"offer_text": message}, "en")
    assert any(finding["quotes"] for finding in expected["findings"]), "the advert's words are quoted"
    report_matches(driver, expected)
    # Sharing without the Web Share API copies the report's text.
    tap(driver, "#share")
    WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.ID, "copied"))
    assert kept_answers(driver) == {"offer_text": message}
    # Deleting the kept answers leaves nothing stored.
    tap(driver, "#delete")
    assert driver.execute_script("return localStorage.length") == 0


def test_international_addresses(driver, base):
    """A web address and an e-mail address whose host names are written in
    Cyrillic letters that look Latin: the page hands the engine their ASCII
    (punycode) form, converted by the browser, and its report equals
    check's on the addresses as typed, which the command line converts
    itself."""
    fresh(driver, f"{base}/index.html")
    wait_for(driver, "#start-questions")
    tap(driver, "#start-questions")
    wait_for(driver, "h1#question")
    play(driver, LOOKALIKE_ADDRESSES, None)
    assert screen(driver) == "review"
    tap(driver, "#show-report")
    wait_for(driver, ".verdict")
    shot(driver, "report-lookalike-addresses")
    answers = kept_answers(driver)
    assert answers["recruiter_website"] == "https://www.xn--n-kenya-2fg8b.com/jobs", answers
    assert answers["recruiter_email"] == "hr@xn--n-kenya-2fg8b.com", answers
    typed = {**answers, "recruiter_website": LOOKALIKE_ADDRESSES["recruiter_website"],
             "recruiter_email": LOOKALIKE_ADDRESSES["recruiter_email"]}
    expected = check(typed, "en")
    fired = {finding["rule"] for finding in expected["findings"]}
    assert {"WEB003", "EML005"} <= fired, fired
    report_matches(driver, expected)


def test_unreadable_kept_answers_are_deleted(driver, base):
    """Answers kept by an earlier version of the page that this one cannot
    read (here a web address with a non-ASCII host, as kept before the page
    converted hosts) give the error message once and are deleted, so that
    reloading starts again, as the message says."""
    fresh(driver, f"{base}/index.html")
    wait_for(driver, "#start-questions")
    kept = {"answers": {"recruiter_website": LOOKALIKE_ADDRESSES["recruiter_website"]},
            "place": {"mode": "walk"}, "lang": "en"}
    driver.execute_script("localStorage.setItem('offercheck.answers', arguments[0]);", json.dumps(kept))
    driver.refresh()
    error = wait_for(driver, ".refused[role='alert']")
    assert "Reload the page" in error.text and "recruiter_website" in error.text, error.text
    assert driver.execute_script("return localStorage.length") == 0
    driver.refresh()
    wait_for(driver, "#start-questions")


def test_nothing_stored_and_no_request_after_load(driver, base):
    """Played without ticking "keep", nothing is stored; after the page has
    loaded, no request leaves it (its resource entries and Chrome's
    network log), and it forbids every connection."""
    fresh(driver, f"{base}/index.html")
    wait_for(driver, "#start-questions")
    loaded = resources(driver)
    requests_sent(driver)
    tap(driver, "#start-questions")
    wait_for(driver, "h1#question")
    play(driver, {"destination": "Russia", "upfront_payment": "yes"}, None)
    tap(driver, "#show-report")
    wait_for(driver, ".verdict")
    assert resources(driver) == loaded, set(resources(driver)) - set(loaded)
    assert requests_sent(driver) == []
    assert driver.execute_script("return localStorage.length") == 0
    assert driver.execute_script("return document.cookie") == ""
    blocked = driver.execute_async_script(
        "const done = arguments[0];"
        "fetch('index.html').then(() => done('fetched'), () => done('blocked'));")
    assert blocked == "blocked", "connect-src 'none' after load"


def offline(driver, off):
    """Cuts the browser's network off (or gives it back)."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def test_offline_after_the_first_visit(driver, base):
    """After one visit the service worker has the page's files: with the
    server gone the page loads again from its cache and plays a case."""
    own = serve()
    site = f"http://127.0.0.1:{own.server_address[1]}"
    try:
        driver.get(f"{site}/index.html")
        wait_for(driver, "#start-questions")
        driver.set_script_timeout(20)
        scope = driver.execute_async_script(
            "const done = arguments[0];"
            "navigator.serviceWorker.ready.then((registration) => done(registration.scope));")
        assert scope == f"{site}/", scope
    finally:
        own.shutdown()
        own.server_close()
    driver.get(f"{site}/index.html")
    wait_for(driver, "#start-questions")
    assert driver.execute_script("return navigator.serviceWorker.controller !== null")
    tap(driver, "#start-paste")
    driver.execute_script("arguments[0].value = arguments[1];", wait_for(driver, "#message"), advert())
    tap(driver, "#check-message")
    wait_for(driver, ".verdict")
    report_matches(driver, check({"offer_text": advert()}, "en"))
    # The server is gone indeed: what the cache lacks does not load.
    driver.get(f"{site}/index.html?cached")
    wait_for(driver, "#start-questions")
    driver.get(f"{site}/not-cached.txt")
    assert not driver.find_elements(By.ID, "start-questions")
    assert "File not found" not in driver.page_source


def test_single_file_from_file_url(driver, base):
    """offercheck.html opens from file:// with the network off and plays a
    case, with no request but itself."""
    offline(driver, True)
    try:
        fresh(driver, (DIST / "offercheck.html").as_uri())
        single_file_case(driver)
    finally:
        offline(driver, False)


def single_file_case(driver):
    wait_for(driver, "#start-questions")
    requests_sent(driver)
    tap(driver, "#start-questions")
    wait_for(driver, "h1#question")
    play(driver, KENYA_RUSSIA, None)
    tap(driver, "#show-report")
    wait_for(driver, ".verdict")
    assert requests_sent(driver) == []
    report_matches(driver, check(kept_answers(driver), "en"))
    names = resources(driver)
    assert all(not name.startswith("http") for name in names), names


def measure_first_question(driver, base, runs=5):
    """With 4x CPU throttling and a warm cache, the median of `runs` of:
    milliseconds from navigation to the first screen drawn (the engine
    loaded), and from the tap on "Answer questions" to the first question
    drawn (marks the page sets)."""
    fresh(driver, f"{base}/index.html")
    wait_for(driver, "#start-questions")
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
    loads, taps = [], []
    try:
        for _ in range(runs):
            driver.get(f"{base}/index.html")
            wait_for(driver, "#start-questions", timeout=30)
            driver.execute_script(
                "const button = document.getElementById('start-questions');"
                "performance.mark('offercheck-tap'); button.click();")
            wait_for(driver, "h1#question", timeout=30)
            marks = driver.execute_script(
                "const at = (name) => performance.getEntriesByName(name)[0].startTime;"
                "return [at('offercheck-ready'), at('offercheck-question') - at('offercheck-tap')];")
            loads.append(marks[0])
            taps.append(marks[1])
    finally:
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})
    loads.sort()
    taps.sort()
    return loads[len(loads) // 2], taps[len(taps) // 2]


TESTS = [
    test_kenya_russia_in_english,
    test_german_nurse_in_kiswahili,
    test_paste_a_real_advert,
    test_international_addresses,
    test_unreadable_kept_answers_are_deleted,
    test_nothing_stored_and_no_request_after_load,
    test_offline_after_the_first_visit,
    test_single_file_from_file_url,
]


def main():
    if not (DIST / "index.html").is_file() or not (DIST / "offercheck.html").is_file():
        sys.exit("web/tests/test_page.py: web/dist/ is not built: run bash web/build.sh")
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not Path(tool).is_file():
            sys.exit(f"web/tests/test_page.py: {tool} is missing: apt-get install chromium chromium-driver")
    server = serve()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    passed = failed = 0
    driver = browser()
    try:
        for test in TESTS:
            started = time.monotonic()
            try:
                test(driver, base)
                passed += 1
                print(f"ok   {test.__name__} ({time.monotonic() - started:.1f} s)")
            except Exception:  # noqa: BLE001 - every failure is reported, then the next test runs
                failed += 1
                print(f"FAIL {test.__name__}")
                traceback.print_exc()
                shot(driver, f"failed-{test.__name__}")
        if "--measure" in sys.argv:
            load, question = measure_first_question(driver, base)
            print(f"4x CPU throttling, warm cache, median of 5: first screen {load:.0f} ms after "
                  f"navigation, first question {question:.0f} ms after the tap, "
                  f"{load + question:.0f} ms in all")
    finally:
        driver.quit()
        server.shutdown()
    print(f"web: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
