"""Pre-generated serializers (sgen.exe): ``serialkit sgen`` writes the generated code of each
mapping into a module that serialkit then uses instead of generating it, byte for byte the
same; a fingerprint detects classes changed since, which fall back to run-time generation."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]
from test_schema_export import OVERRIDES, full_order
from xml_tool_models import Catalog, Company, Line, Note, Person, Status, Thing
from xml_tool_models import Order as ToolOrder

from serialkit.cli import main
from serialkit.xml import (
    StaleSerializerWarning,
    XmlRoot,
    XmlSerializer,
    XmlSerializerNamespaces,
    codegen,
    generate_serializers,
    load_serializers,
    mapping,
    serializer,
    sgen,
)

# The models of the interop suite and of the generated-code tests.
for _models in (Path(__file__).resolve().parents[2] / "interop" / "xml",
                Path(__file__).resolve().parents[1]):
    if str(_models) not in sys.path:
        sys.path.insert(0, str(_models))

import test_xml_generated as gen_models  # noqa: E402
import test_xml_interop as interop  # noqa: E402

NONE = XmlSerializerNamespaces([("", "")])

#: name -> (root type, XmlSerializer's keyword arguments, object, namespaces): the XML test
#: models of the interop suite (Mono's cases), the generated-code tests and the schema tools.
CASES: dict[str, tuple[type, dict[str, Any], Any, XmlSerializerNamespaces | None]] = {
    "cart": (gen_models.Cart, {}, gen_models.CART, None),
    "prims": (interop.Prims, {}, interop.Prims(), None),
    "order": (interop.Order, {"root": interop.ORDER_ROOT}, interop.Order(), None),
    "order, no declarations": (interop.Order, {"root": interop.ORDER_ROOT}, interop.Order(),
                               NONE),
    "zoo": (interop.Zoo, {}, interop.Zoo(), None),
    "shaped": (interop.Shaped, {}, interop.Shaped(), None),
    "default namespace": (interop.Animal, {"default_namespace": "urn:def"},
                          interop.Animal("d"), None),
    "null root": (interop.Animal, {}, None, None),
    "any": (interop.AnyHolder, {}, interop.AnyHolder(), None),
    "any single": (interop.AnySingle, {}, interop.AnySingle(), None),
    "choice": (interop.Contact, {}, interop.Contact(), None),
    "xmlns declarations": (interop.Decl, {}, interop.Decl(), None),
    "read-only list": (interop.ReadOnlyList, {}, interop.ReadOnlyList(), None),
    "prefixes": (interop.Prefixes, {}, interop.Prefixes(), None),
    "chunked": (interop.ChunkHolder, {}, interop.ChunkHolder(), None),
    "tools order, overrides": (ToolOrder, {"overrides": OVERRIDES}, full_order(), None),
    "tools order, extra type": (ToolOrder, {"extra_types": [Company]},
                                ToolOrder(Buyer=Person("Bo"), Pick=3), None),
    "catalog": (Catalog, {}, Catalog(Thing("t", Line("s", 1)), [[1, 2], []], None,
                                     [Person("a"), Company("b", 2)], Note("en", "hi"), 4,
                                     [Status.Done]), None),
}


@pytest.fixture
def xml_engine() -> str:
    """Pre-generated code is the generated engine's: no interpreter run (see conftest)."""
    return "generated"


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Empty mapping and code caches, no module loaded, the generated engine; all restored."""
    monkeypatch.setattr(serializer, "GENERATED", True)
    monkeypatch.setattr(mapping, "_CACHE", {})
    monkeypatch.setattr(mapping, "BUILD_HOOKS", [])
    monkeypatch.setattr(codegen, "_WRITERS", weakref.WeakKeyDictionary())
    monkeypatch.setattr(codegen, "_READERS", weakref.WeakKeyDictionary())
    monkeypatch.setattr(sgen, "_ENTRIES", {})
    yield


def forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop built mappings and compiled code (a new process, as far as serialkit knows)."""
    monkeypatch.setattr(mapping, "_CACHE", {})
    monkeypatch.setattr(codegen, "_WRITERS", weakref.WeakKeyDictionary())
    monkeypatch.setattr(codegen, "_READERS", weakref.WeakKeyDictionary())


