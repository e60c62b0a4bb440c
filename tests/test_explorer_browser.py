"""The explorer and the API docs in a real browser: headless Debian chromium driven by Playwright, no network.

The server is a real uvicorn on 127.0.0.1 over an embedded store holding the seed article as the real pipeline
extracts it; every request the page makes anywhere else is refused, so a CDN dependency would fail the test.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from geokg.api.app import create_app
from geokg.api.settings import Settings
from tests.api_server import serving
from tests.conftest import SEED_ARTICLE

SEED_SENTENCE = "including US Secretary of State Rex Tillerson for the first time"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, nlp):
    """uvicorn on a free port over the seed article's graph; stopped after the module."""
    import geokg

    data_dir = tmp_path_factory.mktemp("explorer")
    store = geokg.open_store(data_dir)
    assert geokg.ingest([SEED_ARTICLE], store, nlp=nlp).stored == 1
    with serving(create_app(Settings(data_dir=data_dir), store=store, nlp=nlp)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser(chromium_path: str):
    """Headless Debian chromium under Playwright."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"], headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that may reach the test server only; what it asked for elsewhere is in page.refused."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # CI and dev machines share 2 cores: be patient, not flaky
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.refused = []
    local = urlsplit(server).netloc

    def only_local(route):
        if urlsplit(route.request.url).netloc == local:
            return route.continue_()
        page.refused.append((route.request.resource_type, route.request.url))
        return route.abort()

    page.route("**/*", only_local)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def non_blank(png: Path) -> bool:
    """Whether a screenshot shows more than one flat colour (a blank or failed page does not)."""
    from PIL import Image

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    return colours is None or len(colours) > 50


def test_search_zarif_open_his_graph_click_the_edge_to_tillerson_and_read_the_sentence(page, server, tmp_path):
    from playwright.sync_api import expect

    page.goto(server + "/")
    expect(page.get_by_role("heading", name="Entities by degree")).to_be_visible()
    page.get_by_role("combobox", name="Search entities").fill("Zarif")
    option = page.get_by_role("option", name="Mohammad Javad Zarif")
    expect(option).to_be_visible()
    option.click()
    expect(page.get_by_role("heading", name="Mohammad Javad Zarif", level=1)).to_be_visible()
    expect(page.locator("#graph")).to_have_attribute("data-state", "ready")

    labels = page.evaluate("explorer.cy.nodes().map(n => n.data('label'))")
    assert "Rex Tillerson" in labels
    colours = page.evaluate("explorer.cy.nodes().map(n => n.style('background-color'))")
    assert len(set(colours)) > 1, "nodes of different types share one colour"
    assert click_edge(page, "Mohammad Javad Zarif", "Rex Tillerson") == "MET"
    evidence = page.get_by_role("region", name="Evidence")
    expect(evidence).to_contain_text(SEED_SENTENCE)
    expect(evidence.get_by_role("heading")).to_have_text("Mohammad Javad Zarif MET Rex Tillerson")
    first_month = page.get_by_role("region", name="Timeline").get_by_role("img").first
    expect(first_month).to_have_attribute("aria-label", re.compile(r"^2017-09: \d+ events, mean Goldstein [+-][\d.]+$"))

    shot = tmp_path / "explorer.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000 and non_blank(shot)
    assert page.refused == [] and page.errors == []


def click_edge(page, source: str, target: str) -> str:
    """Click the middle of the drawn edge from source to target (node labels); returns the edge's label."""
    edge = page.evaluate("""([source, target]) => {
        const e = explorer.cy.edges().filter(e => e.source().data('label') === source
                                               && e.target().data('label') === target)[0];
        const box = document.getElementById('graph').getBoundingClientRect();
        const p = e.renderedMidpoint();
        return {x: box.x + p.x, y: box.y + p.y, label: e.data('label')};
    }""", [source, target])
    page.mouse.click(edge["x"], edge["y"])
    return edge["label"]


def test_rolled_up_to_countries_iran_met_the_us_through_zarif_and_tillerson(page, server):
    from playwright.sync_api import expect

    page.goto(server + "/#/entity/country:IRN")
    expect(page.locator("#graph")).to_have_attribute("data-state", "ready")
    page.get_by_label("Roll up to countries").check()
    expect(page.locator("#graph-status")).to_contain_text("relations shown")
    expect(page.locator("#graph")).to_have_attribute("data-state", "ready")
    assert "Mohammad Javad Zarif" not in page.evaluate("explorer.cy.nodes().map(n => n.data('label'))")
    assert click_edge(page, "Iran", "United States") == "MET"
    expect(page.get_by_role("region", name="Evidence")).to_contain_text(SEED_SENTENCE)


def test_filters_narrow_the_graph(page, server):
    from playwright.sync_api import expect

    page.goto(server + "/#/entity/person:mohammad-javad-zarif")
    expect(page.locator("#graph")).to_have_attribute("data-state", "ready")
    everything = page.evaluate("explorer.cy.edges().length")
    assert everything >= 2
    page.get_by_label("Quad class").select_option("4")
    expect(page.locator("#graph-status")).to_contain_text("0 of 0 relations")
    assert page.evaluate("explorer.cy.edges().length") == 0
    page.get_by_label("Quad class").select_option("")
    page.get_by_label("Since").fill("2030-01-01")
    page.get_by_label("Since").dispatch_event("change")
    expect(page.locator("#graph-status")).to_contain_text("0 of 0 relations")


def test_dyad_view_lists_the_events_between_two_actors(page, server):
    from playwright.sync_api import expect

    page.goto(server + "/#/dyad")
    page.get_by_label("First actor").fill("Zarif")
    page.get_by_label("Second actor").fill("Rex Tillerson")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("region", name="Events")).to_contain_text(SEED_SENTENCE)
    expect(page.get_by_text("1 events")).to_be_visible()
    page.get_by_label("Second actor").fill("Atlantis")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("no entity with id, name or code 'Atlantis'")


@pytest.mark.parametrize(("path", "title"), [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")])
def test_api_docs_render_with_no_network(page, server, path, title):
    from playwright.sync_api import expect

    page.goto(server + path)
    # a megabyte of documentation script to parse and render: give a loaded machine time
    expect(page.locator(title).first).to_contain_text("geokg", timeout=45_000)
    expect(page.get_by_text("/entities/{entity_id}/relations").first).to_be_visible()
    # everything that makes the page is local; ReDoc's bundle only tries an optional logo image (hidden on error)
    assert [url for kind, url in page.refused if kind != "image"] == []
