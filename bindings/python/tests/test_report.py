"""Case.report_html / report_text: the report through Python, its options and errors."""
import re

import pytest

import almen


@pytest.fixture(scope="module")
def example():
    return almen.Case.example()


def test_text_is_the_summary(example):
    text = example.report_text()
    assert text.startswith("Eksempelby (municipality 999, region Syddanmark): 30 departments, "
                           "3 districts, 5 housing areas\n")
    assert "\nStatutory lists 2025\n" in text
    # the latest year's share of Engparken, as aggregated (38.59 -> 38.6)
    area = example.aggregate("area")
    share = area[(area.area == "engparken") & (area.year == 2025)].outside_labour_pct.iloc[0]
    assert re.search(r"\n  Engparken +820 +1719 +%.1f " % share, text)


def test_html_to_string_and_file(example, tmp_path):
    html = example.report_html()
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>\n")
    assert html.count('<section class="unit area"') == 5
    out = tmp_path / "r.html"
    assert example.report_html(out) == str(out)
    # the same bytes: no timestamp unless asked for
    assert out.read_text(encoding="utf-8") == html


def test_options(example):
    html = example.report_html(title="Board <paper>", date="1 December 2025",
                               sections=["overview", "trends"], years=(2024, None))
    assert "<h1>Board &lt;paper&gt;</h1>" in html
    assert '<p class="date">1 December 2025</p>' in html
    assert 'data-section="figures"' not in html
    # two years: each trend has two points
    assert set(re.findall(r'data-points="(\d+)"', html)) == {"2"}
    assert "Small-cell suppression is off." in example.report_html(suppress=False,
                                                                   sections="overview")
    text = example.report_text(years=2024, sections="overview")
    assert "Figures for 2024;" in text
    # a minimum above the whole municipality: 5 areas, 3 districts and the total suppressed
    text = example.report_text(min_persons=100000, sections="overview")
    assert text.count("composition suppressed") == 5 + 3 + 1


def test_errors_change_nothing(example):
    with pytest.raises(almen.Error) as e:
        example.report_html(sections="overview,nosuch")
    assert e.value.code == almen.ENOTFOUND and "nosuch" in str(e.value)
    with pytest.raises(almen.Error) as e:
        example.report_text(years=(2025, 2020))
    assert e.value.code == almen.EINVAL
    with pytest.raises(almen.Error):
        example.report_text(as_of="2025-02-30")
    with pytest.raises(ValueError):
        example.report_text(suppress=False, min_persons=10)
    assert example.report_text() == example.report_text()


def test_sections():
    s = almen.report_sections()
    assert list(s.columns) == ["id", "title", "description"]
    assert s.id.iloc[0] == "overview" and "simulation" in set(s.id)


def test_simulation(example):
    sim = example.simulate(runs=20, threads=1, agreements=["all", "none"])
    html = example.report_html(simulation=sim)
    assert 'id="chapter-simulation"' in html
    assert html.count('<figure class="trend probability"') == 5  # every area
    text = example.report_text(simulation=sim)
    assert "\nLetting simulation, 20 runs:" in text
