"""Every Python snippet in docs/ runs: each page's blocks, in order, as one script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).parent.parent / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_doc_snippets_run(page: str, tmp_path: Path) -> None:
    """The page's python blocks run top to bottom without an error."""
    blocks = BLOCK.findall((DOCS / page).read_text(encoding="utf-8"))
    if not blocks:
        return
    script = tmp_path / "snippets.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, check=False)
    assert (0, "") == (result.returncode, result.stderr[-3000:])
