"""Write environment.yml from requirements.lock, so the two never drift.

conda users get the same exact versions through conda's pip section, plus the
package itself in editable mode.  Run ``make lock`` after changing dependencies.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    pins = [
        line.strip()
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    lines = [
        "# Generated from requirements.lock by scripts/write_environment.py; do not edit by hand.",
        "name: kzanalysis",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
        *[f"      - {pin}" for pin in pins],
        "      - -e .",
        "",
    ]
    (ROOT / "environment.yml").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
