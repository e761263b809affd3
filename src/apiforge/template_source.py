"""Where the Copier template lives: the checkout this package runs from."""

from pathlib import Path


def default_template() -> Path | None:
    """The repository root holding `copier.yml`, when apiforge runs from a checkout."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "copier.yml").is_file() else None
