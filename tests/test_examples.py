"""Every script in examples/ runs to completion and prints what it claims.

Each example asserts its own claims (a false one exits non-zero); this test runs each in a
subprocess, in an empty temporary directory, and checks the exit code and one key line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROOT = EXAMPLES.parent

#: script -> a line fragment its output must contain.
KEY_LINES = {
    "xml_alternate_element_name.py": "renamed: library/book and shelf/volumes/volume",
    "xml_derived_classes.py": "refused: The type main.<locals>.Unregistered was not expected",
    "xml_qualified_names.py": "qualified: po:purchaseOrder, po:Id, cw:Buyer",
    "xml_schema_tool.py": "round trip through the generated classes: OK",
    "xml_soap_encoded.py": "SOAP-encoded round trip: OK (shared references kept)",
    "xml_soap_overrides.py": "overridden: GroupName -> TeamName, Code -> @code, High -> urgent",
    "xml_chunk_serialized_data.py": "chunked: 1048576 bytes in 256 chunks, sha256 match: True",
    "quickstart.py": "identity preserved: OK",
    "soap_formatter.py": "SOAP round trip: OK",
    "xml_sgen.py": "sgen: module used, stale module refused, round trip OK",
    "xml_serialize_object.py": "serialized PurchaseOrder to purchase_order.xml (685 bytes): "
                               "same bytes as .NET",
    "xml_deserialize_object.py": "deserialized PurchaseOrder: 1 item(s) for Teresa Atkinson, "
                                 "total 28.20",
    "serialize_object.py": "serialized PurchaseOrder 1001 to orders.bin",
    "deserialize_object.py": "deserialized PurchaseOrder 1001 from orders.bin",
    "basic_binary_serialization.py": "deserialized: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]",
    "version_tolerant_serialization.py": "email='unknown@example.com', nickname='ada'",
    "custom_serialization.py": "hook order: on_serializing -> get_object_data",
    "serialization_surrogate.py": "renamed on the wire: Kitchen.RecipeCard",
    "read_dotnet_payload.py": "writes it back byte for byte as .NET did: True",
}


def run(script: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # Find serialkit from the checkout even when it is not installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, str(script)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_every_example_is_covered() -> None:
    """Each examples/*.py has a key line here, so a new example cannot go untested."""
    assert sorted(KEY_LINES) == sorted(p.name for p in EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("name", sorted(KEY_LINES))
def test_example_runs(name: str, tmp_path: Path) -> None:
    """The example exits 0 and prints its key line."""
    result = run(EXAMPLES / name, tmp_path)
    assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"
    assert KEY_LINES[name] in result.stdout, result.stdout


def test_deserialize_reads_the_file_serialize_wrote(tmp_path: Path) -> None:
    """deserialize_object.py reads the orders.bin that serialize_object.py left behind."""
    first = run(EXAMPLES / "serialize_object.py", tmp_path)
    assert first.returncode == 0, first.stderr
    written = (tmp_path / "orders.bin").read_bytes()
    second = run(EXAMPLES / "deserialize_object.py", tmp_path)
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "orders.bin").read_bytes() == written
    assert "read PurchaseOrder 1001" in second.stdout
