// The "every common .NET shape" cases of the interop peer (tests/interop/cases.md, shapes_* and
// root_*). Each case writes a graph built by Interop.ShapeValues and checks a payload against a
// fresh graph from the same builder with a reflective deep comparison (DeepCheck): every field
// of every object (private and inherited ones included), array elements of any rank,
// collections, exact runtime types, floats bit for bit (any NaN matches a NaN), decimals with
// their scale, DateTime ticks and Kind (a Local DateTime by its instant, as the time zone of the
// writer may differ), and sharing: each expected reference object maps to exactly one actual
// object, both ways (strings excepted: C# interns literals).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Interop;

namespace SerialkitInteropHarness
{
    static class ShapeCases
    {
        static Case Make(string name, Func<object> build)
        {
            return new Case { Name = name, Build = build, Verify = (c, o) => DeepCheck.Run(c, build(), o) };
        }

        public static IEnumerable<Case> All()
        {
            yield return Make("shapes_prims", ShapeValues.Prims);
            yield return Make("shapes_local", ShapeValues.Local);
            yield return Make("shapes_arrays", ShapeValues.Arrays);
            yield return Make("shapes_boxed", ShapeValues.Boxed);
            yield return Make("shapes_boxed_py", ShapeValues.BoxedPy);
            yield return Make("shapes_collections", ShapeValues.Collections);
            yield return Make("shapes_kvp", ShapeValues.Kvp);
            yield return Make("shapes_nullable", ShapeValues.Nullables);
            yield return Make("shapes_enums", ShapeValues.Enums);
            yield return Make("shapes_misc", ShapeValues.Misc);
            yield return Make("shapes_structs", ShapeValues.Structs);
            yield return Make("root_level3", ShapeValues.Levels);
            yield return Make("root_rect", ShapeValues.RootRect);
            yield return Make("root_rect_str", ShapeValues.RootRectStr);
            yield return Make("root_jagged", ShapeValues.RootJagged);
            yield return Make("root_list_parts", ShapeValues.RootListParts);
            yield return Make("root_list_vec", ShapeValues.RootListVec);
            yield return Make("root_vec_array", ShapeValues.RootVecArray);
            yield return Make("root_dict_parts", ShapeValues.RootDictParts);
            yield return Make("root_tuple7", ShapeValues.RootTuple7);
            yield return Make("root_str_set", ShapeValues.RootStrSet);
            yield return Make("root_enum_ulong", () => EULong.Max);
            yield return Make("root_seg", () => ShapeValues.MakeSeg(4, "root"));
            yield return Make("root_guid", () => new Guid("f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f"));
            yield return Make("root_bigint_neg", () => ShapeValues.HugeNeg);
            yield return Make("root_decimal_min", () => decimal.MinValue);
            yield return Make("root_single_negzero", () => -0.0f);
            yield return Make("root_datetime_max", () => ShapeValues.MaxMicro);
            yield return Make("root_timespan_min", () => ShapeValues.MinSpan);
            yield return Make("shapes_offsets", ShapeValues.Offsets);
            yield return Make("root_datetimeoffset", () => ShapeValues.Offset);
            yield return Make("root_datetime_ambiguous", () => ShapeValues.AmbiguousDst);
            yield return Make("root_datetime_ambiguous_array",
                              () => new[] { ShapeValues.AmbiguousDst, ShapeValues.AmbiguousStd });
        }
    }

    sealed class DeepCheck
    {
        readonly Checker c;
        readonly Dictionary<object, object> partner = new Dictionary<object, object>(RefEq.Instance);
        readonly Dictionary<object, string> back = new Dictionary<object, string>(RefEq.Instance);

        DeepCheck(Checker c) { this.c = c; }

        public static void Run(Checker c, object expected, object actual)
        {
            try
            {
                new DeepCheck(c).Compare("$", expected, actual);
            }
            catch (Exception e)
            {
                c.Fail("$", "checking threw " + e.GetType().FullName + ": " + e.Message + " at " +
                       (e.StackTrace ?? "").Replace("\n", " | ").Replace("\r", ""));
            }
        }

