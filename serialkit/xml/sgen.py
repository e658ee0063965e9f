"""Pre-generated XML serializers (sgen.exe): the generated code of each mapping, in a module.

:func:`generate_serializers` (and ``serialkit sgen``) writes the writer and reader functions
that :mod:`serialkit.xml.codegen` would generate at first use into the source of an ordinary
Python module. :func:`load_serializers` hands such a module to serialkit: from then on, a
mapping built for one of its roots (``XmlSerializer(cls, extra_types=..., root=...,
default_namespace=..., overrides=...)`` with the same arguments) takes its functions from the
module instead of generating and compiling them.

Each root's entry records a **fingerprint** of its mapping: the classes in scope (their
module, name, annotations and everything the mapping made of them: members, names,
namespaces, defaults, conditions), the overrides, extra types, root and default namespace, and
the serialkit version. When the mapping built now has another fingerprint, the classes have
changed since the module was generated: serialkit warns with
:class:`StaleSerializerWarning` and generates that root's code at run time, as .NET falls
back to dynamic generation when a pre-generated serializer "has expired".

The generated functions take their constants (the class, member mappings, format functions,
defaults) as arguments of a factory; the module says where each one is in the mapping
(``members[2].elements[0].mapping``), so the loader hands over the very objects the run-time
generated code would use, and both give the same bytes and objects.
"""

from __future__ import annotations

import ast
import enum
import hashlib
import importlib
import inspect
import io
import pprint
import re
import textwrap
import tokenize
import warnings
from collections import deque
from collections.abc import Callable, Iterable
from types import MethodType, ModuleType
from typing import Any

import attrs

from serialkit.xml import codegen, mapping, netnumber
from serialkit.xml.attributes import XmlRoot
from serialkit.xml.errors import XmlFormatError
from serialkit.xml.mapping import NOTHING, StructMapping, XmlMapping, build_mapping
from serialkit.xml.overrides import XmlAttributeOverrides
from serialkit.xml.reader import _create, _creator, _set, _split
from serialkit.xml.writer import _escape, _text_special, is_default

__all__ = [
    "StaleSerializerWarning",
    "generate_serializers",
    "load_serializers",
    "loaded_entries",
]

#: The layout of the generated module; a module of another layout is not loaded. (2: writers
#: take the depth of an element written without a TextWriter frame, and add their steps to
#: an error's path as it passes. 3: doubles are read as .NET Framework reads them. 4: a
#: DefaultValue compares numbers across types; a nullable flat list writes its None items.)
FORMAT = 4

#: Constants of the generated readers that are serialkit's own, not the mapping's.
_FIXED: dict[str, Any] = {
    "_create": _create, "_creator": _creator, "_set": _set, "_split": _split,
    "_osa": object.__setattr__, "NOTHING": NOTHING, "_escape": _escape,
    "_special": _text_special, "XmlFormatError": XmlFormatError,
    "_read_double": netnumber.read_double, "_is_default": is_default}

#: How deep :func:`_locate` looks for a constant in a struct mapping.
_DEPTH = 6

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class StaleSerializerWarning(UserWarning):
    """A pre-generated serializer no longer matches its classes; it is generated at run time.

    Filter it as any warning (``warnings.filterwarnings("error", category=...)`` in tests,
    ``"ignore"`` in production) and re-run ``serialkit sgen`` to refresh the module.
    """


# -- identities ---------------------------------------------------------------------------
def _ref(cls: Any) -> str:
    """``module:QualName`` of a class (the form ``serialkit sgen`` takes)."""
    return f"{cls.__module__}:{cls.__qualname__}"


def _text(value: Any) -> str:
    """A stable text for ``value``: reprs without memory addresses, classes by name."""
    if isinstance(value, type):
        return _ref(value)
    if isinstance(value, MethodType):
        return f"method {_text(value.__self__)}.{value.__func__.__qualname__}"
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return f"function {getattr(value, '__module__', '')}.{value.__qualname__}"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{_text(k)}: {_text(v)}" for k, v in value.items())) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return _ADDRESS.sub("", repr(value))


def _overrides_text(overrides: XmlAttributeOverrides | None) -> str | None:
    if overrides is None:
        return None
    key = overrides.key()
    return _text([(module, qualname, member, attributes)
                  for (module, qualname, _id, member), attributes in key]) if key else None


