"""The proposal form with the keyboard alone: Tab, typing, Space and Enter.

Every element that takes the focus on the way must show it; a form sent
with errors announces them, puts the focus on their summary, and each error
links to its field, which says it is invalid and what is wrong.
"""

import re

from core.l10n import to_persian_digits
from proposals.models import Proposal, Status
from tests.factories import DEFAULT_PASSWORD

FOCUS_SHOWN = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== "none";
}"""

DESCRIBE_FOCUS = """() => {
    const element = document.activeElement;
    return element.id || element.name || element.textContent.trim().slice(0, 40);
}"""


class Keyboard:
    """Moves through the page with Tab only, noting where focus was hidden."""

    def __init__(self, page):
        self.page = page
        self.hidden_focus = []

    def focused(self, selector: str) -> bool:
        return self.page.evaluate(
            "selector => document.activeElement.matches(selector)", selector
        )

    def tab_to(self, selector: str, limit: int = 120) -> None:
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if not self.page.evaluate(FOCUS_SHOWN):
                self.hidden_focus.append(self.page.evaluate(DESCRIBE_FOCUS))
            if self.focused(selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)


def sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("نام کاربری").fill("rep_a")
    page.get_by_label("گذرواژه").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url("**/proposals/")


def checkbox_labelled(page, name: str) -> str:
    return "#" + page.get_by_label(name, exact=True).get_attribute("id")


def test_a_representative_completes_the_proposal_form_with_the_keyboard_alone(
    page, rep_a, screenshot
):
    sign_in(page)
    page.goto("/proposals/new/")
    keys = Keyboard(page)

    # Submitting the empty form: the errors are announced and focused ...
    keys.tab_to("button[name=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator("#form-errors")
    assert summary.get_attribute("role") == "alert"
    assert keys.focused("#form-errors")
    assert page.title().startswith("خطا: ")
    screenshot("errors-announced-and-focused")

    # ... and the first error leads to its field, which says what is wrong.
    page.keyboard.press("Tab")
    assert keys.focused("#form-errors a[href='#id_title']")
    page.keyboard.press("Enter")
    assert keys.focused("#id_title")
    title = page.locator("#id_title")
    assert title.get_attribute("aria-invalid") == "true"
    described_by = title.get_attribute("aria-describedby").split()
    assert page.locator(f"#{described_by[-1]}").inner_text() == "این فیلد لازم است."
    # The checkbox lists' errors lead to their first box.
    assert summary.locator("a", has_text="استان‌ها").get_attribute("href") == (
        "#id_provinces_0"
    )

    # Now the whole form, field after field.
    page.keyboard.type("کارگاه خیاطی برای زنان سرپرست خانوار")
    keys.type_into("#id_summary", "آموزش خیاطی و فروش جمعی")
    keys.type_into("#id_problem", "زنان محله درآمد ثابتی ندارند")
    keys.type_into("#id_solution", "کارگاه مشترک و فروش مستقیم")
    keys.type_into("#id_executive_plan", "ماه ۱: خرید چرخ؛ ماه ۲ تا ۶: آموزش")
    keys.type_into("#id_duration_months", "۶")
    keys.type_into("#id_target_group", "زنان سرپرست خانوار محله")
    keys.type_into("#id_beneficiaries", "۳۰")
    keys.tab_to(checkbox_labelled(page, "کرمان"))
    page.keyboard.press("Space")
    keys.tab_to(checkbox_labelled(page, "آموزش مهارت"))
    page.keyboard.press("Space")
    keys.type_into("#id_budget_rials", "۹۰۰٬۰۰۰٬۰۰۰")
    screenshot("completed-by-keyboard")
    keys.tab_to("button[name=submit]")
    page.keyboard.press("Enter")
    # Saved; the submission is confirmed on its own page, by keyboard too.
    # (The fragment of the last error link followed stays in the address.)
    page.wait_for_url(re.compile(r"/proposals/\d+/submit/(#id_title)?$"))
    keys.tab_to(".resubmit-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))

    proposal = Proposal.objects.get()
    assert proposal.status == Status.SUBMITTED
    assert proposal.budget_rials == 900_000_000
    assert [p.code for p in proposal.provinces.all()] == ["IR-08"]
    assert page.locator(".proposal-reference").inner_text() == to_persian_digits(
        proposal.reference
    )
    screenshot("submitted-by-keyboard")
    assert keys.hidden_focus == []
    assert page.console_errors == []
