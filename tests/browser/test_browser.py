"""In a real browser (Debian's chromium through Playwright): the site served under a sub-path, as
GitHub Pages serves it, loads with no failed or foreign request, no console error, and rendered math.

Skipped when chromium is missing: `apt-get install chromium` (`.ci/run` does this in CI)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.helpers import DATA, TESTS, measured, mkdocs_build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="chromium not installed: run `apt-get install chromium`")
SUB_PATH = "notes-kb"
SCREENSHOTS = TESTS / "screenshots"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from tests.helpers import ROOT
    yield from _serve(tmp_path_factory, ROOT)  # the project itself, as the Pages workflow builds it


def _serve(tmp_path_factory, project: Path, strict: bool = True):
    """Build `project` under a sub-path, as GitHub Pages serves it, and serve it while the tests run."""
    www = tmp_path_factory.mktemp("www")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(www)))
    base = f"http://127.0.0.1:{server.server_port}/{SUB_PATH}/"
    mkdocs_build(project, www / SUB_PATH, strict=strict, site_url=base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


def _project_with(tmp_path_factory, fill_notes) -> Path:
    """The project's config and docs with a notes folder of other notes (`fill_notes(folder)`)."""
    from tests.helpers import site_sources
    project = tmp_path_factory.mktemp("project")
    fill_notes(site_sources(project))
    return project


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield instance
        instance.close()


def visit(browser, url: str, screenshot: str | None = None, dark: bool = False, whole: bool = False) -> dict:
    page = browser.new_page(color_scheme="dark" if dark else "light")
    seen = {"foreign": [], "failed": [], "errors": []}
    host = urlparse(url).netloc
    page.on("request", lambda r: urlparse(r.url).netloc not in (host, "") and seen["foreign"].append(r.url))
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("response", lambda r: r.status >= 400 and seen["failed"].append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(url, wait_until="networkidle")
    try:  # KaTeX is fetched once the page is up: the network can be idle before it is asked for
        page.wait_for_function("!document.querySelector('.arithmatex:not([data-kb-rendered])')", timeout=15000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the assertions below say what is wrong
        pass
    seen["raw_tex"] = page.evaluate("document.body.innerText.includes('\\\\(')")
    seen["math"] = page.locator(".arithmatex").count()
    seen["rendered"] = page.locator(".arithmatex .katex").count()
    if screenshot:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=whole)
    page.close()
    return seen


QUESTION_PAGE = "q/1x1-juan-ji-you-shen-me-zuo-yong/"


@pytest.mark.parametrize("path", ["", "notes/shen-du-xue-xi-wen-ti-zong-jie/", "notes/mian-shi-ti-shen-du-xue-xi/",
                                  "report/", "about/", "formulas/", QUESTION_PAGE,
                                  "q/ti-du-bao-zha-xiao-shi-shi-ru-he-chan/", "topics/juan-ji-shen-jing-wang-luo/"])
def test_pages_load_clean_under_a_sub_path(served, browser, path):
    seen = visit(browser, served + path)
    assert seen["foreign"] == []
    assert seen["failed"] == []
    assert seen["errors"] == []
    assert seen["rendered"] == seen["math"], "every formula element is rendered by KaTeX"
    assert not seen["raw_tex"], "no raw \\( TeX anywhere on the page, table of contents included"


def test_screenshots_light_and_dark(served, browser):
    for dark in (False, True):
        suffix = "dark" if dark else "light"
        visit(browser, served, f"home-{suffix}.png", dark)
        seen = visit(browser, served + "notes/shen-du-xue-xi-wen-ti-zong-jie/", f"note-{suffix}.png", dark)
        assert seen["rendered"] > 20
        visit(browser, served + QUESTION_PAGE, f"question-{suffix}.png", dark)
        seen = visit(browser, served + "formulas/", f"formulas-{suffix}.png", dark)
        assert seen["rendered"] > 50
    assert len(list(SCREENSHOTS.glob("*.png"))) >= 8


def test_formula_filter_narrows_the_list_as_one_types(served, browser):
    page = browser.new_page()
    page.goto(served + "formulas/", wait_until="networkidle")
    entries = page.locator(".kb-formula")
    total = entries.count()
    page.locator("input.kb-formula-filter").fill("sigmoid")
    visible = page.locator(".kb-formula:visible").count()
    assert 0 < visible < total
    page.locator("input.kb-formula-filter").fill("")
    assert page.locator(".kb-formula:visible").count() == total
    page.close()


def test_an_occurrence_link_lands_on_its_formula_after_instant_navigation(served, browser):
    page = browser.new_page()
    page.goto(served + "formulas/", wait_until="networkidle")
    link = page.locator(".kb-formula-links a").first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_function(f"document.getElementById('{anchor}') !== null")
    page.wait_for_function(f"document.getElementById('{anchor}').querySelector('.katex') !== null")
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert page.evaluate(f"document.getElementById('{anchor}').classList.contains('arithmatex')")
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], "the page scrolled to the formula"
    page.close()


