"""The dev web chat in headless Chromium against a real uvicorn on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_http_uvicorn import free_port, migrate, server_env, wait_until_up

pytestmark = pytest.mark.integration
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def require_chromium() -> None:
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and shutil.which("chromium"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("chromium and chromium-driver must be installed in CI (see .ci/run)")
    pytest.skip("chromium is not installed")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = server_env(tmp_path)
    del env["TWILIO_AUTH_TOKEN"]
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
