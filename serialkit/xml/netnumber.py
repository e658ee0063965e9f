""".NET Framework's decimal-to-binary conversion of floating-point numbers, bit for bit.

.NET Framework (and Mono, which runs the same algorithm) converts decimal digits to a double
with 64-bit fixed-point arithmetic and power-of-ten tables that are not correctly rounded, so
for a small share of inputs it lands one unit in the last place away from the nearest double.
That matters twice for XmlSerializer and SoapFormatter:

- ``XmlConvert.ToString(double)`` writes the "R" form: 15 significant digits when *its own*
  parser reads them back as the same double, else 17. To write .NET's bytes, the check must
  use .NET's parser, not Python's correctly rounded ``float``.
- A value .NET wrote with 15 digits is the double .NET's parser makes of them, which a correct
  parser may miss by one unit. Reading such text the way .NET does gets the writer's value back.

Longer text (16 digits or more) is read with Python's ``float``: .NET only writes 17 digits for
a value, and a correctly rounded parse of 17 digits is always that value exactly (.NET's own
parser sometimes is not, the known "R does not round-trip" defect, which serialkit does not
copy).
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

__all__ = ["format_double", "format_single", "g_format", "number_to_double", "parse_number",
           "read_double"]

def _table(exact: list[Fraction], offsets: list[int]) -> list[int]:
    """64-bit mantissas of ``exact`` (normalised, rounded to nearest), plus .NET's departures
    from them in units of the last place: its tables were built with rounding error that every
    conversion inherits, so they are reproduced as .NET has them."""
    out = []
    for value, offset in zip(exact, offsets, strict=True):
        exp = value.numerator.bit_length() - value.denominator.bit_length()
        if value >= Fraction(2) ** exp:
            exp += 1
        out.append(round(value * Fraction(2) ** (64 - exp)) + offset)
    return out


# 10^1..10^15 are exact in 64 bits; 10^-1..10^-15, 10^16k and 10^-16k are not.
_POW10 = _table([Fraction(10**k) for k in range(1, 16)], [0] * 15)
_INV10 = _table([Fraction(1, 10**k) for k in range(1, 16)],
                [0, 1, 1, 2, 2, 1, 2, 2, 2, 3, 3, 3, 5, 4, 3])
_POW10_16 = _table([Fraction(10 ** (16 * k)) for k in range(1, 22)],
                   [0, 0, -1, -1, -2, -3, -2, -2, -1, -2, -3, -5, -6, -4, -4, -4, -4, -4, -5,
                    -3, -4])
_INV10_16 = _table([Fraction(1, 10 ** (16 * k)) for k in range(1, 22)],
                   [5, 9, 12, 14, 15, 16, 35, 35, 36, 36, 35, 35, 34, 66, 64, 62, 59, 57, 54,
                    103, 98])
# Binary exponents: 10^k lies in [2^(e-1), 2^e); 10^-k in [2^-e, 2^(1-e)), hence the "+1"
# where the inverse tables are used.
_EXP10 = [(10**k).bit_length() for k in range(1, 16)]
_EXP10_16 = [(10 ** (16 * k)).bit_length() for k in range(1, 22)]


def _factors(mantissas: list[int], exponents: list[int], inverses: list[int],
             step: int) -> dict[int, tuple[int, int, int]]:
    """Decimal exponent -> the 32-bit halves of .NET's table entry and the binary exponent
    it adds, for ``step * k`` and ``-step * k``."""
    out = {}
    for k, (up, exp, down) in enumerate(zip(mantissas, exponents, inverses, strict=True), 1):
        out[step * k] = (up >> 32, up & 0xFFFFFFFF, exp)
        out[-step * k] = (down >> 32, down & 0xFFFFFFFF, 1 - exp)
    return out


_LOW = _factors(_POW10, _EXP10, _INV10, 1)
_HIGH = _factors(_POW10_16, _EXP10_16, _INV10_16, 16)


def number_to_double(digits: str, scale: int) -> float:
    """The non-negative double .NET Framework makes of ``0.<digits> x 10^scale``.

    ``digits`` holds the significant digits only: no leading zeros, and none of the trailing
    zeros, as .NET's number parser keeps them. Returns ``inf`` where .NET reports an overflow.
    """
    total = len(digits)
    if total == 0:
        return 0.0
    if total <= 9:
        val = int(digits)
        scale -= total
    else:  # .NET reads at most 18 digits: two runs of nine
        val = int(digits[:18])
        scale -= min(total, 18)
    if scale >= 22 * 16 or scale <= -22 * 16:
        return math.inf if scale > 0 else 0.0
    exp = val.bit_length()
    val <<= 64 - exp
    # Scale by 10^(scale mod 16) and then 10^(16k), each a 64x64 multiply that keeps the
    # high 64 bits of three of the four 32-bit partial products (each truncated on its own),
    # drops the low-by-low one, and renormalises.
    sign = -1 if scale < 0 else 1
    absscale = scale * sign
    for factor in (_LOW.get(sign * (absscale & 15)), _HIGH.get(sign * (absscale & ~15))):
        if factor is not None:
            bh, bl, shift = factor
            ah, al = val >> 32, val & 0xFFFFFFFF
            val = ah * bh + ((ah * bl) >> 32) + ((al * bh) >> 32)
            exp += shift
            if not val >> 63:
                val <<= 1
                exp -= 1
    if val & 0x400:
        # Round half to even on the bits it kept; a carry out of bit 63 renormalises.
        val += 0x3FF + ((val >> 11) & 1)
        if val >> 64:
            val >>= 1
            exp += 1
    exp += 0x3FE
    if exp <= 0:
        if exp == -52 and val >= 0x8000000000000058:
            bits = 1  # between half of Epsilon and Epsilon: .NET rounds up to Epsilon
        elif exp <= -52:
            bits = 0
        else:
            bits = val >> (12 - exp)  # subnormal: truncated, after the rounding above
        return float(struct.unpack("<d", struct.pack("<Q", bits))[0])
    if exp >= 0x7FF:
        return math.inf
    return math.ldexp(val >> 11, exp - 0x433)  # 53 bits, exactly


def parse_number(text: str, value: float | None = None) -> float:
    """What .NET Framework reads from ``text``, a decimal number (optionally signed, with an
    optional exponent) already known to be well formed: .NET's own conversion when the text
    has at most 15 significant digits, the correctly rounded one otherwise (see the module's
    docstring). ``value`` is ``float(text)`` when the caller has it. Overflow gives ``inf``."""
    if (len(text) > 16 and "0" < text[0] <= "9" and text[-1] != "0" and "e" not in text
            and "E" not in text):
        # The usual 16- or 17-digit text: unsigned, no exponent, no leading or trailing
        # zeros, so all but the point (if any) are significant digits.
        return float(text) if value is None else value
    mantissa, _, exponent = text.replace("E", "e").partition("e")
    negative = mantissa.startswith("-")
    whole, _, fraction = mantissa.lstrip("+-").partition(".")
    every = whole + fraction
    digits = every.lstrip("0")
    scale = len(whole) - (len(every) - len(digits))
    digits = digits.rstrip("0")
    if len(digits) > 15:
        return float(text) if value is None else value
    result = number_to_double(digits, scale + int(exponent or 0))
    return -result if negative else result


def read_double(text: str) -> float:
    """``parse_number`` of text that ``float`` accepts; ``ValueError`` where it is not a
    number or is too large for a double (.NET's ``OverflowException``)."""
    value = float(text)
    # parse_number's first case, the common one, without a second call (generated XML
    # readers inline a stricter form of it; 300 digits stay well below a double's overflow)
    if (16 < len(text) < 300 and text[0] not in "+-.0" and text[-1] != "0" and "e" not in text
            and "E" not in text):
        return value
    value = parse_number(text, value)
    if value - value != 0:
        raise ValueError(f"{text!r} is out of range for a double")
    return value


def _render(negative: bool, digits: str, exponent: int, precision: int) -> str:
    """C's and .NET's "G" layout of ``d.ddd x 10^exponent``: fixed notation from 1E-5 up to
    10^precision, else ``d.dddE+XX`` with at least two exponent digits."""
    sign = "-" if negative else ""
    if -5 < exponent < precision:
        if exponent < 0:
            return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
        whole = digits[:exponent + 1].ljust(exponent + 1, "0")
        fraction = digits[exponent + 1:]
        return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"
    mantissa = f"{digits[0]}.{digits[1:]}" if len(digits) > 1 else digits
    return f"{sign}{mantissa}E{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


_TIE_LIMIT = {p: (10**p, 10 ** (p + 1)) for p in (7, 9, 15, 17)}


def _tie(value: float, precision: int) -> tuple[str, int] | None:
    """For a positive ``value`` exactly halfway between two ``precision``-digit decimals:
    the digits .NET keeps (rounded away from zero) and the decimal exponent of the first.

    Only a value whose exact decimal expansion has ``precision + 1`` significant digits, the
    last a 5, can be a tie: ``n / 2^k`` is ``n * 5^k / 10^k``, so ``k`` must be small."""
    n, d = value.as_integer_ratio()
    k = d.bit_length() - 1
    if k > 26:  # 5^27 > 10^18: too many digits for any precision here
        return None
    exact, zeros = n * 5**k, 0
    low, high = _TIE_LIMIT.get(precision) or (10**precision, 10 ** (precision + 1))
    if k == 0:
        while exact >= high and exact % 10 == 0:
            exact //= 10
            zeros += 1
    if exact % 10 != 5 or not low <= exact < high:
        return None
    digits = str(exact // 10 + 1)
    exponent = precision + zeros - k
    if len(digits) > precision:  # 99..95 rounded up to 100..0
        digits, exponent = digits[:precision], exponent + 1
    return digits.rstrip("0"), exponent


def g_format(value: float, precision: int) -> str:
    """.NET's "G<precision>" of a finite, non-zero value: the exact value rounded to
    ``precision`` significant digits, half away from zero (Python rounds an exact tie to even,
    which is the only place the two differ)."""
    tie = _tie(abs(value), precision)
    if tie is None:
        return f"{value:.{precision}G}"
    return _render(value < 0, tie[0], tie[1], precision)


def _reads_back_15(short: str, size: float) -> bool:
    """Whether .NET's parser makes ``size`` of ``short``, its "%.14e" form; number_to_double
    unrolled for the usual case of one multiply (keep the two in step)."""
    digits = (short[0] + short[2:16]).rstrip("0")
    scale = int(short[17:]) + 1 - len(digits)
    if scale == 0:
        return float(digits) == size  # an integer of 15 digits or fewer: exact
    factor = _LOW.get(scale)
    if factor is None:
        return number_to_double(digits, scale + len(digits)) == size
    val = int(digits)
    exp = val.bit_length()
    val <<= 64 - exp
    bh, bl, shift = factor
    high = val >> 32
    val = high * bh + ((high * bl) >> 32) + (((val & 0xFFFFFFFF) * bh) >> 32)
    exp += shift
    if not val >> 63:
        val <<= 1
        exp -= 1
    if val & 0x400:
        val += 0x3FF + ((val >> 11) & 1)
        if val >> 64:
            val >>= 1
            exp += 1
    if not -1021 <= exp <= 1024:  # subnormal or overflow: the general code
        return number_to_double(digits, scale + len(digits)) == size
    return math.ldexp(val >> 11, exp - 53) == size


def format_double(value: float) -> str:
    """.NET Framework's "R" form of a finite, non-zero double: "G15" when .NET's parser reads
    that back as ``value``, else "G17"."""
    size = abs(value)
    if size.as_integer_ratio()[1] < 1 << 27:  # a short exact expansion: mind the ties
        text = g_format(value, 15)
        return text if parse_number(text) == value else g_format(value, 17)
    # No tie is possible: Python's digits are .NET's.
    short = f"{size:.14e}"
    near = float(short)
    # .NET's parser is at most one unit in the last place from the correctly rounded
    # result, so digits that Python reads further away cannot satisfy .NET either.
    if (near == size or abs(near - size) <= math.ulp(size)) and _reads_back_15(short, size):
        return f"{value:.15G}"
    return f"{value:.17G}"


def format_single(value: float) -> str:
    """.NET Framework's "R" form of a finite, non-zero System.Single (already rounded to
    single precision): "G7" when .NET's parser, narrowed to a float, reads that back as
    ``value``, else "G9"."""
    text = g_format(value, 7)
    back = parse_number(text)
    if not math.isinf(back):
        back = struct.unpack("<f", struct.pack("<f", back))[0]
    return text if back == value else g_format(value, 9)