QUERIES = DATA / "search-queries.yml"


_RESULTS = """() => [document.querySelector('.md-search-result__meta')?.textContent || '',
                     ...[...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href)].join('|')"""


def _search(page, query: str) -> list[str]:
    """The result pages, best first, for a query typed into Material's search box."""
    before = page.evaluate(_RESULTS)
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material reads the box on keyup
    try:  # two queries may well give the same results: then nothing changes
        page.wait_for_function(f"before => ({_RESULTS})() !== before", arg=before, timeout=2000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError
        pass
    page.wait_for_timeout(200)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    pages = []
    for href in hrefs:
        path = urlparse(href).path
        if path not in pages:
            pages.append(path)
    return pages


@pytest.fixture(scope="module")
def served_dev(tmp_path_factory):
    """../shared/corpora/dev/, real notes nobody here wrote, served."""
    from tests.helpers import CORPORA
    if not (CORPORA / "dev").is_dir():
        pytest.skip(f"no dev corpus at {CORPORA}")
    project = _project_with(tmp_path_factory, lambda notes: shutil.copytree(CORPORA / "dev", notes))
    yield from _serve(tmp_path_factory, project, strict=False)


def _search_quality(served: str, browser, queries_file: Path) -> tuple[int, float, float, list[str]]:
    """Type every query of `queries_file` into Material's search box: (queries, hit@3, MRR, misses)."""
    import json
    import urllib.request

    import yaml
    queries = yaml.safe_load(queries_file.read_text("utf-8"))
    kb = json.loads(urllib.request.urlopen(served + "kb.json").read())
    page_of = {f"{s['note']}:{s['line']}": urlparse(served + q["url"]).path
               for q in kb["questions"] for s in q["sources"]}
    page = browser.new_page()
    page.goto(served, wait_until="networkidle")
    page.locator("input.md-search__input").focus()
    _search(page, "卷积")  # the index is loaded in the background: wait for it once
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    # What the worker gets: words cut and stop words dropped, each Chinese word closed by a character
    # no index holds, so that Material's own segmentation keeps the word whole (see notes-kb.js).
    assert page.evaluate("notesKbSearchQuery('什么是深度可分离卷积')") == "深度可分离卷积\u3007"
    hits, reciprocal, misses = 0, 0.0, []
    for item in queries:
        wanted = {page_of[w] for w in item["want"]}
        results = _search(page, item["query"])
        rank = next((n for n, path in enumerate(results, 1) if path in wanted), None)
        hits += rank is not None and rank <= 3
        reciprocal += 1 / rank if rank else 0.0
        if rank is None or rank > 3:
            misses.append(f"{item['query']} -> rank {rank}: {results[:3]}")
    page.close()
    return len(queries), hits / len(queries), reciprocal / len(queries), misses


def test_search_finds_the_question_page(served, browser):
    count, hit_at_3, mrr, misses = _search_quality(served, browser, QUERIES)
    measured("search", f"{count} queries, hit@3 {hit_at_3:.2f}, MRR {mrr:.2f}"
                       + "".join(f"; miss: {miss}" for miss in misses))
    assert count >= 40
    assert hit_at_3 >= 0.95 and mrr >= 0.9, misses


def test_search_finds_the_question_page_on_notes_nobody_here_wrote(served_dev, browser):
    count, hit_at_3, mrr, misses = _search_quality(served_dev, browser, QUERIES.with_name("search-queries-dev.yml"))
    measured("search (dev corpus)", f"{count} queries, hit@3 {hit_at_3:.2f}, MRR {mrr:.2f}"
                                    + "".join(f"; miss: {miss}" for miss in misses))
    assert count >= 30
    assert hit_at_3 >= 0.95 and mrr >= 0.9, misses


def _kb(served: str) -> dict:
    import json
    import urllib.request
    return json.loads(urllib.request.urlopen(served + "kb.json").read())


def _first_paragraph_has_math(url: str) -> bool:
    """What the preview shows: the page's first paragraph outside the plugin's navigation blocks."""
    import urllib.request

    from bs4 import BeautifulSoup
    article = BeautifulSoup(urllib.request.urlopen(url).read(), "html.parser").select_one("article")
    first = next((p for p in article.select("p, li") if not p.find_parent(class_="kb-nav") and p.get_text(strip=True)),
                 None)
    return first is not None and first.select_one(".arithmatex") is not None


def _preview_pair(served: str) -> tuple[dict, dict]:
    """A question page that links to a question whose first paragraph has math."""
    kb = _kb(served)
    by_id = {q["id"]: q for q in kb["questions"]}
    for source in kb["questions"]:
        for target_id in source["links"] + source["related"]:
            if _first_paragraph_has_math(served + by_id[target_id]["url"]):
                return source, by_id[target_id]
    pytest.fail("no question links to a question whose first paragraph has math")


def _link_to(page, url: str):
    """The first link in the page's content that leads to url."""
    found = page.evaluate("""url => {
        const link = [...document.querySelectorAll('.md-content a[href]')].find(a => a.href.split('#')[0] === url);
        if (link) link.setAttribute('data-test-target', '1');
        return !!link;
    }""", url)
    assert found, f"no link to {url}"
    return page.locator("[data-test-target]").first


def test_hover_preview_shows_title_topic_and_rendered_math(served, browser):
    source, target = _preview_pair(served)
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + source["url"], wait_until="networkidle")
    link = _link_to(page, served + target["url"])
    link.hover()
    preview = page.locator(".kb-preview:not([hidden])")
    preview.wait_for(timeout=5000)
    assert preview.locator(".kb-preview-title").inner_text() == target["title"]
    assert target["topic"] in preview.locator(".kb-preview-topic").inner_text()
    assert preview.locator(".katex").count() > 0, "math in the preview is rendered"
    assert preview.locator(".arithmatex").count() == preview.locator(".arithmatex .katex").count()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "preview.png"))
    assert link.get_attribute("aria-describedby") == "kb-preview"
    page.mouse.move(0, 0)
    page.wait_for_selector(".kb-preview", state="hidden", timeout=3000)
    assert errors == []
    page.close()


