"""How to: chunk serialized data (the .NET how-to, with IXmlSerializable).

A large binary payload is sent inside an XML document without ever being held as one
``bytes`` value: ``write_xml`` reads the source file in 4 KB chunks and hands each to
``writer.write_base64`` (which carries the odd bytes over to the next chunk, so the text is
one unbroken base64 string, as .NET's XmlTextWriter writes it); ``read_xml`` decodes the
text 4 KB at a time with ``reader.read_element_content_as_base64`` and appends each chunk to
the destination file.

Run: python examples/xml_chunk_serialized_data.py
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from serialkit import XmlReader, XmlSerializer, XmlWriter

CHUNK = 4096


class FileTransfer:
    """IXmlSerializable: ``<File name="...">`` with the content as chunked base64."""

    def __init__(self, source: Path | None = None, target_dir: Path | None = None) -> None:
        self.source = source  # where write_xml reads from
        self.target_dir = target_dir or Path("received")  # where read_xml writes to
        self.name = source.name if source is not None else ""
        self.size = 0
        self.chunks = 0

    def get_schema(self) -> None:
        return None

    def write_xml(self, writer: XmlWriter) -> None:
        assert self.source is not None
        writer.write_attribute_string("name", self.name)
        writer.write_start_element("Data")
        with self.source.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                writer.write_base64(chunk, 0, len(chunk))
        writer.write_end_element()
        writer.write_element_string("Length", str(self.source.stat().st_size))

    def read_xml(self, reader: XmlReader) -> None:
        self.name = os.path.basename(reader.get_attribute("name") or "unnamed")
        reader.read_start_element()  # the wrapper element
        reader.move_to_content()
        self.target_dir.mkdir(exist_ok=True)
        buffer = bytearray(CHUNK)
        with (self.target_dir / self.name).open("wb") as out:
            while (count := reader.read_element_content_as_base64(buffer, 0, CHUNK)) > 0:
                out.write(buffer[:count])
                self.size += count
                self.chunks += 1
        length = int(reader.read_element_content_as_string("Length"))
        if length != self.size:
            raise ValueError(f"{self.name}: {self.size} bytes received, {length} announced")
        reader.read_end_element()


@dataclass
class Upload:
    User: str = ""
    File: FileTransfer = field(default_factory=FileTransfer)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 16):
            digest.update(chunk)
    return digest.hexdigest()


def main() -> None:
    source = Path("song.mp3")
    source.write_bytes(os.urandom(1 << 20))  # a 1 MB "song"

    serializer = XmlSerializer(Upload)
    with open("upload.xml", "wb") as fh:
        serializer.serialize(fh, Upload("ada", FileTransfer(source)))
    head = Path("upload.xml").read_bytes()[:200].decode()
    print(head.split("<Data>")[0] + "<Data>" + head.split("<Data>")[1][:24] + "...")

    received = serializer.deserialize(Path("upload.xml"))
    copy = received.File.target_dir / received.File.name
    same = sha256(copy) == sha256(source)
    print(f"chunked: {received.File.size} bytes in {received.File.chunks} chunks, "
          f"sha256 match: {same}")
    assert same and received.User == "ada"


if __name__ == "__main__":
    main()