        sealed class RefEq : IEqualityComparer<object>
        {
            public static readonly RefEq Instance = new RefEq();
            public new bool Equals(object x, object y) { return ReferenceEquals(x, y); }
            public int GetHashCode(object o) { return System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(o); }
        }

        // Checker.Show, except for a BigInteger, whose IFormattable.ToString(null, ...) throws
        // for large values on Mono.
        static string Show(object v)
        {
            if (v is System.Numerics.BigInteger)
            {
                try { return v.ToString() + " (BigInteger)"; }
                catch (FormatException)   // an ill-formed value: show its fields
                {
                    var t = typeof(System.Numerics.BigInteger);
                    var flags = BindingFlags.Instance | BindingFlags.NonPublic;
                    var bits = t.GetField("_bits", flags).GetValue(v) as uint[];
                    return "ill-formed BigInteger _sign=" + t.GetField("_sign", flags).GetValue(v) +
                           " _bits=" + (bits == null ? "null" : "[" + string.Join(",", bits) + "]");
                }
            }
            return Checker.Show(v);
        }

        static bool IsLeaf(Type t)
        {
            return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) ||
                   t == typeof(DateTime) || t == typeof(TimeSpan) || t == typeof(Guid) ||
                   t == typeof(DateTimeOffset) ||
                   t == typeof(System.Numerics.BigInteger);
        }