def test_preview_on_keyboard_focus_and_after_instant_navigation(served, browser):
    source, target = _preview_pair(served)
    page = browser.new_page()
    page.goto(served + source["url"], wait_until="networkidle")
    link = page.locator(".md-content .kb-related a, .md-content .kb-backlinks a").first
    link.focus()
    page.wait_for_selector(".kb-preview:not([hidden])", timeout=5000)
    page.keyboard.press("Escape")
    page.wait_for_selector(".kb-preview", state="hidden", timeout=3000)
    link.click()  # Material's instant navigation: the page changes without a reload
    page.wait_for_function("(old) => location.href !== old", arg=served + source["url"])
    page.wait_for_selector(".md-content .kb-related a, .md-content .kb-backlinks a")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1, "no full reload"
    page.locator(".md-content .kb-related a, .md-content .kb-backlinks a").first.hover()
    page.wait_for_selector(".kb-preview:not([hidden])", timeout=5000)
    page.close()


def test_long_press_previews_on_touch_and_tap_follows(served, browser):
    source, _ = _preview_pair(served)
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(served + source["url"], wait_until="networkidle")
    link = page.locator(".md-content .kb-related a, .md-content .kb-backlinks a").first
    link.scroll_into_view_if_needed()
    link.dispatch_event("touchstart")
    page.wait_for_selector(".kb-preview:not([hidden])", timeout=5000)
    link.dispatch_event("touchend")
    link.dispatch_event("click")  # the click that ends a long press does not leave the page
    page.wait_for_timeout(300)
    assert page.url.split("#")[0] == served + source["url"], "navigation.tracking may change the hash only"
    link.tap()  # a plain tap follows the link
    page.wait_for_function("(old) => location.href.split('#')[0] !== old", arg=served + source["url"])
    context.close()


