"""axe-core, self-hosted under ``vendor/``, run in a page of the tests.

Use it with the ``axe_page`` fixture: the site's Content-Security-Policy
would refuse the injected script in an ordinary page.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"

# Every rule axe runs by default applies (WCAG 2.0-2.2 A and AA and axe's
# best practices); none is turned off.
RUN = """async () => {
    const result = await axe.run(document);
    return {
        passes: result.passes.length,
        violations: result.violations.map(v => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.map(node => node.target.join(" ")),
        })),
    };
}"""


def run(page) -> dict:
    """axe's result for the page as it is now: ``passes`` (rules passed) and
    ``violations`` (one dict per rule broken, with the elements)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN)


def describe(violation: dict) -> str:
    """One readable line for a failing assertion."""
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + " | ".join(violation["targets"][:6])
    )


def violations(page) -> list[str]:
    """axe's violations on the page as it is now, one readable line each."""
    return [describe(violation) for violation in run(page)["violations"]]


REPORTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e" / "axe"


class Audit:
    """Runs axe on page after page and keeps what it found on each.

    ``found`` maps each page with violations to their descriptions, for the
    test's assertion; ``write_report`` leaves a table of every page audited
    (rules passed, rules broken, elements involved), followed by what was
    broken, among the CI artefacts.
    """

    def __init__(self, page):
        self.page = page
        self.rows = []
        self.found = {}

    def check(self, label: str) -> None:
        result = run(self.page)
        broken = result["violations"]
        self.rows.append(
            (
                label,
                result["passes"],
                len(broken),
                sum(len(v["targets"]) for v in broken),
            )
        )
        if broken:
            self.found[label] = [describe(violation) for violation in broken]

    def visit(self, path: str, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response.status == status, path
        self.check(path)

    def write_report(self, name: str) -> None:
        REPORTS.mkdir(parents=True, exist_ok=True)
        lines = ["page\trules passed\trules broken\telements"]
        lines += ["\t".join(str(cell) for cell in row) for row in self.rows]
        for label, problems in self.found.items():
            lines += ["", label, *problems]
        (REPORTS / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