def import_file(path: Path) -> ModuleType:
    """Import ``path`` as the module of its name (a fresh import every time)."""
    sys.modules.pop(path.stem, None)
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    importlib.invalidate_caches()
    return importlib.import_module(path.stem)


def canonical(value: Any) -> Any:
    """Objects with lxml elements as their bytes (elements compare by identity)."""
    if isinstance(value, etree._Element):
        return etree.tostring(value)
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value), {k: canonical(v) for k, v in vars(value).items()})
    return value


def no_compiling(*args: Any) -> Callable[..., Any]:
    raise AssertionError(f"code generated at run time: {args[-1]}")


@pytest.mark.parametrize("case", sorted(CASES))
def test_pregenerated_code_gives_the_same_bytes_and_objects(
        case: str, fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the pre-generated module writes and reads is what run-time generated code writes
    and reads, and with the module loaded nothing is compiled at run time."""
    cls, kwargs, obj, namespaces = CASES[case]
    runtime = XmlSerializer(cls, **kwargs)
    expected = runtime.dumps(obj, namespaces=namespaces)
    expected_obj = canonical(runtime.loads(expected))

    path = tmp_path / f"sgen_{abs(hash(case))}.py"
    path.write_text(generate_serializers(cls, **kwargs), encoding="utf-8")
    forget(monkeypatch)
    assert 1 == load_serializers(import_file(path))
    monkeypatch.setattr(codegen, "compile_function", no_compiling)
    pregenerated = XmlSerializer(cls, **kwargs)
    assert expected == pregenerated.dumps(obj, namespaces=namespaces)
    assert expected_obj == canonical(pregenerated.loads(expected))
    writers = [codegen._WRITERS[s] for s in pregenerated.mapping.structs]
    assert all(w.__code__.co_filename == str(path) for w in writers)


def test_mappings_built_before_loading_are_served_too(fresh: None, tmp_path: Path) -> None:
    """load_serializers also equips the mappings already built (and cached)."""
    path = tmp_path / "sgen_cart_early.py"
    path.write_text(generate_serializers(gen_models.Cart), encoding="utf-8")
    s = XmlSerializer(gen_models.Cart)
    load_serializers(import_file(path))
    assert codegen._writer(s.mapping.root.mapping).__code__.co_filename == str(path)
    assert codegen._reader(s.mapping.root.mapping).__code__.co_filename == str(path)


PETS_V1 = """from dataclasses import dataclass, field


@dataclass
class Tag:
    Name: str = ""


@dataclass
class Pet:
    Name: str = ""
    Tags: list[Tag] = field(default_factory=list)
"""


def test_changed_classes_fall_back_with_a_warning(fresh: None, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A field added after sgen: the fingerprint differs, StaleSerializerWarning is issued
    and the code is generated at run time (the new field is written)."""
    models = tmp_path / "sgen_pets.py"
    models.write_text(PETS_V1, encoding="utf-8")
    pets = import_file(models)
    out = tmp_path / "sgen_pets_serializers.py"
    out.write_text(generate_serializers(pets.Pet), encoding="utf-8")
    module = import_file(out)

    models.write_text(PETS_V1.replace('    Name: str = ""\n    Tags',
                                      '    Name: str = ""\n    Age: int = 0\n    Tags'))
    pets = import_file(models)
    forget(monkeypatch)
    load_serializers(module)
    with pytest.warns(StaleSerializerWarning, match=r"sgen_pets:Pet .* has expired"):
        s = XmlSerializer(pets.Pet)
    assert b"<Age>3</Age>" in s.dumps(pets.Pet("Rex", 3))
    assert codegen._writer(s.mapping.root.mapping).__code__.co_filename != str(out)

    # A change only a class's own declarations show: an annotation (same mapping otherwise).
    models.write_text(PETS_V1.replace("Name: str = \"\"\n\n\n@dataclass\nclass Pet",
                                      "Name: str | None = \"\"\n\n\n@dataclass\nclass Pet"))
    pets = import_file(models)
    forget(monkeypatch)
    with pytest.warns(StaleSerializerWarning):
        XmlSerializer(pets.Pet)


def test_other_arguments_are_other_mappings(fresh: None, tmp_path: Path) -> None:
    """The module serves the arguments it was generated for: another root, extra types or
    overrides is another mapping, generated at run time without a warning."""
    path = tmp_path / "sgen_zoo.py"
    path.write_text(generate_serializers(interop.Zoo), encoding="utf-8")
    load_serializers(import_file(path))
    served = XmlSerializer(interop.Zoo)
    assert codegen._writer(served.mapping.root.mapping).__code__.co_filename == str(path)
    other = XmlSerializer(interop.Zoo, root=XmlRoot("zoo"))
    assert codegen._writer(other.mapping.root.mapping).__code__.co_filename != str(path)


def test_the_warning_can_be_filtered(fresh: None, tmp_path: Path) -> None:
    """StaleSerializerWarning is a UserWarning category: "ignore" silences it."""
    models = tmp_path / "sgen_pets2.py"
    models.write_text(PETS_V1, encoding="utf-8")
    pets = import_file(models)
    out = tmp_path / "sgen_pets2_serializers.py"
    out.write_text(generate_serializers(pets.Pet), encoding="utf-8")
    models.write_text(PETS_V1 + "\n    Age: int = 0\n")
    pets = import_file(models)
    load_serializers(import_file(out))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StaleSerializerWarning)
        assert b"<Age>0</Age>" in XmlSerializer(pets.Pet).dumps(pets.Pet())


