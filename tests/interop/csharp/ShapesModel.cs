// The "every common .NET shape" models and values (tests/interop/cases.md, "shapes_*" and
// "root_*"), shared by the interop peer (SerialkitInterop.exe) and the golden corpus generator
// tests/golden/nrbf/gen3.cs, which compiles this file too. Python twin: tests/interop/shape_models.py.
// Field declaration order is wire order; keep it in step with the Python annotations.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Numerics;

namespace Interop
{
    [Serializable]
    public struct Vec
    {
        public int X;
        public int Y;
        public Vec(int x, int y) { X = x; Y = y; }
    }

    // A struct containing structs (and a reference).
    [Serializable]
    public struct Seg
    {
        public Vec From;
        public Vec To;
        public string Label;
    }

    [Serializable]
    public class Part
    {
        public int Id;
        public string Name;
    }

    public enum EByte : byte { Zero = 0, Max = 255 }
    public enum ESByte : sbyte { Min = -128, One = 1 }
    public enum EShort : short { Min = -32768, Two = 2 }
    public enum EUShort : ushort { One = 1, Max = 65535 }
    public enum EInt { Min = int.MinValue, Three = 3 }
    public enum EUInt : uint { One = 1, Max = uint.MaxValue }
    public enum ELong : long { Min = long.MinValue, Four = 4 }
    public enum EULong : ulong { Five = 5, Max = ulong.MaxValue }

    [Flags]
    public enum Rights { None = 0, Read = 1, Write = 2, Delete = 4 }

    // ---- shapes_prims ----------------------------------------------------------------
    [Serializable]
    public class PrimShapes
    {
        public bool T;
        public bool F;
        public char ChAscii;
        public char ChLatin;
        public char ChEuro;
        public char ChCjk;
        public sbyte S8Min;
        public sbyte S8Max;
        public byte U8Max;
        public short I16Min;
        public ushort U16Max;
        public int I32Min;
        public int I32Max;
        public uint U32Max;
        public long I64Min;
        public long I64Max;
        public ulong U64Max;
        public float FNaN;
        public float FPosInf;
        public float FNegInf;
        public float FNegZero;
        public float FMax;
        public float FEpsilon;
        public float FThird;
        public double DNaN;
        public double DNegInf;
        public double DNegZero;
        public double DMin;
        public double DEpsilon;
        public decimal DecTiny;
        public decimal DecMax;
        public decimal DecMin;
        public decimal DecScale28;
        public decimal DecZeroScaled;
        public DateTime DtUnspecified;
        public DateTime DtUtc;
        public DateTime DtMin;
        public DateTime DtMax;
        public TimeSpan TsNeg;
        public TimeSpan TsZero;
        public TimeSpan TsLarge;
        public TimeSpan TsMin;
    }

    // ---- shapes_local ----------------------------------------------------------------
    [Serializable]
    public class LocalShapes
    {
        public DateTime When;
        public DateTime? MaybeWhen;
    }

    // ---- shapes_offsets --------------------------------------------------------------
    [Serializable]
    public class OffsetShapes
    {
        public DateTimeOffset When;
        public DateTimeOffset? Maybe;
        public DateTimeOffset? Never;
        public object Boxed;
        public DateTimeOffset[] Many;
    }

    // ---- shapes_arrays ---------------------------------------------------------------
    [Serializable]
    public class ArrayShapes
    {
        public string[] Strings;
        public byte[] Bytes;
        public char[] Chars;
        public int[][] Jagged;
        public object[][] JaggedObj;
        public int[,] Rect;
        public string[,] RectStr;
        public int[,,] Cube;
        public Part[] Parts;
        public Vec[] Vecs;
    }

    // ---- shapes_boxed (every primitive boxed), shapes_boxed_py (what Python can box) --
    [Serializable]
    public class BoxedShapes
    {
        public object[] Values;
        public object One;
    }

    // ---- shapes_collections ----------------------------------------------------------
    [Serializable]
    public class CollectionShapes
    {
        public List<int> Ints;
        public List<string> Strs;
        public List<Part> Parts;
        public List<Vec> Vecs;
        public ArrayList Mixed;
        public Dictionary<string, int> ByName;
        public Dictionary<int, Part> ById;
        public Dictionary<EInt, string> ByEnum;
        public Hashtable Table;
        public HashSet<int> Set;
        public HashSet<string> StrSet;
        public Tuple<int> T1;
        public Tuple<int, string> T2;
        public Tuple<int, string, double> T3;
        public Tuple<int, string, double, bool, long, char, decimal> T7;
    }

