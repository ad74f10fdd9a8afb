"""The dev web chat in headless Chromium against a real uvicorn on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import flow_words as words
from tests.integration.test_http_uvicorn import free_port, migrate, server_env, wait_until_up

pytestmark = pytest.mark.integration
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def require_chromium() -> None:
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and shutil.which("chromium"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("chromium and chromium-driver must be installed in CI (see .ci/run)")
    pytest.skip("chromium is not installed")


@contextmanager
def uvicorn_server(tmp_path: Path, env: dict[str, str]) -> Iterator[str]:
    """`bobby serve`'s app under uvicorn on a free loopback port, its database migrated."""
    port = free_port()
    migrate(tmp_path, env)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uvicorn", "bobby_main.asgi:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    env = server_env(tmp_path)
    del env["TWILIO_AUTH_TOKEN"]
    del env["PUBLIC_BASE_URL"]  # chart links must follow the address the browser used
    with uvicorn_server(tmp_path, env) as base:
        yield base


@pytest.fixture
def browser() -> Iterator[object]:
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # Nothing may be downloaded or synced: the test runs offline.
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_typing_hi_in_the_web_chat_gets_the_consent_text_then_the_menu(server: str,
                                                                        browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    browser.get(f"{server}/")  # the home page redirects to the chat
    wait = WebDriverWait(browser, 15)
    phone = wait.until(ec.presence_of_element_located((By.ID, "phone"))).text
    assert phone.startswith("+1")
    assert phone[5:10] == "55501"
    box = browser.find_element(By.ID, "text")
    box.send_keys("hi")
    browser.find_element(By.ID, "send").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "log"), "Is that OK?"))
    log = browser.find_element(By.ID, "log").text
    assert "automated well-being companion" in log
    box.send_keys("yes")
    browser.find_element(By.ID, "send").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "log"), "Reply with a number"))
    bobby = browser.find_elements(By.CSS_SELECTOR, ".msg.bobby")
    assert len(bobby) >= 3
    # The page remembers its fictional number across reloads.
    browser.refresh()
    assert wait.until(ec.presence_of_element_located((By.ID, "phone"))).text == phone


def test_the_web_chat_formats_shows_charts_keeps_its_history_and_header(server: str,
                                                                        browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    assert isinstance(browser, WebDriver)
    browser.get(f"{server}/chat")
    wait = WebDriverWait(browser, 20)
    icon = browser.find_element(By.CSS_SELECTOR, "link[rel=icon]").get_attribute("href")
    assert icon == f"{server}/favicon.svg"
    # A UK number, so crisis replies carry UK helplines.
    Select(browser.find_element(By.ID, "country")).select_by_value("GB")
    phone = browser.find_element(By.ID, "phone").text
    assert phone.startswith("+447700900")

    def say(text: str, expect: str) -> None:
        box = browser.find_element(By.ID, "text")
        box.send_keys(text)
        browser.find_element(By.ID, "send").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "log"), expect))

    say("hi", "Is that OK?")
    say("yes", "Reply with a number")
    say("3", words.text("release_focus", "challenge"))
    bold = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.bobby strong")]
    assert "Release and Focus" in bold  # the welcome's own *bold*, shown as bold
    assert "*Release and Focus*" not in browser.find_element(By.ID, "log").text
    say("menu", "Reply with a number")
    say("4", "1 of 12")
    italic = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.bobby em")]
    assert any(text.startswith("At work") for text in italic)
    for n in range(2, 13):
        say("3", f"{n} of 12")
    say("3", "Your results")
    chart = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".msg.bobby img")))
    assert str(chart.get_attribute("src")).startswith(f"{server}/media/")
    wait.until(lambda _: browser.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth", chart) == 800)
    # The header stays at the top however far the page or the conversation scrolls.
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight);"
                           "document.getElementById('log').scrollTop = 1e6;")
    top = browser.execute_script("return document.getElementById('top').getBoundingClientRect().top")
    assert top == 0
    # Mid-exercise, a reload shows the conversation so far, charts and formatting included.
    browser.refresh()
    wait.until(ec.text_to_be_present_in_element((By.ID, "log"), "Your results"))
    assert browser.find_element(By.ID, "phone").text == phone
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.bobby img")
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.bobby strong")
    say("I want to kill myself", "Samaritans")


def test_user_text_is_never_read_as_markup(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    browser.get(f"{server}/chat")
    wait = WebDriverWait(browser, 15)
    hostile = '<img src=x onerror="document.title=\'owned\'"> *not bold*'
    browser.find_element(By.ID, "text").send_keys(hostile)
    browser.find_element(By.ID, "send").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".msg.you"), "<img src=x"))
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.you img") == []
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.you strong") == []
    assert browser.title != "owned"


def test_addresses_are_links_and_a_reload_shows_no_empty_bubble(server: str,
                                                                 browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    browser.get(f"{server}/chat")
    wait = WebDriverWait(browser, 15)

    def say(text: str, expect: str) -> None:
        browser.find_element(By.ID, "text").send_keys(text)
        browser.find_element(By.ID, "send").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "log"), expect))

    say("hi", "Is that OK?")
    say("yes", "Reply with a number")
    say("export my data", "/exports/")
    [link] = browser.find_elements(By.CSS_SELECTOR, ".msg.bobby a[href*='/exports/']")
    assert link.get_attribute("target") == "_blank"
    assert link.text == link.get_attribute("href")
    # "hi" came before consent and was not kept: after a reload it leaves no empty bubble.
    browser.refresh()
    wait.until(ec.text_to_be_present_in_element((By.ID, "log"), "/exports/"))
    mine = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.you")]
    assert mine == ["yes", "export my data"]
