"""Pre-generated XML serializers: what .NET's sgen.exe does, for serialkit.

serialkit generates a writer and a reader function per class mapping the first time an
XmlSerializer needs them. `serialkit sgen` (or `generate_serializers`) writes that code into an
ordinary module ahead of time; `load_serializers` makes serialkit use it, after checking a
fingerprint of each mapping: if the classes changed since, it warns and generates at run time.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from serialkit.xml import (
    StaleSerializerWarning,
    XmlAttribute,
    XmlSerializer,
    generate_serializers,
    load_serializers,
)


@dataclass
class Line:
    sku: Annotated[str, XmlAttribute()] = ""
    qty: int = 0


@dataclass
class Invoice:
    number: int = 0
    lines: list[Line] = field(default_factory=list)


# 1. Generate the module (what `serialkit sgen examples.xml_sgen:Invoice -o ...` writes).
source = generate_serializers(Invoice)
folder = Path(tempfile.mkdtemp())
module_path = folder / "invoice_serializers.py"
module_path.write_text(source, encoding="utf-8")
print(f"generated {module_path.name}: {len(source.splitlines())} lines, "
      f"{source.count('def write_')} writer(s), {source.count('def read_')} reader(s)")

# 2. Load it once at start-up; serializers built afterwards use its code.
spec = importlib.util.spec_from_file_location("invoice_serializers", module_path)
assert spec is not None and spec.loader is not None
module = importlib.util.module_from_spec(spec)
sys.modules["invoice_serializers"] = module
spec.loader.exec_module(module)
load_serializers(module)

invoice = Invoice(7, [Line("apple", 3), Line("fig", 1)])
serializer = XmlSerializer(Invoice)
document = serializer.dumps(invoice)
print(document.decode())
assert serializer.loads(document) == invoice

# 3. The class changes after the module was generated (here: redefined with a new field).
#    serialkit notices the fingerprint no longer matches, warns, and generates at run time.
@dataclass
class Invoice:  # type: ignore[no-redef]
    number: int = 0
    lines: list[Line] = field(default_factory=list)
    note: str = ""


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", StaleSerializerWarning)
    fresh = XmlSerializer(Invoice).dumps(Invoice(8, [], "rush"))
assert b"<note>rush</note>" in fresh
print("stale module noticed:", [str(w.message)[:70] for w in caught])
assert len(caught) == 1
print("sgen: module used, stale module refused, round trip OK")
