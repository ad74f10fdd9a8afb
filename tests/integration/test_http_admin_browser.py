"""The admin pages in headless Chromium against a real uvicorn: the login form, every section
with its numbers, the feel-after chart drawn (a screenshot with the chart's colours in it),
hostile feedback shown as text, and the API refused once signed out."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.integration.admin_support import ADMIN_TOKEN, CRISIS_TEXT, seed
from tests.integration.test_http_chat_browser import browser, uvicorn_server
from tests.integration.test_http_uvicorn import server_env

pytestmark = pytest.mark.integration
__all__ = ["browser"]  # the fixture, shared with the web chat's browser test

CHART_BLUE = (0x2B, 0x6C, 0xB0)  # the first series' colour in bobby_http/admin/charts.py


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    env = server_env(tmp_path, ADMIN_TOKEN=ADMIN_TOKEN)
    with uvicorn_server(tmp_path, env) as base:
        asyncio.run(seed(env["DATABASE_URL"]))
        # localhost, not 127.0.0.1: the session cookie is Secure, which Chromium accepts over
        # plain HTTP for localhost only.
        yield base.replace("127.0.0.1", "localhost")


def test_an_operator_signs_in_and_reads_every_section(server: str, browser: object,
                                                      tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    wait = WebDriverWait(browser, 15)
    browser.get(f"{server}/admin/users")
    box = wait.until(ec.presence_of_element_located((By.ID, "token")))
    box.send_keys("a guess")
    browser.find_element(By.ID, "sign-in").click()
    wait.until(ec.presence_of_element_located((By.ID, "error")))
    browser.find_element(By.ID, "token").send_keys(ADMIN_TOKEN)
    browser.find_element(By.ID, "sign-in").click()
    # The title, not an element: the login page's elements vanish while the next one loads.
    wait.until(ec.title_is("Bobby admin"))
    cookie = browser.get_cookie("bobby_admin")
    assert cookie is not None
    assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"]) == (True, True, "Strict")

    expected = {"users": ["…0301", "…0302", "active"], "funnels": ["reflect", "socratic: 1"],
                "feel-after": ["cheerleader", "5.0"], "feedback": ["Very calming", "<img src=x"],
                "safety": ["self_harm", "rules"], "deliveries": ["63016", "21211"],
                "usage": ["reflect", "1200", "$0.0010"], "erasures": ["operator"]}
    for section, words in expected.items():
        browser.get(f"{server}/admin/{section}")
        text = wait.until(ec.presence_of_element_located((By.TAG_NAME, "main"))).text
        for word in words:
            assert word in text, (section, word)
        assert CRISIS_TEXT not in browser.page_source
    assert browser.title != "owned"  # the hostile feedback stayed text

    browser.get(f"{server}/admin/feel-after")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart svg polyline")) == 2
    shot = tmp_path / "feel-after.png"
    assert browser.save_screenshot(str(shot))
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20  # not a blank page
    assert any(_near(colour, CHART_BLUE) for _, colour in colours)

    browser.find_element(By.CSS_SELECTOR, "header form button").click()  # sign out
    wait.until(ec.presence_of_element_located((By.ID, "token")))
    browser.get(f"{server}/admin/api/users")
    assert '"status":401' in browser.find_element(By.TAG_NAME, "body").text.replace(" ", "")


def _near(colour: object, target: tuple[int, int, int]) -> bool:
    assert isinstance(colour, tuple)
    return all(abs(a - b) <= 12 for a, b in zip(colour, target, strict=True))
