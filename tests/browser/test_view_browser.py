"""The network page in a real browser: Debian's headless Chromium driven by Playwright, pages opened from file://.

scripts/setup.sh --system installs /usr/bin/chromium; Playwright downloads no browser. These tests fail, never
skip, when the browser is missing. Screenshots of each view (1600×1000) are written under tests/output/.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dckg import view
from dckg.graphfiles import read_graph
from tests.support import EDITION, MINI, ROOT
from tests.support.browser import ARGS, CHROMIUM, FRESH_LABELS, THIRTY, VIEWPORT, label_collisions
from tests.support.synthetic import SYNTHETIC, XSS_EN, XSS_ZH, T

OUTPUT = ROOT / "tests" / "output"


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh --system (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport=VIEWPORT,
        )
        yield context
        context.close()


class Visit:
    """A page opened from disk, with everything it logged, requested or tried to pop up."""

    def __init__(self, context, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(self.url)
        # a selector, not a function: the page's Content-Security-Policy forbids the eval that polling needs
        self.page.wait_for_selector("html[data-ready=true]", state="attached", timeout=30_000)

    def search(self, text: str) -> list[str]:
        self.page.fill("#search", text)
        self.page.press("#search", "Enter")
        return self.page.evaluate("network.getSelectedNodes()")

    def click_node(self, node: str, in_view: str = "everything") -> None:
        """Open a view that draws the node, centre the node, then click it with the mouse as a person would."""
        self.page.click(f"#views button[data-view={in_view}]")
        self.page.evaluate(
            "id => network.moveTo({position: network.getPosition(id), scale: 1.4, animation: false})", node
        )
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def details(self) -> str:
        return self.page.inner_text("#details")


@pytest.fixture(scope="module")
def full(tmp_path_factory, bundled_build):
    path = tmp_path_factory.mktemp("view") / "dckg.html"
    return path, view.write_html(bundled_build.graph, path)


def test_every_view_loads_offline_draws_its_part_and_no_two_labels_overlap(browser, full):
    path, drawn = full
    visit = Visit(browser, path)
    assert visit.errors == []
    assert visit.requests == [visit.url]  # the page itself and nothing else
    views = visit.page.evaluate("dckgView.data.views")
    assert [v["name"] for v in views] == ["issuers", "figures", "structure", "everything"]
    OUTPUT.mkdir(exist_ok=True)
    for v in views:
        visit.page.click(f"#views button[data-view={v['name']}]")
        counts = visit.page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
        assert counts == [len(v["n"]), len(v["e"])]
        assert len(visit.page.evaluate(FRESH_LABELS)) > 10
        visit.page.screenshot(path=str(OUTPUT / f"view-{v['name']}.png"))
    assert counts == [drawn.number_of_nodes(), drawn.number_of_edges()]  # everything
    assert label_collisions(visit.page, [v["name"] for v in views]) == (0, 0)
    assert visit.errors == [] and visit.requests == [visit.url]
    visit.page.close()


def test_who_issued_what_sets_documents_by_their_issuers_and_the_rest_on_one_shelf(browser, full):
    """At the initial fit, every document with a stated issuer is within two label heights (of its own label)
    of its issuer: the edge between their discs is that short. No node is unlinked but those on the shelf."""
    path, _ = full
    visit = Visit(browser, path)
    found = visit.page.evaluate("""() => {
        const d = dckgView.data, v = d.views[0], scale = network.getScale();
        const issued = d.relations.findIndex((r) => r.en === "issued by");
        const size = new Map(v.n.map((i, j) => [i, v.s[j]]));
        const gaps = v.e.filter((e) => d.edges[e][2] === issued).map((e) => {
            const [a, b] = d.edges[e], p = network.getPosition(d.nodes[a].id), q = network.getPosition(d.nodes[b].id);
            return (Math.hypot(p.x - q.x, p.y - q.y) - size.get(a) - size.get(b)) * scale;
        });
        const shelf = new Set(v.shelf.n.map((i) => d.nodes[i].id));
        const lonely = v.n.map((i) => d.nodes[i].id).filter((id) => !network.getConnectedEdges(id).length);
        const astray = lonely.filter((id) => !shelf.has(id)).length;
        return {gaps: gaps, lonely: astray, shelf: lonely.length, held: shelf.size};
    }""")
    label_height = 12 * 1.25  # a document's label: one line of 12 px type
    assert len(found["gaps"]) > 20 and max(found["gaps"]) <= 2 * label_height
    assert found["lonely"] == 0 and found["shelf"] == found["held"] > 0
    assert any(b["id"] is None for b in visit.page.evaluate(FRESH_LABELS))  # the shelf's heading is drawn
    visit.page.close()


def test_a_thirty_node_report_draws_readable_labels_in_every_view(browser, tmp_path):
    path = tmp_path / "thirty.html"
    view.write_html(read_graph(THIRTY), path)
    visit = Visit(browser, path)
    names = visit.page.evaluate("dckgView.data.views.map((v) => v.name)")
    assert label_collisions(visit.page, names) == (0, 0)
    visit.page.click("#views button[data-view=issuers]")
    assert len(visit.page.evaluate(FRESH_LABELS)) >= 20  # most of 30 are named at once
    visit.page.screenshot(path=str(OUTPUT / "view-thirty.png"))
    assert visit.errors == [] and visit.requests == [visit.url]
    visit.page.close()


def test_search_selects_the_national_data_bureau_and_clicking_shows_evidence(browser, full):
    path, drawn = full
    nda = view.find(drawn, "国家数据局")
    visit = Visit(browser, path)
    assert visit.search("国家数据局") == [nda]
    assert visit.page.inner_text("#details h3") == "国家数据局"
    visit.page.evaluate("network.unselectAll()")
    assert visit.search("national data administration") == [nda]
    visit.page.evaluate("dckgView.select(null); network.unselectAll()")
    visit.click_node(nda)
    assert visit.page.evaluate("network.getSelectedNodes()") == [nda]
    text = visit.details()
    quotes = [e.quote for e in drawn.nodes[nda]["evidence"]]
    assert quotes and all(q in text for q in quotes)
    sections = {e.section for e in drawn.nodes[nda]["evidence"]}
    assert all(f"§ {s}" in text for s in sections)
    visit.page.wait_for_timeout(500)  # let the focus animation settle for the picture
    visit.page.screenshot(path=str(OUTPUT / "view-selected.png"))
    assert visit.errors == [] and visit.requests == [visit.url]
    visit.page.close()


def test_class_filter_hides_and_shows_a_class(browser, full):
    path, _ = full
    visit = Visit(browser, path)
    agencies = visit.page.evaluate(
        "dckgView.data.views[0].n.filter((i) => dckgView.data.classes[dckgView.data.nodes[i].c].name === 'Agency')"
        ".length"
    )
    hidden = "network.body.data.nodes.get({filter: n => n.hidden === true}).length"
    visit.page.click("#classes li[data-class=Agency]")
    assert visit.page.evaluate(hidden) == agencies > 0
    visit.page.click("#classes li[data-class=Agency]")
    assert visit.page.evaluate(hidden) == 0
    visit.page.close()


def test_panel_for_people_words_deduplicated_evidence_and_no_orphan_separators(browser, full):
    path, drawn = full
    visit = Visit(browser, path)
    visit.search("工业和信息化部")
    text = visit.details()
    pairs = "Array.from(document.querySelectorAll('#details>dl dt'), (t) => [t.textContent, t.nextSibling.textContent])"
    assert ["收录于名录", "是"] in visit.page.evaluate(pairs) and "、、" not in text
    assert re.search(r"\+\d+ more", text)  # the long list of figures it is the source of is cut, cleanly
    quotes = visit.page.eval_on_selector_all("#details blockquote", "qs => qs.map((q) => q.firstChild.textContent)")
    assert len(quotes) == len(set(quotes)) < len(drawn.nodes[view.find(drawn, "工业和信息化部")]["evidence"])
    assert "数据来源：工业和信息化部" in quotes and "×" in text  # said many times, shown once with a count
    assert visit.page.locator("#details .ev-group h5").count() >= 2  # grouped by the link the sentence states
    visit.page.click("#lang-en")
    text = visit.details()
    assert ["in gazetteer", "yes"] in visit.page.evaluate(pairs) and "收录于名录" not in text
    visit.page.screenshot(path=str(OUTPUT / "view-panel.png"))
    assert visit.errors == []
    visit.page.close()


def test_labels_that_look_like_markup_stay_text(browser, tmp_path):
    path = tmp_path / "synthetic.html"
    drawn = view.write_html(read_graph(SYNTHETIC), path)
    visit = Visit(browser, path)
    assert visit.search("img src") == [T + "xss"]
    assert visit.page.inner_text("#details h3") == XSS_ZH
    assert XSS_EN in visit.details()
    visit.click_node(T + "xss")
    visit.page.mouse.move(10, 10)
    visit.page.fill("#search", "onerror")  # the result list shows the label too
    assert XSS_ZH in visit.page.inner_text("#results")
    assert visit.page.evaluate("document.querySelectorAll('img, i, [onerror], [onmouseover]').length") == 0
    assert visit.page.evaluate("document.scripts.length") == 3
    assert visit.dialogs == [] and visit.errors == [] and visit.requests == [visit.url]
    visit.page.click("#views button[data-view=everything]")
    counts = visit.page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
    assert counts == [drawn.number_of_nodes(), drawn.number_of_edges()]
    visit.page.close()


def test_folded_indicator_lists_its_figures_with_source_and_sentence(browser, tmp_path):
    path = tmp_path / "synthetic.html"
    view.write_html(read_graph(SYNTHETIC), path)
    visit = Visit(browser, path)
    visit.click_node(T + "ind-5g", in_view="figures")
    text = visit.details()
    assert "12.3万个" in text and "8.5%" in text and "2022-12-31" in text
    assert "江南省通信管理局" in text and "截至2022年底，全省5G基站达到12.3万个" in text
    visit.page.close()


def test_focus_page_selects_its_entity(browser, tmp_path, bundled_build):
    path = tmp_path / "focus.html"
    drawn = view.write_html(bundled_build.graph, path, focus="国家数据局", depth=1)
    visit = Visit(browser, path)
    assert visit.page.evaluate("network.getSelectedNodes()") == [view.find(drawn, "国家数据局")]
    assert visit.page.evaluate("network.body.data.nodes.length") <= drawn.number_of_nodes() < 40
    visit.page.screenshot(path=str(OUTPUT / "view-focus.png"))
    visit.page.close()


def test_ontology_page_opens_offline(browser):
    target = OUTPUT / "ontology.html"
    OUTPUT.mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "ontology" / "dckg.html", target)
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(target.as_uri())
    assert page.locator("article.term").count() >= 20
    assert requests == [target.as_uri()] and errors == []  # the CSP forbids requests and blocks nothing it needs
    assert "default-src 'none'" in page.content()
    page.close()


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    """The page of a dataset of two composed reports (an earlier edition, a mini report) that name some bodies
    both, and the data it embeds."""
    import dckg

    path = tmp_path_factory.mktemp("reports") / "reports.html"
    view.write_html(dckg.build_dataset([EDITION, MINI]).dataset, path)
    return path


def test_report_filter_shows_only_one_reports_nodes_and_colours_by_report(browser, two_reports):
    visit = Visit(browser, two_reports)
    reports = visit.page.evaluate("dckgView.data.reports")
    assert len(reports) == 2 and visit.page.locator("#report-filter option").count() == 3
    visit.page.click("#views button[data-view=everything]")
    shown = "network.body.data.nodes.get({filter: n => n.hidden !== true}).map(n => n.id).sort()"
    everything = visit.page.evaluate(shown)
    hidden_links = 0
    for k, report in enumerate(reports):
        visit.page.select_option("#report-filter", str(k))
        ids = visit.page.evaluate(shown)
        members = visit.page.evaluate(f"dckgView.data.nodes.filter(n => n.r.includes({k})).map(n => n.id).sort()")
        assert ids == members and 0 < len(ids) < len(everything), report["zh"]
        named = {b["id"] for b in visit.page.evaluate(FRESH_LABELS) if b["id"]}
        assert named and named <= set(ids)  # no label of another report's node is drawn
        links = visit.page.evaluate(
            "network.body.data.edges.get({filter: e => e.hidden !== true}).map(e => dckgView.data.edges[e.id])"
        )
        assert links and all(len(e) == 3 or k in e[3] for e in links), "only the links this report states"
        hidden_links += len(visit.page.evaluate("network.body.data.edges.get({filter: e => e.hidden === true})"))
    assert hidden_links, "a link between two entities of a report that another report states is hidden"
    visit.page.select_option("#report-filter", "-1")
    assert visit.page.evaluate(shown) == everything
    assert visit.page.evaluate("network.body.data.edges.get({filter: e => e.hidden === true}).length") == 0
    visit.page.click("#colour-report")
    colours = visit.page.evaluate(
        "dckgView.data.nodes.map(n => [n.r, network.body.data.nodes.get(n.id).color.background])"
    )
    several = visit.page.evaluate("dckgView.data.several")
    assert any(len(r) == 2 for r, _ in colours)
    for r, colour in colours:
        assert colour == (several if len(r) > 1 else reports[r[0]]["color"])
    assert visit.page.locator("#report-list li").count() == 3  # each report and "several reports"
    visit.page.screenshot(path=str(OUTPUT / "view-reports.png"))
    assert visit.errors == [] and visit.requests == [visit.url]
    visit.page.close()


def test_panel_names_the_report_of_each_piece_of_evidence(browser, two_reports):
    visit = Visit(browser, two_reports)
    reports = visit.page.evaluate("dckgView.data.reports")
    both = visit.page.evaluate("dckgView.data.nodes.find(n => n.r.length === 2 && n.ev.length).id")
    visit.page.evaluate("id => dckgView.select(id, false)", both)
    named = visit.page.eval_on_selector_all(
        "#details blockquote cite .ev-report", "xs => xs.map((x) => [x.textContent, x.dataset.report])"
    )
    quotes = visit.page.locator("#details blockquote").count()
    assert len(named) == quotes > 1
    # the title, with the year only when the title does not hold it already
    expected = {(r["zh"] if r["year"] in r["zh"] else f"{r['zh']} ({r['year']})", r["iri"]) for r in reports}
    assert all(r["year"] and r["year"] in r["zh"] for r in reports)  # the fixture's titles hold their years
    assert {tuple(x) for x in named} == expected  # a body both reports name: quotes of each, each named
    visit.page.select_option("#report-filter", "0")  # a node of the other report only is hidden; picking it shows all
    other = visit.page.evaluate("dckgView.data.nodes.find(n => n.r.length === 1 && n.r[0] === 1).id")
    visit.page.evaluate("id => dckgView.select(id, false)", other)
    assert visit.page.input_value("#report-filter") == "-1"
    assert visit.page.evaluate("id => network.body.data.nodes.get(id).hidden", other) is False
    assert visit.errors == []
    visit.page.close()


def test_a_single_report_page_shows_no_report_control(browser, full):
    visit = Visit(browser, full[0])
    assert visit.page.locator("#reports, #report-filter").count() == 0
    visit.search("国家数据局")
    assert visit.page.locator("#details .ev-report").count() == 0
    assert visit.errors == []
    visit.page.close()
