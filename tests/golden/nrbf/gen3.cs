// Golden corpus, part 3: every common .NET shape (tests/interop/cases.md, shapes_* and root_*).
// The types and values are the interop peer's (../../interop/csharp/ShapesModel.cs), compiled
// into this assembly, gen3:
//
//   mcs -r:System.Numerics.dll -out:gen3.exe gen3.cs ../../interop/csharp/ShapesModel.cs && mono gen3.exe
//
// Each payload is one default BinaryFormatter.Serialize. tests/binary/test_golden_shapes.py reads
// them with the Python twins of tests/interop/shape_models.py (define("gen3, ...")).
// shapes_local holds Local DateTimes: their ticks are the wall-clock time of the machine that
// wrote them (the checked-in payloads: UTC). root_datetime_ambiguous* need a zone with DST:
// run it with TZ=America/New_York (no other payload depends on the zone).
using System;
using System.IO;
using System.Runtime.Serialization.Formatters.Binary;
using Interop;

public static class Gen3
{
    static void W(string name, object o)
    {
        var ms = new MemoryStream();
        new BinaryFormatter().Serialize(ms, o);
        File.WriteAllBytes("payloads/" + name + ".bin", ms.ToArray());
        Console.WriteLine(name + ": " + ms.Length + " bytes");
    }

    public static void Main()
    {
        Directory.CreateDirectory("payloads");
        W("shapes_prims", ShapeValues.Prims());
        W("shapes_local", ShapeValues.Local());
        W("shapes_offsets", ShapeValues.Offsets());
        W("shapes_arrays", ShapeValues.Arrays());
        W("shapes_boxed", ShapeValues.Boxed());
        W("shapes_boxed_py", ShapeValues.BoxedPy());
        W("shapes_collections", ShapeValues.Collections());
        W("shapes_kvp", ShapeValues.Kvp());
        W("shapes_nullable", ShapeValues.Nullables());
        W("shapes_enums", ShapeValues.Enums());
        W("shapes_misc", ShapeValues.Misc());
        W("shapes_structs", ShapeValues.Structs());
        W("root_level3", ShapeValues.Levels());
        W("root_rect", ShapeValues.RootRect());
        W("root_rect_str", ShapeValues.RootRectStr());
        W("root_jagged", ShapeValues.RootJagged());
        W("root_list_parts", ShapeValues.RootListParts());
        W("root_list_vec", ShapeValues.RootListVec());
        W("root_vec_array", ShapeValues.RootVecArray());
        W("root_dict_parts", ShapeValues.RootDictParts());
        W("root_tuple7", ShapeValues.RootTuple7());
        W("root_str_set", ShapeValues.RootStrSet());
        W("root_enum_ulong", EULong.Max);
        W("root_seg", ShapeValues.MakeSeg(4, "root"));
        W("root_guid", new Guid("f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f"));
        W("root_bigint_neg", ShapeValues.HugeNeg);
        W("root_decimal_min", decimal.MinValue);
        W("root_single_negzero", -0.0f);
        W("root_datetime_max", ShapeValues.MaxMicro);
        W("root_timespan_min", ShapeValues.MinSpan);
        W("root_datetimeoffset", ShapeValues.Offset);
        // Kind bits 3 (LocalAmbiguousDst) only where 01:30 on 2021-11-07 is ambiguous: TZ=America/New_York.
        W("root_datetime_ambiguous", ShapeValues.AmbiguousDst);
        W("root_datetime_ambiguous_array", new[] { ShapeValues.AmbiguousDst, ShapeValues.AmbiguousStd });
        // Read-only: below Python's microsecond resolution (the last tick digit is truncated).
        W("root_datetime_max_exact", DateTime.MaxValue);
        W("root_timespan_max_exact", TimeSpan.MaxValue);
    }
}
