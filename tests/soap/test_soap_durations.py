"""TimeSpan text in SOAP: written as .NET Framework's SoapDuration.ToString writes it, read in
that form, Mono's and the short XSD forms alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

import pytest

from serialkit import Array, SerializationError
from serialkit.soap import SoapFormatter


def _item(value: timedelta) -> str:
    doc = SoapFormatter().dumps([value], root_type=Annotated[list[Any], Array]).decode()
    line = next(line for line in doc.splitlines() if "xsd:duration" in line)
    return line.strip().removeprefix('<item xsi:type="xsd:duration">').removesuffix("</item>")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        # .NET's own documentation example: 399.12:35:20.010 -> P1Y1M9DT12H35M20.0100000S
        (timedelta(399, hours=12, minutes=35, seconds=20, milliseconds=10),
         "P1Y1M9DT12H35M20.0100000S"),
        (timedelta(seconds=4), "P0Y0M0DT0H0M4S"),
        (timedelta(seconds=4, microseconds=1), "P0Y0M0DT0H0M4.0000010S"),
        (timedelta(hours=1), "P0Y0M0DT1H0M0S"),
        (timedelta(360), "P1Y0M0DT0H0M0S"),
        (timedelta(359, hours=23), "P0Y11M29DT23H0M0S"),
        (-timedelta(hours=23, minutes=59, seconds=54, microseconds=999_993),
         "-P0Y0M0DT23H59M54.9999930S"),
        (-timedelta(1, seconds=0.5), "-P0Y0M1DT0H0M0.5000000S"),
        # SoapDuration tests Compare(span, Zero) < 1: zero is written as a negative zero.
        (timedelta(0), "-P0Y0M0DT0H0M0S"),
    ],
)
def test_written_as_dotnet_framework_writes_it(value: timedelta, text: str) -> None:
    assert text == _item(value)
    assert [value] == SoapFormatter().loads(
        SoapFormatter().dumps([value], root_type=Annotated[list[Any], Array]))


def _document(text: str) -> bytes:
    return ('<SOAP-ENV:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>'
            f'<xsd:duration id="ref-1">{text}</xsd:duration>'
            "</SOAP-ENV:Body></SOAP-ENV:Envelope>").encode()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("PT4S", timedelta(seconds=4)),                    # the short XSD form
        ("PT4.0000000S", timedelta(seconds=4)),            # Mono's
        ("P0Y0M0DT0H0M4S", timedelta(seconds=4)),          # .NET Framework's
        ("P", timedelta(0)),                               # Mono's zero
        ("-P0Y0M0DT0H0M0S", timedelta(0)),                 # .NET Framework's zero
        ("P359DT", timedelta(359)),                        # Mono's whole days
        ("P1Y1M9DT12H35M20.0100000S", timedelta(399, hours=12, minutes=35, seconds=20,
                                                milliseconds=10)),  # 360-day years
        ("P2Y3M9DT12H35M20.0100000S", timedelta(819, hours=12, minutes=35, seconds=20,
                                                milliseconds=10)),
        ("-PT23H59M54.9999930S", -timedelta(hours=23, minutes=59, seconds=54,
                                            microseconds=999_993)),
        ("-P0Y0M0DT23H59M54.9999930S", -timedelta(hours=23, minutes=59, seconds=54,
                                                  microseconds=999_993)),
    ],
)
def test_read_in_every_form(text: str, value: timedelta) -> None:
    assert value == SoapFormatter().loads(_document(text))


@pytest.mark.parametrize("text", ["", "4S", "P4", "PT4.S", "P-1D", "PT1H2", "P1DT2H3M4S5"])
def test_malformed_durations_are_refused(text: str) -> None:
    with pytest.raises(SerializationError, match="is not an xsd:duration"):
        SoapFormatter().loads(_document(text))
