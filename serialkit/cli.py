"""The ``serialkit`` command.

``serialkit inspect PAYLOAD`` prints the record tree of an MS-NRBF payload, or of a
SoapFormatter document (or the element tree of an XmlSerializer SOAP-encoded one), without
binding a single type (safe on any input); ``--json`` prints
it as JSON instead. ``serialkit xsd MODULE:Class -o DIR`` writes the XML schemas of classes
(xsd.exe ``/type``); ``serialkit classes SCHEMA.xsd -o models.py`` writes Python classes for
a schema (xsd.exe ``/classes``); ``serialkit sgen MODULE:Class -o serializers.py`` writes the
generated XML serializers of classes into a module (sgen.exe).
"""

from __future__ import annotations

import argparse
import base64
import codecs
import datetime as _dt
import importlib
import json
import math
import os
import sys
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from serialkit.errors import SerializationError
from serialkit.nrbf.decoder import decode
from serialkit.nrbf.dump import format_tree
from serialkit.nrbf.records import ArrayRecord, ClassRecord
from serialkit.soap import decode as soap_decode
from serialkit.soap.encoded_view import KIND as ENCODED_KIND
from serialkit.soap.encoded_view import decode_encoded, is_encoded

__all__ = ["main", "to_json"]


def to_json(root: Any) -> Any:
    """A JSON-ready view of a record graph: objects carry ``$id``/``$type``, repeats ``$ref``.

    Iterative, so any nesting depth works; a record met again becomes ``{"$ref": id}``. A
    shared record is defined where it first appears in the output (members and items are
    visited in order, depth first), so every ``$ref`` follows its ``$id``.
    """
    seen: set[int] = set()
    result: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(root, result, 0)]
    while stack:
        value, container, key = stack.pop()
        if isinstance(value, ClassRecord | ArrayRecord):
            if id(value) in seen:
                container[key] = {"$ref": value.object_id}
                continue
            seen.add(id(value))
            out: dict[str, Any] = {"$id": value.object_id, "$type": value.type_name}
            if isinstance(value, ClassRecord):
                if value.library_name:
                    out["$library"] = value.library_name
                members: dict[str, Any] = {}
                out["members"] = members
                pending = []
                for name, member in value.items():
                    members[name] = None
                    pending.append((member, members, name))
                stack.extend(reversed(pending))  # popped first to last
            else:
                out["lengths"] = list(value.lengths)
                if any(value.lower_bounds):
                    out["lower_bounds"] = list(value.lower_bounds)
                if isinstance(value.values, bytes | bytearray):
                    out["base64"] = base64.b64encode(value.values).decode("ascii")
                else:
                    items: list[Any] = [None] * len(value.values)
                    out["items"] = items
                    stack.extend((value.values[i], items, i)
                                 for i in range(len(value.values) - 1, -1, -1))
            container[key] = out
        else:
            container[key] = _scalar(value)
    return result[0]


def _scalar(value: Any) -> Any:
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return {"$timespan_seconds": value.total_seconds()}
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, float) and math.isnan(value):  # NaN has no JSON form
        return "NaN"
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


def _is_xml(data: bytes) -> bool:
    """Whether a payload is an XML (SOAP) document rather than MS-NRBF: '<' after a byte
    order mark and white space, in UTF-8 or UTF-16 (an MS-NRBF payload starts with 0x00 0x01,
    which is no '<' in any of them)."""
    bom, codec = next(((b, c) for b, c in _BOMS if data.startswith(b)), (b"", ""))
    if not codec:  # no mark: a zero byte first or second is UTF-16 (as XmlReader guesses)
        codec = ("utf-16-be" if data[:1] == b"\x00" else
                 "utf-16-le" if data[1:2] == b"\x00" else "latin-1")
    head = data[len(bom):len(bom) + 400].decode(codec, "ignore")
    return head.lstrip()[:1] == "<"


def _decode_xml(data: bytes) -> tuple[Any, str | None]:
    """A SOAP document's records, and what kind of document it is when it is not
    SoapFormatter's: XmlSerializer's SOAP-encoded documents (XML type names, ``idN``
    multirefs) are shown too, as the element tree they hold."""
    try:
        return soap_decode(data), None
    except SerializationError:
        if not is_encoded(data):
            raise
    return decode_encoded(data), ENCODED_KIND