    // ---- shapes_kvp ------------------------------------------------------------------
    [Serializable]
    public class KvpShapes
    {
        public KeyValuePair<string, int> Pair;
        public KeyValuePair<int, Part> PartPair;
    }

    // ---- shapes_nullable -------------------------------------------------------------
    [Serializable]
    public class NullableShapes
    {
        public int? NInt;
        public int? NIntNull;
        public DateTime? NDt;
        public DateTime? NDtNull;
        public Vec? NVecNull;
        public Vec? NVec;
    }

    // ---- shapes_enums ----------------------------------------------------------------
    [Serializable]
    public class EnumShapes
    {
        public EByte B;
        public ESByte SB;
        public EShort S;
        public EUShort US;
        public EInt I;
        public EUInt UI;
        public ELong L;
        public EULong UL;
        public Rights Combined;
        public Rights NoRights;
        public Rights AllRights;
        public object Boxed;
    }

    // ---- shapes_misc (Guid, BigInteger) ----------------------------------------------
    [Serializable]
    public class MiscShapes
    {
        public Guid G;
        public Guid Empty;
        public BigInteger Small;
        public BigInteger HugePos;
        public BigInteger HugeNeg;
    }

    // ---- shapes_structs --------------------------------------------------------------
    [Serializable]
    public class StructShapes
    {
        public Vec P;
        public Seg S;
        public Seg[] Segs;
        public object BoxedVec;
    }

    // ---- root_level3: three levels, private fields of one name in each -------------
    [Serializable]
    public class Level1
    {
        private int _id;
        public string Name;
        private string _note;

        public int Id1 { get { return _id; } set { _id = value; } }
        public string Note1 { get { return _note; } set { _note = value; } }
    }

    [Serializable]
    public class Level2 : Level1
    {
        private int _id;
        public int Depth;

        public int Id2 { get { return _id; } set { _id = value; } }
    }

    [Serializable]
    public class Level3 : Level2
    {
        private int _id;
        public double Weight;
        private string _note;

        public int Id3 { get { return _id; } set { _id = value; } }
        public string Note3 { get { return _note; } set { _note = value; } }
    }

    // The values of every case: one builder per case, a fresh graph each call.
    public static class ShapeValues
    {
        public static readonly DateTime Utc =
            new DateTime(2024, 2, 29, 13, 45, 30, 123, DateTimeKind.Utc).AddTicks(4560);
        // DateTime.MaxValue is ...59.9999999; Python keeps microseconds, so the case uses
        // MaxValue truncated to a whole microsecond (ticks 3155378975999999990).
        public static readonly DateTime MaxMicro = new DateTime(DateTime.MaxValue.Ticks - 9);
        // 01:30 local twice on 2021-11-07, when DST ends (the peer runs with TZ=America/New_York):
        // ToLocalTime() marks the first, daylight one LocalAmbiguousDst (Kind bits 3 on the wire);
        // the second, standard one is plain Local (Kind 2).
        public static readonly DateTime AmbiguousDst =
            new DateTime(2021, 11, 7, 5, 30, 0, DateTimeKind.Utc).ToLocalTime();
        public static readonly DateTime AmbiguousStd =
            new DateTime(2021, 11, 7, 6, 30, 0, DateTimeKind.Utc).ToLocalTime();
        public static readonly TimeSpan LargeSpan = new TimeSpan(TimeSpan.MaxValue.Ticks - 7);   // ...5800
        public static readonly TimeSpan MinSpan = new TimeSpan(TimeSpan.MinValue.Ticks + 8);     // ...5800