def _node_in_plain_view(page, besides: int | None = None) -> tuple[int, dict]:
    """The graph node nearest the drawing's middle whose centre no other node covers: (its number,
    its circle's box)."""
    box = page.locator(".kb-graph svg").bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    circles = page.locator(".kb-graph .kb-graph-node circle")
    spots = [(n, circles.nth(n).bounding_box()) for n in range(circles.count()) if n != besides]
    def distance(item) -> float:
        _, b = item
        return abs(b["x"] + b["width"] / 2 - middle[0]) + abs(b["y"] + b["height"] / 2 - middle[1])
    spots = sorted(((n, b) for n, b in spots if b), key=distance)
    for number, spot in spots:
        on_top = page.evaluate("([x, y, n]) => document.elementFromPoint(x, y) === "
                               "document.querySelectorAll('.kb-graph .kb-graph-node circle')[n]",
                               [spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2, number])
        if on_top:
            return number, spot
    raise AssertionError("no graph node in plain view")


def _background_spot(page, box: dict) -> tuple[float, float]:
    """A point of the drawing no node, edge or label covers (where a drag pans), near its top left."""
    for dy in range(5, int(box["height"]) - 60, 15):
        for dx in range(5, int(box["width"]) - 60, 15):
            x, y = box["x"] + dx, box["y"] + dy
            bare = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y);"
                                 " return !!e && !e.closest('.kb-graph-node') && e.tagName !== 'line' }", [x, y])
            if bare:
                return x, y
    raise AssertionError("no bare background in the graph")