def _inspect(args: argparse.Namespace) -> int:
    kind = None
    try:
        with open(args.payload, "rb") as stream:
            data = stream.read()
        if _is_xml(data):
            root, kind = _decode_xml(data)
        else:
            root = decode(data)
    except OSError as exc:
        print(f"serialkit: cannot read {args.payload}: {exc.strerror}", file=sys.stderr)
        return 2
    except SerializationError as exc:
        print(f"serialkit: {args.payload}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(to_json(root), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        if kind is not None:
            print(f"({kind}: types are XML names, not CLR ones; hrefs resolved)")
        print(format_tree(root, max_items=args.max_items))
    return 0


def _class_spec(spec: str) -> str:
    """argparse's check of a ``MODULE:Class`` argument: a malformed one is a usage error."""
    module_name, sep, qualname = spec.partition(":")
    if not sep or not module_name or not qualname or not all(
            part.isidentifier() for part in [*module_name.split("."), *qualname.split(".")]):
        raise argparse.ArgumentTypeError(
            f"{spec!r} is not MODULE:Class (a module to import and a class in it, "
            "e.g. models:Order)")
    return spec


def _load_class(spec: str) -> Any:
    """``module:Class`` (or ``module:Outer.Inner``) -> the class; the working directory is
    importable, as with ``python -m``."""
    module_name, _, qualname = _class_spec(spec).partition(":")
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise LookupError(f"cannot import {module_name}: {exc}") from exc
    except SyntaxError as exc:
        raise LookupError(f"cannot import {module_name}: {exc.filename}:{exc.lineno}: "
                          f"{exc.msg}") from exc
    except (Exception, SystemExit) as exc:  # the module's own code failed as it ran
        raise LookupError(f"cannot import {module_name}: it raised "
                          f"{type(exc).__name__}: {exc}") from exc
    for part in qualname.split("."):
        if not hasattr(target, part):
            raise LookupError(f"{module_name} has no {qualname}")
        target = getattr(target, part)
    return target


def _xsd(args: argparse.Namespace) -> int:
    from serialkit.xml.schema import export_schema, schema_file_names

    try:
        classes = [_load_class(spec) for spec in args.types]
        extra = [_load_class(spec) for spec in args.extra_type]
        schemas = export_schema(*classes, extra_types=extra)
    except (LookupError, SerializationError) as exc:
        print(f"serialkit: {exc}", file=sys.stderr)
        return 1
    names = schema_file_names(schemas)
    try:
        os.makedirs(args.output, exist_ok=True)
        for ns, data in schemas.items():
            path = os.path.join(args.output, names[ns])
            with open(path, "wb") as stream:
                stream.write(data)
            print(f"Written file {path}")
    except OSError as exc:
        print(f"serialkit: cannot write to {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0


def _classes(args: argparse.Namespace) -> int:
    from serialkit.xml.classgen import ClassGenerator, SchemaError

    locations: dict[str, str] = {}
    for item in args.location:
        url, sep, path = item.partition("=")
        if not sep:
            print(f"serialkit: --location wants URL=PATH, not {item!r}", file=sys.stderr)
            return 2
        locations[url] = path
    generator = ClassGenerator(style=args.style, locations=locations)
    try:
        for schema in args.schemas:
            if not os.path.isfile(schema):
                print(f"serialkit: cannot read {schema}: no such file", file=sys.stderr)
                return 2
            generator.load(schema)
        source = generator.generate()
    except SchemaError as exc:
        print(f"serialkit: {exc}", file=sys.stderr)
        return 1
    for warning in generator.warnings:
        print(f"serialkit: warning: {warning}", file=sys.stderr)
    return _emit(source, args.output)


def _emit(source: str, output: str | None) -> int:
    """Write generated source to ``output`` (stdout when None), as xsd.exe reports it."""
    if output is None:
        sys.stdout.write(source)
        return 0
    try:
        with open(output, "w", encoding="utf-8") as stream:
            stream.write(source)
    except OSError as exc:
        print(f"serialkit: cannot write {output}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"Written file {output}")
    return 0


def _sgen(args: argparse.Namespace) -> int:
    from serialkit.xml.sgen import generate_serializers

    def progress(line: str) -> None:
        print(f"serialkit: {line}", file=sys.stderr)

    try:
        classes = [_load_class(spec) for spec in args.types]
        extra = [_load_class(spec) for spec in args.extra_type]
        source = generate_serializers(*classes, extra_types=extra,
                                      default_namespace=args.default_namespace,
                                      progress=progress)
    except (LookupError, TypeError, SerializationError) as exc:
        print(f"serialkit: {exc}", file=sys.stderr)
        return 1
    return _emit(source, args.output)


def _parser() -> argparse.ArgumentParser:
    from serialkit import __version__

    parser = argparse.ArgumentParser(
        prog="serialkit", description="Tools for .NET serialization payloads.",
        epilog="An interrupted run (Ctrl-C) exits with status 130.")
    parser.add_argument("--version", action="version", version=f"serialkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    inspect = commands.add_parser(
        "inspect", help="print the records of a BinaryFormatter or SoapFormatter payload",
        description="Print the record tree of an MS-NRBF (BinaryFormatter) payload or a "
                    "SoapFormatter document. Nothing in the payload is "
                    "instantiated, so this is safe on untrusted files. Exit status: 0 on "
                    "success, 1 for a malformed payload (the message gives the byte offset), "
                    "2 when the file cannot be read.")
    inspect.add_argument("payload", help="the payload file")
    inspect.add_argument("--json", action="store_true", help="print JSON instead of a tree")
    inspect.add_argument("--max-items", type=int, default=None, metavar="N",
                         help="show at most N elements of each array")
    inspect.set_defaults(handler=_inspect)
    xsd = commands.add_parser(
        "xsd", help="write the XML schemas of classes (xsd.exe /type)",
        description="Write the XML schemas that describe what XmlSerializer writes and reads "
                    "for the given classes: one file per target namespace, named "
                    "schema0.xsd, schema1.xsd... as xsd.exe names them, importing each other. "
                    "Exit status: 0 on success, 1 when a class cannot be imported or mapped, "
                    "2 for a usage error or when the files cannot be written.")
    xsd.add_argument("types", nargs="+", metavar="MODULE:Class", type=_class_spec,
                     help="a class to export as a document root (importable from here)")
    xsd.add_argument("-o", "--output", default=".", metavar="DIR",
                     help="the directory to write into (default: the current one)")
    xsd.add_argument("--extra-type", action="append", type=_class_spec, default=[],
                     metavar="MODULE:Class",
                     help="a class that may appear through xsi:type (XmlSerializer's "
                          "extra_types); repeatable")
    xsd.set_defaults(handler=_xsd)
    classes = commands.add_parser(
        "classes", help="write Python classes for an XML schema (xsd.exe /classes)",
        description="Write typed Python classes, with serialkit's XML attributes, whose "
                    "XmlSerializer reads and writes the documents the schema describes. "
                    "Includes and imports are read from local files only (an http(s) "
                    "location is refused unless --location maps it to a file). What cannot be "
                    "mapped is reported on stderr with its file:line. Exit status: 0 on "
                    "success, 1 for a schema that cannot be read or resolved, 2 for a usage "
                    "error or when a file cannot be read or written.")
    classes.add_argument("schemas", nargs="+", metavar="SCHEMA.xsd",
                         help="the schema (several: imports without a location are "
                              "resolved among them)")
    classes.add_argument("-o", "--output", default=None, metavar="FILE.py",
                         help="the module to write (default: standard output)")
    classes.add_argument("--style", choices=("dataclasses", "attrs"), default="dataclasses",
                         help="the kind of classes to write (default: dataclasses)")
    classes.add_argument("--location", action="append", default=[], metavar="URL=PATH",
                         help="read the schema at URL from the local file PATH; repeatable")
    classes.set_defaults(handler=_classes)
    sgen = commands.add_parser(
        "sgen", help="write the generated XML serializers of classes into a module (sgen.exe)",
        description="Write the XML writer and reader code that XmlSerializer would generate "
                    "at first use, for each root class and every class it reaches, into a "
                    "Python module; serialkit.xml.load_serializers(module) makes serialkit "
                    "use it. Each root's fingerprint is checked when its mapping is built: "
                    "when the classes have changed, serialkit warns (StaleSerializerWarning) "
                    "and generates the code at run time. Progress goes to stderr, one line "
                    "per root. Exit status: 0 on success, 1 when a class cannot be imported "
                    "or mapped, 2 for a usage error or when the module cannot be written.")
    sgen.add_argument("types", nargs="+", metavar="MODULE:Class", type=_class_spec,
                      help="a root class, as XmlSerializer(cls) is made for it (importable "
                           "from here)")
    sgen.add_argument("-o", "--output", default=None, metavar="FILE.py",
                      help="the module to write (default: standard output)")
    sgen.add_argument("--extra-type", action="append", type=_class_spec, default=[],
                      metavar="MODULE:Class",
                      help="a class that may appear through xsi:type (XmlSerializer's "
                           "extra_types, for every root); repeatable")
    sgen.add_argument("--default-namespace", default=None, metavar="URI",
                      help="XmlSerializer's default_namespace, for every root")
    sgen.set_defaults(handler=_sgen)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
        status: int = args.handler(args)
    except BrokenPipeError:  # the reader (``| head``) went away: not an error of ours
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C: the shell's convention, 128 + SIGINT, no traceback
        return 130
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