def config_key(cls: Any, overrides: XmlAttributeOverrides | None, extra_types: Iterable[Any],
               root: XmlRoot | None, default_namespace: str | None) -> tuple[Any, ...]:
    """What names one mapping: the root type and XmlSerializer's other arguments."""
    return (_ref(cls) if isinstance(cls, type) else _text(cls),
            tuple(_ref(t) if isinstance(t, type) else _text(t) for t in extra_types),
            None if root is None else _text(root), default_namespace or None,
            _overrides_text(overrides))


def fingerprint(m: XmlMapping, key: tuple[Any, ...]) -> str:
    """The fingerprint of a built mapping and the arguments it was built from."""
    from serialkit import __version__

    lines = [f"serialkit {__version__} sgen {FORMAT}", _text(key)]
    index: dict[int, int] = {}
    walked: list[Any] = []

    def visit(value: Any) -> str:
        if isinstance(value, list | tuple):
            return "[" + ", ".join(visit(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{" + ", ".join(sorted(f"{_text(k)}: {visit(v)}"
                                          for k, v in value.items())) + "}"
        if attrs.has(type(value)) and not isinstance(value, XmlRoot):
            if id(value) not in index:
                index[id(value)] = len(walked)
                walked.append(value)
            return f"#{index[id(value)]}"
        return _text(value)

    visit([m.root, m.structs, m.enums])
    done = 0
    while done < len(walked):
        obj = walked[done]
        fields = ", ".join(f"{a.name}={visit(getattr(obj, a.name))}"
                           for a in attrs.fields(type(obj)))
        lines.append(f"#{done} {type(obj).__name__}({fields})")
        if isinstance(obj, StructMapping):
            lines.append(f"   {_class_text(obj.cls)}")
        elif isinstance(getattr(obj, "cls", None), enum.EnumMeta):
            members = list(obj.cls.__members__.items())
            lines.append(f"   {_class_text(obj.cls)} {_text(members)}")
        done += 1
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _class_text(cls: type) -> str:
    """A class as declared: its bases, annotations, and whether ``cls()`` works."""
    try:
        inspect.signature(cls).bind()
    except (TypeError, ValueError):
        bare = False
    else:
        bare = True
    annotations = [f"{c.__qualname__}: {_text(inspect.get_annotations(c))}"
                   for c in cls.__mro__ if c is not object]
    return f"{_ref(cls)} bare={bare} {' | '.join(annotations)}"


# -- constants and where they are -----------------------------------------------------------
def _children(obj: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(obj, StructMapping):
        yield "cls", obj.cls
        for i, mm in enumerate(obj.all_members()):
            yield f"members[{i}]", mm
        yield "base", obj.base
        return
    if isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield f"[{i}]", v
        return
    if attrs.has(type(obj)):
        for a in attrs.fields(type(obj)):
            yield a.name, getattr(obj, a.name)
        for name in ("format", "parse"):
            if hasattr(obj, name):
                yield name, getattr(obj, name)
    elif hasattr(obj, "format") and hasattr(obj, "parse"):  # xsd.PrimitiveMapping
        yield "format", obj.format
        yield "parse", obj.parse


def _same(a: Any, b: Any) -> bool:
    return a is b or (isinstance(a, MethodType) and isinstance(b, MethodType) and a == b)


def _locate(m: StructMapping, value: Any) -> str | None:
    """The shortest path from ``m`` to ``value`` (``members[1].elements[0].mapping``)."""
    queue: deque[tuple[str, Any, int]] = deque([("", m, 0)])
    seen: set[int] = set()
    while queue:
        path, obj, depth = queue.popleft()
        if _same(obj, value):
            return path
        if id(obj) in seen or depth >= _DEPTH:
            continue
        seen.add(id(obj))
        for name, child in _children(obj):
            sep = "" if name.startswith("[") or not path else "."
            queue.append((f"{path}{sep}{name}", child, depth + 1))
    return None


_STEP = re.compile(r"\.?([A-Za-z_]\w*)|\[(\d+)\]")


def resolve(m: StructMapping, path: str) -> Any:
    """The object at ``path`` from ``m`` (what :func:`_locate` found)."""
    obj: Any = m
    pos = 0
    while pos < len(path):
        step = _STEP.match(path, pos)
        if step is None:
            raise ValueError(f"bad path {path!r}")
        pos = step.end()
        if step.group(2) is not None:
            obj = obj[int(step.group(2))]
        elif step.group(1) == "members" and isinstance(obj, StructMapping):
            obj = obj.all_members()
        else:
            obj = getattr(obj, step.group(1))
    return obj


def _literal_type(value: Any) -> str:
    """The annotation of a literal constant (``dict[str, int]``...)."""
    if isinstance(value, str):
        return "str"
    def of(items: Iterable[Any]) -> str:
        names = {type(v).__name__ for v in items}
        # [None]: a cell the generated code fills at its first call.
        return names.pop() if len(names) == 1 and names != {"NoneType"} else "Any"

    if isinstance(value, dict):
        return f"dict[{of(value) if value else 'str'}, {of(value.values()) if value else 'int'}]"
    if isinstance(value, tuple):
        return f"tuple[{of(value) if value else 'Any'}, ...]"
    return f"list[{of(value) if value else 'Any'}]"


def _literal(value: Any) -> bool:
    """True for a constant written into the module as a literal (name tables, orders)."""
    if not isinstance(value, dict | list | tuple):
        return False
    try:
        return bool(ast.literal_eval(repr(value)) == value)
    except (ValueError, SyntaxError):
        return False


# -- writing the module ---------------------------------------------------------------------
_SIGNATURES = {
    "def write(wr, name, ns, value, need_type, depth=-1):":
        "def write(wr: Any, name: str, ns: str, value: Any, need_type: bool, depth: int = -1) "
        "-> None:",
    "def read(rd, el):": "def read(rd: Any, el: Any) -> Any:",
}


class _Module:
    """The text of a generated module, with its factories shared between roots."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.factories: dict[tuple[str, str], str] = {}  # (source, params) -> name
        self.names: set[str] = set()
        self.entries: list[str] = []

    def factory(self, kind: str, m: StructMapping, source: str,
                consts: dict[str, Any]) -> tuple[str, dict[str, str]]:
        """The factory of one generated function, and where its arguments are."""
        params: dict[str, str] = {}
        literals: dict[str, Any] = {}
        for name, value in consts.items():
            if name in _FIXED and _FIXED[name] is value:
                params[name] = "@" + name
            elif _literal(value):
                literals[name] = value
            else:
                path = _locate(m, value)
                if path is None:
                    raise LookupError(f"constant {name} of {m.cls.__qualname__} is not in "
                                      "its mapping")
                params[name] = path
        lines = source.rstrip("\n").split("\n")
        lines[0] = _SIGNATURES.get(lines[0], lines[0])
        lines = _fit(lines, literals)
        key = ("\n".join(lines) + repr(sorted(literals.items(), key=str)), repr(params))
        if key in self.factories:
            return self.factories[key], params
        base = f"{kind}_" + re.sub(r"\W", "_", m.cls.__qualname__)
        name, n = base, 1
        while name in self.names:
            n += 1
            name = f"{base}_{n}"
        self.names.add(name)
        self.factories[key] = name
        returns = "Callable[..., None]" if kind == "write" else "Callable[..., Any]"
        args = ", ".join(f"{p}: Any" for p in params)
        head = f"def {name}({args}) -> {returns}:"
        if len(head) > 100:
            head = f"def {name}(\n" + "".join(f"        {p}: Any,\n" for p in params) + (
                f") -> {returns}:")
        what = "writer" if kind == "write" else "reader"
        block = [head, f'    """The {what} of {m.cls.__qualname__} ({m.type_name!r} in '
                       f'{m.namespace!r})."""']
        for lname, value in literals.items():
            lead = f"    {lname}: {_literal_type(value)} = "
            text = pprint.pformat(value, width=96 - len(lead), sort_dicts=False)
            block.append(lead + text.replace("\n", "\n" + " " * len(lead)))
        block.append("")
        block.extend("    " + line if line else "" for line in lines)
        block.append("")
        block.append(f"    return {kind}")
        self.blocks.append("\n".join(block))
        return name, params


#: The longest line written (the project's ruff line length).
_WIDTH = 100


def _fit(lines: list[str], literals: dict[str, Any]) -> list[str]:
    """``lines`` (to be indented once more) within :data:`_WIDTH`: long string literals become
    constants of the factory (``TX0``), defined next to the other literals."""
    out = []
    for original in lines:
        line = original
        while len(line) + 4 > _WIDTH:
            stripped = line.lstrip()
            indent = line[: len(line) - len(stripped)]
            try:
                strings = [t for t in tokenize.generate_tokens(io.StringIO(stripped).readline)
                           if t.type == tokenize.STRING]
            except (tokenize.TokenError, SyntaxError):
                break
            if not strings:
                break
            longest = max(strings, key=lambda t: len(t.string))
            if len(longest.string) < 12:
                break
            value = ast.literal_eval(longest.string)
            name = next((k for k, v in literals.items() if v == value and k.startswith("TX")),
                        None)
            if name is None:
                name = f"TX{sum(k.startswith('TX') for k in literals)}"
                literals[name] = value
            start, end = longest.start[1], longest.end[1]
            line = indent + stripped[:start] + name + stripped[end:]
        if len(line) + 4 > _WIDTH:
            out.extend(_split_condition(line))
        else:
            out.append(line)
    return out


def _split_condition(line: str) -> list[str]:
    """A long ``if A and B:`` as ``if (`` / ``A`` / ``and B`` / ``):`` (a guard of several
    conditions); any other long line as it is, marked for ruff."""
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if not (stripped.startswith("if ") and stripped.endswith(":")):
        return [line + "  # noqa: E501"]
    condition = stripped[3:-1]
    cuts = [t.start[1] for t in tokenize.generate_tokens(io.StringIO(condition).readline)
            if t.type == tokenize.NAME and t.string == "and"]
    parts = [condition[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(condition)],
                                                     strict=True)]
    return [f"{indent}if (", *(f"{indent}    {part}" for part in parts), f"{indent}):"]


def generate_serializers(*types: type, overrides: XmlAttributeOverrides | None = None,
                         extra_types: Iterable[type] = (), root: XmlRoot | None = None,
                         default_namespace: str | None = None,
                         progress: Callable[[str], None] | None = None) -> str:
    """The source of a module with the generated serializers of each root in ``types``.

    Each root is mapped as ``XmlSerializer(cls, overrides=..., extra_types=..., root=...,
    default_namespace=...)`` maps it (the same arguments for every root, as sgen.exe takes an
    assembly's types). ``progress`` receives one line per root. Mapping errors raise
    :class:`~serialkit.xml.errors.XmlMappingError`.
    """
    from serialkit import __version__

    extras = tuple(extra_types)
    module = _Module()
    for cls in types:
        if not isinstance(cls, type):
            raise TypeError(f"{cls!r} is not a class")
        built = build_mapping(cls, overrides, extras, root, default_namespace)
        key = config_key(cls, overrides, extras, root, default_namespace)
        classes: list[str] = []
        skipped: list[str] = []
        readers = 0
        for s in built.structs:
            try:
                source, consts = codegen.writer_source(s)
                writer: tuple[str, dict[str, str]] | None = module.factory(
                    "write", s, source, consts)
                reader: tuple[str, dict[str, str]] | None = None
                if not codegen._interpreted(s):
                    source, consts = codegen.reader_source(s)
                    reader = module.factory("read", s, source, consts)
                    readers += 1
            except LookupError:  # not expressible: left to run-time generation
                skipped.append(s.cls.__qualname__)
                writer = reader = None
            classes.append(
                f"            ({_ref(s.cls)!r}, {s.type_name!r}, {s.namespace!r},\n"
                f"             {writer[0] if writer else None}, "
                f"{_dict(writer[1]) if writer else None},\n"
                f"             {reader[0] if reader else None}, "
                f"{_dict(reader[1]) if reader else None}),")
        module.entries.append("\n".join([
            "    {",
            f"        'type': {key[0]!r},",
            f"        'extra_types': {list(key[1])!r},",
            f"        'root': {key[2]!r},",
            f"        'default_namespace': {key[3]!r},",
            f"        'overrides': {key[4]!r},",
            f"        'fingerprint': {fingerprint(built, key)!r},",
            "        'classes': [",
            *classes,
            "        ],",
            "    },"]))
        if progress is not None:
            note = f"; run-time generated: {', '.join(skipped)}" if skipped else ""
            progress(f"{key[0]}: {len(classes)} classes, {len(classes) - len(skipped)} "
                     f"writers, {readers} readers{note}")
    roots = textwrap.fill(", ".join(config_key(c, None, (), None, None)[0] for c in types)
                          + ".", width=_WIDTH - 4, initial_indent="    ",
                          subsequent_indent="    ")
    header = f'''"""Pre-generated XML serializers (serialkit sgen) for these roots:

{roots}

Generated by serialkit {__version__}: do not edit; re-run ``serialkit sgen`` when the classes
change (a stale entry is detected by its fingerprint and generated at run time instead, with a
StaleSerializerWarning). Use it with::

    import serialkit.xml
    serialkit.xml.load_serializers("<this module>")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: The layout of this module (serialkit.xml.sgen.FORMAT).
SGEN_FORMAT = {FORMAT}
SERIALKIT_VERSION = {__version__!r}
'''
    body = "\n\n\n".join(module.blocks)
    entries = "\n".join(module.entries)
    return (f"{header}\n\n{body}\n\n\n#: One entry per root: the mapping's arguments and "
            "fingerprint, then per class\n#: (class, type name, namespace, writer factory, "
            "its arguments, reader factory, its\n#: arguments), each argument's place in the "
            f"class mapping ('@' names serialkit's own).\nSERIALIZERS: list[dict[str, Any]] = "
            f"[\n{entries}\n]\n")


def _dict(params: dict[str, str]) -> str:
    text = "{" + ", ".join(f"{k!r}: {v!r}" for k, v in params.items()) + "}"
    if len(text) <= 70:
        return text
    inner = "".join(f"                 {k!r}: {v!r},\n" for k, v in params.items())
    return "{\n" + inner + "             }"


# -- loading --------------------------------------------------------------------------------
#: config key -> (entry, module name), from the modules given to :func:`load_serializers`.
_ENTRIES: dict[tuple[Any, ...], tuple[dict[str, Any], str]] = {}


def load_serializers(module: ModuleType | str) -> int:
    """Use the serializers pre-generated in ``module`` (a module or its dotted name).

    A mapping built for one of the module's roots with the same arguments takes its writers
    and readers from the module, when its fingerprint matches; otherwise a
    :class:`StaleSerializerWarning` is issued and the code is generated at run time. Mappings
    already built are checked now. Returns the number of roots the module holds.
    """
    if isinstance(module, str):
        module = importlib.import_module(module)
    if getattr(module, "SGEN_FORMAT", None) != FORMAT:
        raise ValueError(f"{module.__name__} is not a module written by this serialkit's sgen")
    entries: list[dict[str, Any]] = module.SERIALIZERS
    if _install not in mapping.BUILD_HOOKS:
        mapping.BUILD_HOOKS.append(_install)
    for entry in entries:
        key = (entry["type"], tuple(entry["extra_types"]), entry["root"],
               entry["default_namespace"], entry["overrides"])
        _ENTRIES[key] = (entry, module.__name__)
    for built_key, built in list(mapping._CACHE.items()):
        cls, _overrides_key, extras, root, default_namespace = built_key
        # The cache holds overrides by their key only: mappings with overrides are
        # matched when they are built again.
        if _overrides_key is None:
            _install(built, cls, None, extras, root, default_namespace)
    return len(entries)


def loaded_entries() -> int:
    """How many roots are known from the modules loaded so far."""
    return len(_ENTRIES)


def _install(built: XmlMapping, cls: Any, overrides: XmlAttributeOverrides | None,
             extra_types: tuple[Any, ...], root: XmlRoot | None,
             default_namespace: str | None) -> None:
    """Hand a newly built mapping its pre-generated functions (see :func:`load_serializers`)."""
    key = config_key(cls, overrides, extra_types, root, default_namespace)
    found = _ENTRIES.get(key)
    if found is None:
        return
    entry, module_name = found
    rows = entry["classes"]
    if (entry["fingerprint"] != fingerprint(built, key)
            or len(rows) != len(built.structs)):
        warnings.warn(f"Pre-generated serializer for {key[0]} in {module_name} has expired "
                      "(its classes changed): generating it at run time; re-run "
                      "serialkit sgen", StaleSerializerWarning, stacklevel=2)
        return
    if any(row[0] != _ref(s.cls) for s, row in zip(built.structs, rows, strict=True)):
        return
    for s, (_, _type_name, _ns, write, write_args, read, read_args) in zip(
            built.structs, rows, strict=True):
        if write is None:  # generated at run time
            continue
        codegen._WRITERS[s] = write(**_arguments(s, write_args))
        codegen._READERS[s] = None if read is None else read(**_arguments(s, read_args))


def _arguments(s: StructMapping, params: dict[str, str]) -> dict[str, Any]:
    return {name: _FIXED[path[1:]] if path.startswith("@") else resolve(s, path)
            for name, path in params.items()}