def test_a_module_of_another_layout_is_refused(fresh: None) -> None:
    """Only sgen's own modules load."""
    with pytest.raises(ValueError, match="not a module written by"):
        load_serializers("json")


def test_generated_module_reads_well_and_is_clean(tmp_path: Path) -> None:
    """The module is plain Python: named factories with docstrings, the generated bodies,
    a registry; ruff (the project's rules) and mypy --strict accept it."""
    source = generate_serializers(interop.Zoo, interop.Contact, ToolOrder,
                                  extra_types=[Company])
    assert "def write_Zoo(" in source and "def read_Zoo(" in source
    assert '"""The writer of Zoo (' in source
    assert "serialkit.xml.load_serializers(" in source
    assert "'fingerprint': '" in source
    assert max(len(line) for line in source.splitlines()) <= 100
    path = tmp_path / "zoo_serializers.py"
    path.write_text(source, encoding="utf-8")
    root = Path(__file__).resolve().parents[3]
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--config",
                           str(root / "pyproject.toml"), str(path)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert 0 == ruff.returncode, ruff.stdout + ruff.stderr
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           str(path)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert 0 == mypy.returncode, mypy.stdout + mypy.stderr


def test_cli_sgen(fresh: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`serialkit sgen` writes the module (progress on stderr, one line per root); errors
    follow the other commands: `serialkit: ...`, 1 for a class, 2 for the output."""
    out = tmp_path / "tool_serializers.py"
    assert 0 == main(["sgen", "xml_tool_models:Order", "xml_tool_models:Catalog",
                      "--extra-type", "xml_tool_models:Company", "-o", str(out)])
    captured = capsys.readouterr()
    assert f"Written file {out}" in captured.out
    progress = captured.err.splitlines()
    assert 2 == len(progress)
    assert progress[0].startswith("serialkit: xml_tool_models:Order: ")
    assert "readers" in progress[1]
    forget(monkeypatch)
    load_serializers(import_file(out))
    s = XmlSerializer(ToolOrder, extra_types=[Company])
    assert codegen._writer(s.mapping.root.mapping).__code__.co_filename == str(out)

    assert 0 == main(["sgen", "xml_tool_models:Note"])
    assert "def write_Note(" in capsys.readouterr().out
    assert 1 == main(["sgen", "xml_tool_models:Nope"])
    assert "serialkit: xml_tool_models has no Nope" in capsys.readouterr().err
    assert 1 == main(["sgen", "no_such_module_here:X"])
    assert "serialkit: cannot import no_such_module_here" in capsys.readouterr().err
    assert 2 == main(["sgen", "xml_tool_models:Note", "-o", str(tmp_path / "no" / "x.py")])
    assert "serialkit: cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["sgen"])
    assert 2 == usage.value.code
    assert "serialkit: error:" not in capsys.readouterr().out
    with pytest.raises(SystemExit) as help_:
        main(["sgen", "--help"])
    assert 0 == help_.value.code
    assert "load_serializers" in capsys.readouterr().out