def test_graph_page_draws_every_question_and_responds(served, browser):
    kb = _kb(served)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + "graph/", wait_until="networkidle")
    page.wait_for_selector(".kb-graph svg .kb-graph-node")
    nodes = page.locator(".kb-graph .kb-graph-node")
    assert nodes.count() == len(kb["questions"])
    edges = int(page.locator(".kb-graph").get_attribute("data-edges"))
    assert page.locator(".kb-graph line.kb-edge").count() == edges > len(kb["questions"]) / 2
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "graph.png"))

    page.locator(".kb-graph-search").fill("卷积")  # search to highlight
    matches = page.locator(".kb-graph .kb-match").count()
    expected = sum("卷积" in q["title"] + " " + q["topic"] for q in kb["questions"])
    assert matches == expected > 0
    assert page.locator(".kb-graph .kb-graph-node.kb-dim").count() == len(kb["questions"]) - matches
    page.screenshot(path=str(SCREENSHOTS / "graph-search.png"))
    page.locator(".kb-graph-search").fill("")
    assert page.locator(".kb-graph .kb-dim").count() == 0

    viewport = page.locator(".kb-graph .kb-viewport")
    box = page.locator(".kb-graph svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)  # zoom in
    page.wait_for_function("document.querySelector('.kb-viewport').getAttribute('transform').indexOf('scale(1)') < 0")
    zoomed = viewport.get_attribute("transform")
    x, y = _background_spot(page, box)  # drag the background: pan
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 55, y + 40, steps=5)
    page.mouse.up()
    assert viewport.get_attribute("transform") != zoomed

    number, spot = _node_in_plain_view(page)  # the first node may be off screen after the zoom and pan
    circle = page.locator(".kb-graph .kb-graph-node circle").nth(number)
    before = (circle.get_attribute("cx"), circle.get_attribute("cy"))
    x, y = spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2
    page.mouse.move(x, y)  # drag a node: it moves, the page stays
    page.mouse.down()
    page.mouse.move(x + 40, y + 30, steps=5)
    page.mouse.up()
    assert (circle.get_attribute("cx"), circle.get_attribute("cy")) != before
    assert page.url == served + "graph/"

    number, spot = _node_in_plain_view(page, besides=number)  # click: open the question
    node = page.locator(".kb-graph .kb-graph-node").nth(number)
    wanted = node.get_attribute("data-id")
    page.mouse.click(spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
    url = next(q["url"] for q in kb["questions"] if q["id"] == wanted)
    page.wait_for_url(served + url)
    assert errors == []
    page.close()


def test_local_graph_links_the_page_to_its_neighbours(served, browser):
    kb = _kb(served)
    urls = {served + q["url"] for q in kb["questions"]}
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + QUESTION_PAGE, wait_until="networkidle")
    nodes = page.locator(".kb-local-graph svg .kb-graph-node")
    assert 0 < nodes.count() <= 12
    targets = page.eval_on_selector_all(
        ".kb-local-graph svg .kb-graph-node",
        "els => els.map(a => new URL(a.getAttribute('xlink:href') || a.getAttribute('href'), location.href).href)")
    assert set(targets) <= urls and served + QUESTION_PAGE not in targets
    page.locator(".kb-local-graph").scroll_into_view_if_needed()
    page.locator(".kb-local-graph").screenshot(path=str(SCREENSHOTS / "local-graph.png"))
    nodes.first.locator("circle").click()
    page.wait_for_url(targets[0])
    assert errors == [], "Material's instant navigation copes with the SVG links"
    page.close()


def test_practice_mode_reveals_answers_filters_and_remembers(served, browser):
    kb = _kb(served)
    titles = {q["title"]: q for q in kb["questions"]}
    page = browser.new_page()
    page.goto(served, wait_until="networkidle")
    page.locator("a.kb-random").click()  # 随机一题 on the home page opens practice mode
    page.wait_for_selector(".kb-practice-question:not(:empty)")
    question = page.locator(".kb-practice-question").inner_text()
    assert question in titles
    assert page.locator(".kb-practice-answer").is_hidden(), "only the question until asked"
    page.locator(".kb-practice-reveal").click()
    page.wait_for_selector(".kb-practice-answer .kb-practice-open")
    answer = page.locator(".kb-practice-answer")
    assert len(answer.inner_text()) > 20
    assert answer.locator(".arithmatex").count() == answer.locator(".arithmatex .katex").count()
    assert answer.locator(".kb-nav:not(a), h1").count() == 0, "answers only: no sources, related or graph blocks"
    shown = page.evaluate("() => document.querySelector('.kb-practice-answer article').innerText.replace(/\\s+/g, '')")
    other = browser.new_page()  # the same answers as the question page, auto-linked words and all
    other.goto(served + titles[question]["url"], wait_until="networkidle")
    expected = other.evaluate("""() => {
        const article = document.querySelector('article').cloneNode(true);
        article.querySelectorAll('h1, .kb-nav:not(a), .headerlink').forEach(n => n.remove());
        document.body.appendChild(article);
        return article.innerText.replace(/\\s+/g, '');
    }""")
    other.close()
    assert shown == expected
    page.screenshot(path=str(SCREENSHOTS / "practice.png"), full_page=True)
    seen = page.evaluate("JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('notes-kb:seen:'))[1])")
    assert seen == [titles[question]["id"]]

    topic = min((t for t in kb["topics"] if t["questions"] >= 2), key=lambda t: t["questions"])
    page.locator(".kb-practice-topic").select_option(topic["name"])
    page.locator(".kb-practice-unseen").check()
    shown = set()
    for _ in range(topic["questions"] + 1):
        title = page.locator(".kb-practice-question").inner_text()
        if title not in titles:
            break
        assert titles[title]["topic"] == topic["name"], "only the chosen topic"
        assert title not in shown, "only unseen questions"
        shown.add(title)
        page.locator(".kb-practice-reveal").click()
        page.wait_for_selector(".kb-practice-answer .kb-practice-open")
        page.locator(".kb-practice-next").click()
    assert len(shown | ({question} if titles[question]["topic"] == topic["name"] else set())) == topic["questions"]
    assert "都看过了" in page.locator(".kb-practice-question").inner_text()
    page.reload(wait_until="networkidle")  # remembered across visits
    page.locator(".kb-practice-topic").select_option(topic["name"])
    assert f"已看过 {topic['questions']} / {topic['questions']}" in page.locator(".kb-practice-status").inner_text()
    page.close()