        void Compare(string path, object exp, object act)
        {
            if (exp == null || act == null)
            {
                if (exp != null || act != null) c.Mismatch(path, Show(exp), Show(act));
                return;
            }
            Type t = exp.GetType();
            if (t != act.GetType())
            {
                c.Mismatch(path, Show(exp) + " of type " + t.FullName,
                           Show(act) + " of type " + act.GetType().FullName);
                return;
            }
            if (IsLeaf(t)) { Leaf(path, exp, act); return; }
            if (!t.IsValueType)
            {
                object seen;
                if (partner.TryGetValue(exp, out seen))
                {
                    if (!ReferenceEquals(seen, act))
                        c.Fail(path, "expected the object met earlier, got a different instance");
                    return;
                }
                string other;
                if (back.TryGetValue(act, out other))
                {
                    c.Fail(path, "expected a distinct object, got the one at " + other);
                    return;
                }
                partner[exp] = act;
                back[act] = path;
            }
            var ea = exp as Array;
            if (ea != null) { Arrays(path, ea, (Array)act); return; }
            var ed = exp as IDictionary;
            if (ed != null) { Dicts(path, ed, (IDictionary)act); return; }
            if (t == typeof(ArrayList) || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>)))
            {
                var el = (IList)exp; var al = (IList)act;
                if (el.Count != al.Count) { c.Mismatch(path + ".Count", el.Count.ToString(), al.Count.ToString()); return; }
                for (int i = 0; i < el.Count; i++) Compare(path + "[" + i + "]", el[i], al[i]);
                return;
            }
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(HashSet<>))
            {
                var es = ((IEnumerable)exp).Cast<object>().ToList();
                var asSet = ((IEnumerable)act).Cast<object>().ToList();
                if (es.Count != asSet.Count) { c.Mismatch(path + ".Count", es.Count.ToString(), asSet.Count.ToString()); return; }
                var contains = t.GetMethod("Contains");
                foreach (var e in es)
                    if (!(bool)contains.Invoke(act, new[] { e })) c.Mismatch(path, "an element " + Show(e), "none");
                return;
            }
            Fields(path, t, exp, act);
        }

        void Fields(string path, Type t, object exp, object act)
        {
            for (Type k = t; k != null && k != typeof(object) && k != typeof(ValueType); k = k.BaseType)
            {
                foreach (var f in k.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (f.IsNotSerialized) continue;
                    string name = k == t ? f.Name : k.Name + "+" + f.Name;
                    Compare(path + "." + name, f.GetValue(exp), f.GetValue(act));
                }
            }
        }

        void Arrays(string path, Array e, Array a)
        {
            if (e.Rank != a.Rank) { c.Mismatch(path + ".Rank", e.Rank.ToString(), a.Rank.ToString()); return; }
            for (int d = 0; d < e.Rank; d++)
                if (e.GetLength(d) != a.GetLength(d) || e.GetLowerBound(d) != a.GetLowerBound(d))
                {
                    c.Mismatch(path + ".Length(" + d + ")", e.GetLength(d) + " from " + e.GetLowerBound(d),
                               a.GetLength(d) + " from " + a.GetLowerBound(d));
                    return;
                }
            var ei = e.GetEnumerator(); var ai = a.GetEnumerator();   // row-major, both
            int n = 0;
            var idx = new int[e.Rank];
            while (ei.MoveNext() && ai.MoveNext())
            {
                int rest = n++;
                for (int d = e.Rank - 1; d >= 0; d--) { idx[d] = rest % e.GetLength(d); rest /= e.GetLength(d); }
                Compare(path + "[" + string.Join(",", idx) + "]", ei.Current, ai.Current);
            }
        }

        void Dicts(string path, IDictionary e, IDictionary a)
        {
            if (e.Count != a.Count) { c.Mismatch(path + ".Count", e.Count.ToString(), a.Count.ToString()); return; }
            if (!(e is Hashtable))   // Dictionary<,>: enumeration order is insertion order
            {
                var ek = e.Keys.Cast<object>().ToList(); var ak = a.Keys.Cast<object>().ToList();
                for (int i = 0; i < ek.Count; i++) Compare(path + ".Keys[" + i + "]", ek[i], ak[i]);
            }
            foreach (DictionaryEntry entry in e)
            {
                string p = path + "[" + Show(entry.Key) + "]";
                if (!a.Contains(entry.Key)) { c.Mismatch(p, Show(entry.Value), "no such key"); continue; }
                Compare(p, entry.Value, a[entry.Key]);
            }
        }

        void Leaf(string path, object exp, object act)
        {
            if (exp is float)
            {
                float e = (float)exp, a = (float)act;
                bool same = (float.IsNaN(e) && float.IsNaN(a)) ||
                            BitConverter.ToInt32(BitConverter.GetBytes(e), 0) == BitConverter.ToInt32(BitConverter.GetBytes(a), 0);
                if (!same) c.Mismatch(path, Show(exp), Show(act));
                return;
            }
            if (exp is double)
            {
                double e = (double)exp, a = (double)act;
                bool same = (double.IsNaN(e) && double.IsNaN(a)) ||
                            BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a);
                if (!same) c.Mismatch(path, Show(exp), Show(act));
                return;
            }
            if (exp is DateTime)
            {
                var e = (DateTime)exp; var a = (DateTime)act;
                bool same = e.Kind == a.Kind &&
                            (e.Kind == DateTimeKind.Local ? e.ToUniversalTime().Ticks == a.ToUniversalTime().Ticks : e.Ticks == a.Ticks);
                if (!same) c.Mismatch(path, Show(exp), Show(act));
                return;
            }
            if (exp is DateTimeOffset)
            {
                // Equals compares instants only: the offset must match too.
                var e = (DateTimeOffset)exp; var a = (DateTimeOffset)act;
                if (e.UtcTicks != a.UtcTicks || e.Offset != a.Offset)
                    c.Mismatch(path, e.ToString("o", CultureInfo.InvariantCulture),
                               a.ToString("o", CultureInfo.InvariantCulture));
                return;
            }
            if (exp is System.Numerics.BigInteger)
            {
                if (!exp.Equals(act)) c.Mismatch(path, Show(exp), Show(act));
                return;
            }
            c.Eq(path, exp, act);   // exact type; decimals with their scale
        }
    }
}