        public static PrimShapes Prims()
        {
            return new PrimShapes
            {
                T = true, F = false,
                ChAscii = 'A', ChLatin = '\u00e7', ChEuro = '\u20ac', ChCjk = '\u4e2d',
                S8Min = sbyte.MinValue, S8Max = sbyte.MaxValue, U8Max = byte.MaxValue,
                I16Min = short.MinValue, U16Max = ushort.MaxValue,
                I32Min = int.MinValue, I32Max = int.MaxValue, U32Max = uint.MaxValue,
                I64Min = long.MinValue, I64Max = long.MaxValue, U64Max = ulong.MaxValue,
                FNaN = float.NaN, FPosInf = float.PositiveInfinity, FNegInf = float.NegativeInfinity,
                FNegZero = -0.0f, FMax = float.MaxValue, FEpsilon = float.Epsilon, FThird = 1f / 3f,
                DNaN = double.NaN, DNegInf = double.NegativeInfinity, DNegZero = -0.0,
                DMin = double.MinValue, DEpsilon = double.Epsilon,
                DecTiny = 0.0000000000000000000000000001m,
                DecMax = 79228162514264337593543950335m,
                DecMin = -79228162514264337593543950335m,
                DecScale28 = 1.0000000000000000000000000000m,
                DecZeroScaled = 0.00m,
                DtUnspecified = new DateTime(1999, 12, 31, 23, 59, 59, 999).AddTicks(9990),
                DtUtc = Utc,
                DtMin = DateTime.MinValue,
                DtMax = MaxMicro,
                TsNeg = -new TimeSpan(3, 4, 5, 6, 789),
                TsZero = TimeSpan.Zero,
                TsLarge = LargeSpan,
                TsMin = MinSpan,
            };
        }

        public static LocalShapes Local()
        {
            var when = new DateTime(2021, 6, 15, 12, 30, 45, DateTimeKind.Local);
            return new LocalShapes { When = when, MaybeWhen = when.AddDays(1) };
        }

        // Offsets at .NET's limits (+14:00, -14:00), a half hour, zero; sub-second digits
        // to whole microseconds (Python's resolution).
        public static readonly DateTimeOffset Offset =
            new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234560);