def _page_weight(browser, url: str) -> tuple[int, int, list[str]]:
    """Bytes a visit downloads without images, raw and gzip-compressed (as GitHub Pages serves
    text), counting every request the page and its workers make until the network is idle."""
    import gzip
    context = browser.new_context()
    page = context.new_page()
    bodies: dict[str, bytes] = {}

    def keep(response):
        if response.request.resource_type != "image" and response.status < 300:
            try:
                bodies[response.url] = response.body()
            except Exception:  # noqa: BLE001 - a body the browser dropped (redirect, abort)
                pass
    context.on("response", keep)
    page.goto(url, wait_until="networkidle")
    # Count what a page fetches after it is up too: KaTeX and its fonts, the graph's layout.
    page.wait_for_function("!document.querySelector('.arithmatex:not([data-kb-rendered])')", timeout=15000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    context.close()
    raw = sum(len(b) for b in bodies.values())
    compressed = sum(len(gzip.compress(b, 6)) for b in bodies.values())
    return raw, compressed, sorted(bodies)


def test_page_weight_of_a_question_page_and_the_graph(served, browser):
    raw, compressed, files = _page_weight(browser, served + QUESTION_PAGE)
    graph_raw, graph_compressed, _ = _page_weight(browser, served + "graph/")
    measured("page weight", f"question page {compressed / 1024:.0f} KB transferred gzip ({raw / 1024:.0f} KB raw, "
                            f"{len(files)} files, no images); graph page {graph_compressed / 1024:.0f} KB gzip "
                            f"({graph_raw / 1024:.0f} KB raw)")
    assert compressed < 300 * 1024, files


def test_crawl_every_page_under_the_sub_path(served):
    """As GitHub Pages serves it: every page, and every link, image, script and style they use, loads."""
    import urllib.error
    import urllib.request
    from html.parser import HTMLParser
    from urllib.parse import urldefrag, urljoin

    class References(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            for name in ("href", "src"):
                if attrs.get(name) and not (tag == "link" and "preconnect" in (attrs.get("rel") or "")):
                    self.found.append(attrs[name])

    origin = served.split("/" + SUB_PATH)[0]
    seen, queue, broken, pages = set(), [served, served + "404.html"], [], 0  # Pages serves 404.html for any miss
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            broken.append(f"{error.code} {url}")
            continue
        if "text/html" not in kind:
            continue
        pages += 1
        parser = References()
        parser.feed(body.decode("utf-8"))
        for reference in parser.found:
            target = urldefrag(urljoin(url, reference))[0]
            if target.startswith(origin) and target not in seen:
                assert target.startswith(served), f"{url} leaves the sub-path: {reference}"
                queue.append(target)
    measured("pages crawl", f"{pages} pages, {len(seen)} URLs under /{SUB_PATH}/, broken {len(broken)}")
    assert pages > 100
    assert broken == []


def test_live_reload_updates_the_open_page(project_copy, browser):
    """`mkdocs serve` on a copy of the project: edit a note, and the page open in the browser
    shows the edit by itself (and a new question gets its page)."""
    import subprocess
    import sys

    from tests.helpers import ENV, fetch, free_port, wait_for
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "-f", str(project_copy / "mkdocs.yml")], cwd=project_copy, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/notes/shen-du-xue-xi-wen-da/"
    page = browser.new_page()
    try:
        assert wait_for(lambda: "Q1" in fetch(url), 60), "mkdocs serve did not come up"
        page.goto(url, wait_until="load")  # live reload keeps a request open: never "networkidle"
        page.wait_for_function("document.querySelector('.arithmatex .katex') !== null")
        note = project_copy / "notes" / "深度学习问答.md"
        note.write_text(note.read_text(encoding="utf-8") + "\n## Q8：浏览器热更新测试是什么？\n\n答案在这里。\n",
                        encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('浏览器热更新测试是什么')", timeout=60000)
        try:  # KaTeX is fetched after the reloaded page is up
            page.wait_for_function("document.querySelector('.arithmatex .katex') !== null", timeout=15000)
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the assertion says what is wrong
            pass
        assert page.locator(".arithmatex .katex").count() > 0, "math still renders after the reload"
    finally:
        page.close()
        server.terminate()
        server.wait(timeout=20)


def test_images_load_and_zoom_on_click(tmp_path, browser):
    """A note with a real image: the image loads on its question page and opens enlarged on click."""
    import functools
    import struct
    import zlib

    from tests.helpers import ROOT

    def png(width: int, height: int) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        rows = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))

    project = tmp_path / "p"
    (project / "notes" / "img").mkdir(parents=True)
    (project / "notes" / "img" / "relu.png").write_bytes(png(40, 30))
    (project / "notes" / "图.md").write_text("## ReLU 长什么样？\n\n![ReLU 曲线](/Users/me/img/relu.png)\n", "utf-8")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    www = tmp_path / "www"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(www)))
    base = f"http://127.0.0.1:{server.server_port}/{SUB_PATH}/"
    mkdocs_build(project, www / SUB_PATH, site_url=base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(base + "q/relu-zhang-shen-me-yang/", wait_until="networkidle")
        image = page.locator("article img").first
        assert page.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
        image.click()
        page.wait_for_selector(".glightbox-container .gslide-image img", timeout=5000)
    finally:
        page.close()
        server.shutdown()


def test_every_question_page_renders_clean(served, browser):
    """Every question page and the formula index: all math rendered by KaTeX, no raw TeX, every
    image loaded or shown as a missing-image placeholder, no failed or foreign request, no error."""
    import json
    import urllib.request
    kb = json.loads(urllib.request.urlopen(served + "kb.json").read())
    urls = [served + q["url"] for q in kb["questions"]] + [served + kb["formula_index"]]
    host = urlparse(served).netloc
    seen = {"foreign": [], "failed": [], "errors": []}
    page = browser.new_page()
    page.on("request", lambda r: urlparse(r.url).netloc not in (host, "") and seen["foreign"].append(r.url))
    # Going on to the next page aborts the previous one's background loads (search index): not a failure.
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and seen["failed"].append(r.url))
    page.on("response", lambda r: r.status >= 400 and seen["failed"].append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    problems = []
    for url in urls:
        page.goto(url, wait_until="load")
        page.wait_for_function("[...document.querySelectorAll('.arithmatex')].every(e => e.querySelector('.katex'))")
        state = page.evaluate("""() => ({
            errors: document.querySelectorAll('.katex-error').length,
            raw: document.querySelector('article').innerText.includes('\\\\('),
            images: [...document.querySelectorAll('article img')].filter(i => !i.naturalWidth).length
        })""")
        if state["errors"] or state["raw"] or state["images"]:
            problems.append(f"{url}: {state}")
    page.close()
    measured("render", f"{len(urls)} question pages and the formula index, render problems {len(problems)}")
    assert problems == []
    assert seen == {"foreign": [], "failed": [], "errors": []}


@pytest.fixture(scope="module")
def served_collection(tmp_path_factory):
    """The notes written after real collections' patterns (tests/fixtures/collection-notes), served."""
    from tests.helpers import make_collection_notes
    yield from _serve(tmp_path_factory, _project_with(tmp_path_factory, make_collection_notes), strict=False)


@pytest.mark.parametrize("path, screenshot, formulas", [
    ("q/luo-ji-hui-gui-mo-xing-ding-yi/", "question-formula-images.png", 1),  # codecogs image under a list item
    ("q/sun-shi-han-shu-shi-shen-me/", "question-formula-images-2.png", 2),
    ("q/gong-shi-kuai-ru-he-shu-xie/", "question-display-math-in-lists.png", 8),  # $$ in lists, quotes, tables
])
def test_collection_pages_render_their_math(served_collection, browser, path, screenshot, formulas):
    seen = visit(browser, served_collection + path, screenshot, whole=True)
    assert seen["foreign"] == [] and seen["failed"] == [] and seen["errors"] == []
    assert seen["math"] >= formulas
    assert seen["rendered"] == seen["math"]
    assert not seen["raw_tex"]


@pytest.fixture(scope="module")
def served_empty(tmp_path_factory):
    """A project whose notes folder holds no note yet (a new user's first `make serve`), served."""
    yield from _serve(tmp_path_factory, _project_with(tmp_path_factory, Path.mkdir), strict=False)


@pytest.mark.parametrize("path", ["", "graph/", "practice/", "formulas/", "report/"])
def test_every_page_of_an_empty_site_works(served_empty, browser, path):
    seen = visit(browser, served_empty + path, f"empty-{path.strip('/') or 'home'}.png")
    assert seen["foreign"] == [] and seen["failed"] == [] and seen["errors"] == []


def test_a_question_page_says_where_it_is_and_leads_through_its_topic(served, browser):
    """Breadcrumb 主题 › topic, the topic marked and open in the sidebar, and 上一题/下一题 within the
    topic, in the topic page's order; reachable by keyboard; stacked on a phone."""
    kb = _kb(served)
    question = next(q for q in kb["questions"] if q["url"].rstrip("/").endswith(QUESTION_PAGE.rstrip("/")))
    in_topic = [q["url"] for q in kb["questions"] if q["topic"] == question["topic"]]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(served + QUESTION_PAGE, wait_until="networkidle")
    crumb = page.locator(".kb-breadcrumb a")
    assert crumb.inner_text() == question["topic"]
    active = page.locator(".md-nav--primary a.md-nav__link--active")
    assert active.count() == 1 and active.inner_text().strip() == question["topic"] and active.is_visible()
    links = {rel: page.locator(f".kb-prev-next a[rel={rel}]") for rel in ("prev", "next")}
    at = in_topic.index(question["url"])
    for rel, step in (("prev", -1), ("next", 1)):
        if 0 <= at + step < len(in_topic):
            assert urlparse(links[rel].get_attribute("href")).path.rstrip("/").endswith(in_topic[at + step].rstrip("/"))
    page.screenshot(path=str(SCREENSHOTS / "question-navigation.png"))
    page.keyboard.press("Tab")
    for _ in range(200):  # the next question is a stop on the keyboard path
        if page.evaluate("document.activeElement.rel") == "next":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.rel") == "next"
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator(".kb-breadcrumb a").inner_text() == question["topic"]  # still in the topic
    page.close()
    phone = browser.new_page(viewport={"width": 390, "height": 800})
    phone.goto(served + QUESTION_PAGE, wait_until="networkidle")
    boxes = [a.bounding_box() for a in phone.locator(".kb-prev-next a").all()]
    assert len(boxes) == 2 and boxes[1]["y"] > boxes[0]["y"]  # one under the other
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes)
    phone.screenshot(path=str(SCREENSHOTS / "question-navigation-phone.png"), full_page=True)
    phone.close()
