"""The public pages as people read them on a phone and on a desktop: tables
become stacked cards at 360 pixels, and the charts' digits sit together."""

import pytest

from meetings.models import Meeting
from tests.e2e.test_mobile import PHONE, overflow, prefixed, sign_in

# Every table cell of the page that is cut off, or whose column name is not
# shown above it: ``[]`` when each cell is whole and labelled.
UNLABELLED_OR_CUT = """() => {
    const faults = [];
    for (const table of document.querySelectorAll("main table")) {
        const frame = table.closest(".table-responsive") || table.parentElement;
        if (frame.scrollWidth > frame.clientWidth + 1) {
            faults.push("scrolls: " + table.className);
        }
    }
    for (const cell of document.querySelectorAll(".stack-table tbody :is(th, td)")) {
        const label = cell.getAttribute("data-label");
        const before = getComputedStyle(cell, "::before");
        const box = cell.getBoundingClientRect();
        if (!label) {
            faults.push("no label: " + cell.textContent.trim().slice(0, 30));
        } else if (before.content !== JSON.stringify(label)
                   || before.display === "none" || before.visibility === "hidden") {
            faults.push("label not shown: " + label);
        } else if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
            faults.push("cut off: " + label);
        }
    }
    return faults;
}"""


def table_pages(language):
    meetings = Meeting.objects.public().order_by("starts_at")
    paths = [f"/meetings/{meeting.pk}/" for meeting in meetings]
    return [
        prefixed(language, path)
        for path in [*paths, "/data/", "/data/ngos/", "/stats/"]
    ]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_tables_are_stacked_cards_on_a_phone(page, demo_data, language, screenshot):
    page.set_viewport_size(PHONE)
    faults = {}
    stacked = 0
    for path in table_pages(language):
        page.goto(path)
        stacked += page.locator(".stack-table").count()
        if found := overflow(page):
            faults[path] = found
        if found := page.evaluate(UNLABELLED_OR_CUT):
            faults[path] = found
    screenshot("meeting-on-a-phone")
    sign_in(page, language)
    page.goto(prefixed(language, "/proposals/"))
    stacked += page.locator(".stack-table").count()
    if found := overflow(page) or page.evaluate(UNLABELLED_OR_CUT):
        faults["/proposals/"] = found
    screenshot("proposals-on-a-phone")
    assert faults == {}
    # The seed meeting's decisions, matters arising, the data dictionary and
    # the representative's proposals.
    assert stacked >= 4


def test_tables_stay_tables_on_a_desktop(page, demo_data):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/data/ngos/")
    header = page.locator(".stack-table thead")
    assert header.is_visible()
    cell = page.locator(".stack-table tbody td").first
    assert page.evaluate(
        "cell => getComputedStyle(cell, '::before').content", cell.element_handle()
    ) in ("none", "normal")


def test_chart_digits_are_not_spaced_apart(page, demo_data):
    page.goto("/stats/#budget-by-province")
    # The longest number: the budget of a province, in billions of rials.
    value = page.locator("#budget-by-province .bar-value").first
    assert len(value.text_content()) >= 9
    # The same text in the same font as a canvas draws it, with the font's
    # natural digit widths.
    natural = page.evaluate(
        """value => {
            const context = document.createElement("canvas").getContext("2d");
            context.font = getComputedStyle(value).font;
            return context.measureText(value.textContent).width;
        }""",
        value.element_handle(),
    )
    assert value.bounding_box()["width"] <= natural + 1


# Text nodes in Persian script that no element marks as Persian.
UNMARKED_PERSIAN = """() => {
    const found = [];
    const walker = document.createTreeWalker(
        document.querySelector("main"), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const text = node.textContent.trim();
        if (!/[\\u0600-\\u06ff]/.test(text)) continue;
        const marked = node.parentElement.closest("[lang]");
        if (!marked || marked.getAttribute("lang") !== "fa") {
            found.push(text.slice(0, 40));
        }
    }
    return found;
}"""


def test_persian_on_english_pages_is_marked_persian(page, demo_data):
    from ngos.models import NGO

    ngos = [
        f"/en/ngos/{pk}/" for pk in NGO.objects.public().values_list("pk", flat=True)
    ]
    meetings = [
        f"/en/meetings/{pk}/"
        for pk in Meeting.objects.public().values_list("pk", flat=True)
    ]
    unmarked = {}
    for path in [
        "/en/",
        "/en/meetings/",
        "/en/ngos/",
        "/en/proposals/supported/",
        "/en/stats/",
        "/en/contact/",
        "/en/about/",
        "/en/privacy/",
        *ngos,
        *meetings,
    ]:
        page.goto(path)
        if found := page.evaluate(UNMARKED_PERSIAN):
            unmarked[path] = found
    assert unmarked == {}
    # The English meeting page says in which language its record is.
    page.goto(meetings[0])
    assert page.locator(".minutes-language").is_visible()