        public static OffsetShapes Offsets()
        {
            return new OffsetShapes
            {
                When = Offset,
                Maybe = new DateTimeOffset(1999, 12, 31, 23, 59, 59, new TimeSpan(-5, -30, 0)),
                Never = null,
                Boxed = new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.FromHours(14)),
                Many = new[] {
                    new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero),
                    new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)),
                },
            };
        }

        public static ArrayShapes Arrays()
        {
            string shared = "twice";
            var p1 = new Part { Id = 1, Name = "one" };
            var cube = new int[2, 3, 2];
            int n = 0;
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++)
                    for (int k = 0; k < 2; k++)
                        cube[i, j, k] = n++;
            return new ArrayShapes
            {
                Strings = new[] { shared, null, "\u00e9t\u00e9", "", shared },
                Bytes = new byte[] { 0, 1, 127, 128, 255 },
                Chars = new[] { 'a', '\u00e9', '\u20ac' },
                Jagged = new[] { new[] { 1, 2 }, null, new int[0] },
                JaggedObj = new[] { new object[] { 1, "x" }, null, new object[0] },
                Rect = new[,] { { 1, 2, 3 }, { 4, 5, 6 } },
                RectStr = new[,] { { "p", null }, { "q", "r" } },
                Cube = cube,
                Parts = new[] { p1, null, p1, new Part { Id = 2, Name = "two" } },
                Vecs = new[] { new Vec(1, 2), new Vec(-3, 4) },
            };
        }

        // Every primitive boxed: Python reads the widths a plain int, float or str cannot say
        // as boxed values (UInt8(200), Char("ç"), Single(1.25)...) and writes them back as such.
        public static BoxedShapes Boxed()
        {
            return new BoxedShapes
            {
                Values = new object[]
                {
                    true, (byte)200, (sbyte)-5, '\u00e7', (short)-300, (ushort)60000, -70000,
                    3000000000u, -5000000000L, 10000000000000000000UL, 1.25f, -2.5, 7.75m,
                    Utc, TimeSpan.FromMilliseconds(-1500), "text", null,
                },
                One = (byte)7,
            };
        }

        // The boxed values Python can write: their runtime type says the .NET type.
        public static BoxedShapes BoxedPy()
        {
            return new BoxedShapes
            {
                Values = new object[]
                {
                    true, -70000, -5000000000L, BigInteger.Pow(2, 70), -2.5, 7.75m, Utc,
                    TimeSpan.FromMilliseconds(-1500), "text", null, null,
                    new Guid("f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f"), EInt.Three, new Vec(5, 6),
                },
                One = 7,
            };
        }

        public static CollectionShapes Collections()
        {
            var p1 = new Part { Id = 1, Name = "one" };
            var p2 = new Part { Id = 2, Name = "two" };
            var table = new Hashtable();
            table["k"] = 42;
            return new CollectionShapes
            {
                Ints = new List<int> { 1, 2, 3, 4, 5 },
                Strs = new List<string> { "x", null },
                Parts = new List<Part> { p1, p2 },
                Vecs = new List<Vec> { new Vec(1, 1), new Vec(2, 2) },
                Mixed = new ArrayList { 1, "two", 3.0, null, p1 },
                ByName = new Dictionary<string, int> { { "a", 1 }, { "b", 2 }, { "c", 3 } },
                ById = new Dictionary<int, Part> { { 1, p1 }, { 2, p2 } },
                ByEnum = new Dictionary<EInt, string> { { EInt.Three, "three" }, { EInt.Min, "min" } },
                Table = table,
                Set = new HashSet<int> { 1, 2, 3 },
                StrSet = new HashSet<string> { "only" },
                T1 = Tuple.Create(1),
                T2 = Tuple.Create(2, "b"),
                T3 = Tuple.Create(3, "c", 0.5),
                T7 = Tuple.Create(7, "g", 1.5, true, -8L, '\u00e7', 9.99m),
            };
        }

        public static KvpShapes Kvp()
        {
            return new KvpShapes
            {
                Pair = new KeyValuePair<string, int>("k", 9),
                PartPair = new KeyValuePair<int, Part>(3, new Part { Id = 3, Name = "three" }),
            };
        }

        public static NullableShapes Nullables()
        {
            return new NullableShapes
            {
                NInt = 5, NIntNull = null,
                NDt = Utc, NDtNull = null,
                NVecNull = null, NVec = new Vec(7, 8),
            };
        }

        public static EnumShapes Enums()
        {
            return new EnumShapes
            {
                B = EByte.Max, SB = ESByte.Min, S = EShort.Min, US = EUShort.Max,
                I = EInt.Min, UI = EUInt.Max, L = ELong.Min, UL = EULong.Max,
                Combined = Rights.Read | Rights.Delete,
                NoRights = Rights.None,
                AllRights = Rights.Read | Rights.Write | Rights.Delete,
                Boxed = EULong.Five,
            };
        }

        public static readonly BigInteger HugePos = BigInteger.Pow(2, 100) + 12345;
        public static readonly BigInteger HugeNeg = -BigInteger.Pow(3, 80);

        public static MiscShapes Misc()
        {
            return new MiscShapes
            {
                G = new Guid("f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f"),
                Empty = Guid.Empty,
                Small = 42,
                HugePos = HugePos,
                HugeNeg = HugeNeg,
            };
        }

        public static Seg MakeSeg(int a, string label)
        {
            return new Seg { From = new Vec(a, a + 1), To = new Vec(-a, -a - 1), Label = label };
        }

        public static StructShapes Structs()
        {
            return new StructShapes
            {
                P = new Vec(3, -4),
                S = MakeSeg(1, "first"),
                Segs = new[] { MakeSeg(2, "second"), MakeSeg(3, null) },
                BoxedVec = new Vec(9, 10),
            };
        }

        public static Level3 Levels()
        {
            var l = new Level3 { Name = "three-levels", Depth = 3, Weight = 0.25 };
            l.Id1 = 1; l.Id2 = 2; l.Id3 = 3;
            l.Note1 = "base note"; l.Note3 = "own note";
            return l;
        }

        // Root-level cases: the root's .NET type is not what a Python value says by itself.
        public static int[,] RootRect() { return new[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }; }
        public static int[][] RootJagged() { return new[] { new[] { 1 }, new[] { 2, 3 } }; }
        public static List<Part> RootListParts()
        {
            var p = new Part { Id = 1, Name = "one" };
            return new List<Part> { p, new Part { Id = 2, Name = "two" }, p };
        }
        public static Dictionary<int, Part> RootDictParts()
        {
            return new Dictionary<int, Part> { { 10, new Part { Id = 10, Name = "ten" } } };
        }
        public static Tuple<int, string, double, bool, long, char, decimal> RootTuple7()
        {
            return Tuple.Create(7, "g", 1.5, true, -8L, '\u00e7', 9.99m);
        }
        public static HashSet<string> RootStrSet() { return new HashSet<string> { "only" }; }
        public static List<Vec> RootListVec() { return new List<Vec> { new Vec(1, 2) }; }
        public static Vec[] RootVecArray() { return new[] { new Vec(1, 2), new Vec(3, 4) }; }
        public static string[,] RootRectStr() { return new[,] { { "a", "b" }, { null, "c" } }; }
    }
}
