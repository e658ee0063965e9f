// The .NET side of serialkit's BinaryFormatter interop cases: writer and checker.
//
//   mono SerialkitInterop.exe write <case> <file>   serialize the case's graph (default BinaryFormatter)
//   mono SerialkitInterop.exe check <case> <file>   deserialize <file>, check every value; prints OK
//                                                   (exit 0) or one "FAIL <path>: ..." line per
//                                                   mismatch (exit 1)
//   mono SerialkitInterop.exe batch <dir>           write <case>.mono.bin for every case, then check
//                                                   every <label>.check.bin in <dir> against the case
//                                                   named by <label> up to its first '.', writing the
//                                                   check's output to <label>.result.txt; prints one
//                                                   line per case; exit 0 unless something crashed
//   mono SerialkitInterop.exe cases                 list the cases
//
// Only ever hand this program payloads the tests built: BinaryFormatter is unsafe on hostile input.
// The values are documented in tests/interop/cases.md.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Formatters.Binary;
using Interop;

namespace SerialkitInteropHarness
{
    // Writes VersionedV1 under the name of its successor, like an old build of the assembly did.
    sealed class V1Binder : SerializationBinder
    {
        public const string Assembly = "SerialkitInterop, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null";

        public override void BindToName(Type serializedType, out string assemblyName, out string typeName)
        {
            if (serializedType == typeof(VersionedV1))
            {
                assemblyName = Assembly;
                typeName = "Interop.Versioned";
            }
            else
            {
                assemblyName = null;
                typeName = null;
            }
        }

        public override Type BindToType(string assemblyName, string typeName)
        {
            return null;
        }
    }

    sealed class Checker
    {
        public readonly List<string> Failures = new List<string>();
        const int MaxFailures = 50;

        public bool Ok { get { return Failures.Count == 0; } }

        public void Fail(string path, string message)
        {
            if (Failures.Count < MaxFailures) Failures.Add("FAIL " + path + ": " + message);
            else if (Failures.Count == MaxFailures) Failures.Add("FAIL ...: more failures not shown");
        }

        public void Mismatch(string path, string expected, string actual)
        {
            Fail(path, "expected " + expected + ", got " + actual);
        }

        public static string Show(object v)
        {
            if (v == null) return "null";
            if (v is string) return "\"" + Escape((string)v) + "\"";
            if (v is char) return "'" + Escape(v.ToString()) + "' (U+" + ((int)(char)v).ToString("X4") + ")";
            if (v is float) return ((float)v).ToString("R", CultureInfo.InvariantCulture) + "f";
            if (v is double) return ((double)v).ToString("R", CultureInfo.InvariantCulture);
            if (v is decimal) return ((decimal)v).ToString(CultureInfo.InvariantCulture) + "m";
            if (v is DateTime)
            {
                var d = (DateTime)v;
                return d.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture) + " Kind=" + d.Kind + " Ticks=" + d.Ticks;
            }
            if (v is TimeSpan) return ((TimeSpan)v).ToString("c", CultureInfo.InvariantCulture) + " Ticks=" + ((TimeSpan)v).Ticks;
            if (v is IFormattable) return ((IFormattable)v).ToString(null, CultureInfo.InvariantCulture) + " (" + v.GetType().Name + ")";
            return v.ToString() + " (" + v.GetType().FullName + ")";
        }

        static string Escape(string s)
        {
            var sb = new System.Text.StringBuilder();
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("x4"));
                else sb.Append(c);
            }
            return sb.ToString();
        }

        // Value equality with the exact runtime type.
        public void Eq(string path, object expected, object actual)
        {
            if (expected == null || actual == null)
            {
                if (expected != null || actual != null) Mismatch(path, Show(expected), Show(actual));
                return;
            }
            if (expected.GetType() != actual.GetType())
            {
                Mismatch(path, Show(expected) + " of type " + expected.GetType().FullName,
                         Show(actual) + " of type " + actual.GetType().FullName);
                return;
            }
            if (expected is decimal)
            {
                // 1.50m.Equals(1.5m): compare the scale as well.
                string e = ((decimal)expected).ToString(CultureInfo.InvariantCulture);
                string a = ((decimal)actual).ToString(CultureInfo.InvariantCulture);
                if (e != a) Mismatch(path, Show(expected), Show(actual));
                return;
            }
            if (expected is DateTime)
            {
                // DateTime.Equals ignores Kind.
                var e = (DateTime)expected; var a = (DateTime)actual;
                if (e.Ticks != a.Ticks || e.Kind != a.Kind) Mismatch(path, Show(expected), Show(actual));
                return;
            }
            if (!expected.Equals(actual)) Mismatch(path, Show(expected), Show(actual));
        }

        // Checks the exact runtime type; returns the object cast, or null (after a FAIL).
        public T Is<T>(string path, object actual) where T : class
        {
            if (actual == null) { Mismatch(path, "a " + typeof(T).FullName, "null"); return null; }
            if (actual.GetType() != typeof(T))
            {
                Mismatch(path, "a " + typeof(T).FullName, "a " + actual.GetType().FullName);
                return null;
            }
            return (T)actual;
        }

        public void Same(string path, object expected, string expectedDesc, object actual)
        {
            if (!ReferenceEquals(expected, actual))
                Fail(path, "expected the same instance as " + expectedDesc + ", got " +
                     (actual == null ? "null" : "a different instance " + Show(actual)));
        }

        public void Null(string path, object actual)
        {
            if (actual != null) Mismatch(path, "null", Show(actual));
        }

        public void Seq<T>(string path, IList<T> expected, IList<T> actual)
        {
            if (actual == null) { Mismatch(path, "a list of " + expected.Count, "null"); return; }
            if (expected.Count != actual.Count)
            {
                Mismatch(path + ".Count", expected.Count.ToString(), actual.Count.ToString());
                return;
            }
            for (int i = 0; i < expected.Count; i++) Eq(path + "[" + i + "]", expected[i], actual[i]);
        }
    }

    sealed class Case
    {
        public string Name;
        public Func<object> Build;
        public Action<Checker, object> Verify;
        public Func<BinaryFormatter> Formatter = () => new BinaryFormatter();
    }

    static class Program
    {
        const int LinkedListLength = 10000;

        static readonly List<Case> Cases = new List<Case>
        {
            new Case { Name = "prims", Build = BuildPrims, Verify = VerifyPrims },
            new Case { Name = "cycle", Build = BuildCycle, Verify = VerifyCycle },
            new Case { Name = "collections", Build = BuildCollections, Verify = VerifyCollections },
            new Case { Name = "custom", Build = BuildCustom, Verify = VerifyCustom },
            new Case { Name = "versioning", Build = () => new Versioned { A = 7, B = "added-in-v2" },
                       Verify = (c, o) => VerifyVersioned(c, o, 7, "added-in-v2") },
            new Case { Name = "versioning_v1", Build = () => new VersionedV1 { A = 5 },
                       Verify = (c, o) => VerifyVersioned(c, o, 5, null),
                       Formatter = () => new BinaryFormatter { Binder = new V1Binder() } },
            new Case { Name = "callbacks", Build = BuildCallbacks, Verify = VerifyCallbacks },
            new Case { Name = "nonserialized", Build = () => new WithTransient { Keep = 42 }, Verify = VerifyNonSerialized },
            new Case { Name = "inheritance", Build = () => BuildDerived(11, 22), Verify = (c, o) => VerifyDerived(c, o, 11, 22) },
            new Case { Name = "inheritance_same", Build = () => BuildDerived(22, 22), Verify = (c, o) => VerifyDerived(c, o, 22, 22) },
            new Case { Name = "struct_enum", Build = BuildShapes, Verify = VerifyShapes },
            new Case { Name = "linked_list", Build = BuildLinkedList, Verify = VerifyLinkedList },
            new Case { Name = "exception_data", Build = BuildExceptionData, Verify = VerifyExceptionData },
        }.Concat(ShapeCases.All()).ToList();   // ShapesCases.cs: every common .NET shape

        // ---- prims ---------------------------------------------------------------------
        static readonly DateTime PrimsUtc =
            new DateTime(2024, 2, 29, 13, 45, 30, 123, DateTimeKind.Utc).AddTicks(4560);   // .1234560
        static readonly DateTime PrimsUnspecified =
            new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified);
        static readonly TimeSpan PrimsSpan = new TimeSpan(1, 2, 3, 4, 567).Add(TimeSpan.FromTicks(890));
        static readonly TimeSpan PrimsSpanNeg = -new TimeSpan(0, 0, 0, 1, 500);
        const string PrimsText = "h\u00e9llo w\u00f6rld \u2713 \U0001D11E";

        static object BuildPrims()
        {
            return new AllPrims
            {
                Flag = true,
                U8 = 200,
                S8 = -100,
                Ch = '\u00e9',
                I16 = -12345,
                U16 = 54321,
                I32 = -2000000000,
                U32 = 4000000000,
                I64 = -9000000000000000000,
                U64 = ulong.MaxValue,
                F32 = -2.75f,
                F64 = 3.141592653589793,
                Dec = 123.456m,
                DecScaled = 1.50m,
                DecTiny = 0.0000000000000000000000000001m,
                DecMax = 79228162514264337593543950335m,
                WhenUtc = PrimsUtc,
                WhenUnspecified = PrimsUnspecified,
                Span = PrimsSpan,
                SpanNeg = PrimsSpanNeg,
                Text = PrimsText,
                Empty = "",
                Nothing = null,
            };
        }

        static void VerifyPrims(Checker c, object root)
        {
            var p = c.Is<AllPrims>("$", root);
            if (p == null) return;
            c.Eq("$.Flag", true, p.Flag);
            c.Eq("$.U8", (byte)200, p.U8);
            c.Eq("$.S8", (sbyte)-100, p.S8);
            c.Eq("$.Ch", '\u00e9', p.Ch);
            c.Eq("$.I16", (short)-12345, p.I16);
            c.Eq("$.U16", (ushort)54321, p.U16);
            c.Eq("$.I32", -2000000000, p.I32);
            c.Eq("$.U32", 4000000000u, p.U32);
            c.Eq("$.I64", -9000000000000000000L, p.I64);
            c.Eq("$.U64", ulong.MaxValue, p.U64);
            c.Eq("$.F32", -2.75f, p.F32);
            c.Eq("$.F64", 3.141592653589793, p.F64);
            c.Eq("$.Dec", 123.456m, p.Dec);
            c.Eq("$.DecScaled", 1.50m, p.DecScaled);
            c.Eq("$.DecTiny", 0.0000000000000000000000000001m, p.DecTiny);
            c.Eq("$.DecMax", 79228162514264337593543950335m, p.DecMax);
            c.Eq("$.WhenUtc", PrimsUtc, p.WhenUtc);
            c.Eq("$.WhenUnspecified", PrimsUnspecified, p.WhenUnspecified);
            c.Eq("$.Span", PrimsSpan, p.Span);
            c.Eq("$.SpanNeg", PrimsSpanNeg, p.SpanNeg);
            c.Eq("$.Text", PrimsText, p.Text);
            c.Eq("$.Empty", "", p.Empty);
            c.Null("$.Nothing", p.Nothing);
        }

        // ---- cycle ---------------------------------------------------------------------
        static object BuildCycle()
        {
            var a = new Node { Name = "a" };
            var b = new Node { Name = "b" };
            a.Next = b;
            b.Next = a;
            a.Self = a;
            string shared = "shared-text";
            return new Graph { Head = a, Items = new object[] { a, shared, b, a, shared, null } };
        }

        static void VerifyCycle(Checker c, object root)
        {
            var g = c.Is<Graph>("$", root);
            if (g == null) return;
            var a = c.Is<Node>("$.Head", g.Head);
            if (a == null) return;
            c.Eq("$.Head.Name", "a", a.Name);
            c.Same("$.Head.Self", a, "$.Head", a.Self);
            var b = c.Is<Node>("$.Head.Next", a.Next);
            if (b != null)
            {
                c.Eq("$.Head.Next.Name", "b", b.Name);
                c.Same("$.Head.Next.Next", a, "$.Head", b.Next);
                c.Null("$.Head.Next.Self", b.Self);
            }
            if (g.Items == null) { c.Mismatch("$.Items", "an object[6]", "null"); return; }
            if (g.Items.GetType() != typeof(object[])) c.Mismatch("$.Items", "an object[]", "a " + g.Items.GetType().FullName);
            if (g.Items.Length != 6) { c.Mismatch("$.Items.Length", "6", g.Items.Length.ToString()); return; }
            c.Same("$.Items[0]", a, "$.Head", g.Items[0]);
            c.Eq("$.Items[1]", "shared-text", g.Items[1]);
            c.Same("$.Items[2]", b, "$.Head.Next", g.Items[2]);
            c.Same("$.Items[3]", a, "$.Head", g.Items[3]);
            c.Eq("$.Items[4]", "shared-text", g.Items[4]);
            c.Same("$.Items[4]", g.Items[1], "$.Items[1]", g.Items[4]);
            c.Null("$.Items[5]", g.Items[5]);
        }

        // ---- collections ---------------------------------------------------------------
        static object BuildCollections()
        {
            // Built with Add (collection initializers), as .NET code usually does: the wire
            // shows List capacity/_version and Dictionary HashSize/Version from that history.
            return new Bag
            {
                Ints = new List<int> { 1, 2, 3 },
                Names = new List<string> { "alpha", null, "gamma" },
                Counts = new Dictionary<string, int> { { "one", 1 }, { "two", 2 } },
                Items = new List<Item> { new Item { Id = 1, Label = "first" }, new Item { Id = 2, Label = "second" } },
            };
        }

        static void VerifyCollections(Checker c, object root)
        {
            var bag = c.Is<Bag>("$", root);
            if (bag == null) return;
            c.Seq("$.Ints", new List<int> { 1, 2, 3 }, bag.Ints);
            c.Seq("$.Names", new List<string> { "alpha", null, "gamma" }, bag.Names);
            if (bag.Counts == null) c.Mismatch("$.Counts", "a dictionary of 2", "null");
            else
            {
                c.Eq("$.Counts.Count", 2, bag.Counts.Count);
                var keys = bag.Counts.Keys.ToList();
                c.Seq("$.Counts.Keys", new List<string> { "one", "two" }, keys);
                foreach (var kv in new[] { new KeyValuePair<string, int>("one", 1), new KeyValuePair<string, int>("two", 2) })
                {
                    int v;
                    if (!bag.Counts.TryGetValue(kv.Key, out v)) c.Mismatch("$.Counts[\"" + kv.Key + "\"]", kv.Value.ToString(), "no such key");
                    else c.Eq("$.Counts[\"" + kv.Key + "\"]", kv.Value, v);
                }
            }
            if (bag.Items == null) { c.Mismatch("$.Items", "a list of 2", "null"); return; }
            c.Eq("$.Items.Count", 2, bag.Items.Count);
            if (bag.Items.Count != 2) return;
            var expected = new[] { Tuple.Create(1, "first"), Tuple.Create(2, "second") };
            for (int i = 0; i < 2; i++)
            {
                var it = c.Is<Item>("$.Items[" + i + "]", bag.Items[i]);
                if (it == null) continue;
                c.Eq("$.Items[" + i + "].Id", expected[i].Item1, it.Id);
                c.Eq("$.Items[" + i + "].Label", expected[i].Item2, it.Label);
            }
        }

        // ---- custom --------------------------------------------------------------------
        static object BuildCustom()
        {
            return new Wallet
            {
                Main = new Money(19.99m, "EUR", 3.25, 7),
                Spare = new Money(0.5m, "USD", -1.0, null),
            };
        }

        static void VerifyMoney(Checker c, string path, object o, decimal amount, string currency, double boxed, object anything)
        {
            var m = c.Is<Money>(path, o);
            if (m == null) return;
            c.Eq(path + ".Amount", amount, m.Amount);
            c.Eq(path + ".Currency", currency, m.Currency);
            c.Eq(path + ".Boxed", boxed, m.Boxed);
            c.Eq(path + ".Anything", anything, m.Anything);
        }

        static void VerifyCustom(Checker c, object root)
        {
            var w = c.Is<Wallet>("$", root);
            if (w == null) return;
            VerifyMoney(c, "$.Main", w.Main, 19.99m, "EUR", 3.25, 7);
            VerifyMoney(c, "$.Spare", w.Spare, 0.5m, "USD", -1.0, null);
        }

        // ---- versioning ----------------------------------------------------------------
        static void VerifyVersioned(Checker c, object root, int a, string b)
        {
            var v = c.Is<Versioned>("$", root);
            if (v == null) return;
            c.Eq("$.A", a, v.A);
            c.Eq("$.B", b, v.B);
        }

        // ---- callbacks -----------------------------------------------------------------
        static object BuildCallbacks()
        {
            var outer = new Tracked { Name = "outer" };
            var inner = new Tracked { Name = "inner" };
            outer.Peer = inner;
            inner.Peer = outer;
            return outer;
        }

        static void VerifyTracked(Checker c, string path, Tracked t, string name)
        {
            c.Eq(path + ".Name", name, t.Name);
            c.Eq(path + ".Stamp", "stamped:" + name, t.Stamp);
            c.Seq(path + ".Log", new List<string>
            {
                "deserializing Name=null Stamp=null",
                "deserialized Name=" + name + " Stamp=stamped:" + name,
                "deserialization Name=" + name,
            }, t.Log);
        }

        static void VerifyCallbacks(Checker c, object root)
        {
            var outer = c.Is<Tracked>("$", root);
            if (outer == null) return;
            VerifyTracked(c, "$", outer, "outer");
            var inner = c.Is<Tracked>("$.Peer", outer.Peer);
            if (inner == null) return;
            VerifyTracked(c, "$.Peer", inner, "inner");
            c.Same("$.Peer.Peer", outer, "$", inner.Peer);
            // Every OnDeserialized before any IDeserializationCallback.OnDeserialization.
            var ev = Tracked.Events;
            int lastDeserialized = ev.FindLastIndex(e => e.StartsWith("deserialized "));
            int firstCallback = ev.FindIndex(e => e.StartsWith("deserialization "));
            c.Eq("events.count", 6, ev.Count);
            if (firstCallback < lastDeserialized)
                c.Mismatch("events", "all OnDeserialized before any OnDeserialization", string.Join(", ", ev));
        }

        // ---- nonserialized -------------------------------------------------------------
        static void VerifyNonSerialized(Checker c, object root)
        {
            var w = c.Is<WithTransient>("$", root);
            if (w == null) return;
            c.Eq("$.Keep", 42, w.Keep);
            c.Eq("$.Transient", 0, w.Transient);   // not the initializer's 5: no constructor runs
        }

        // ---- inheritance ---------------------------------------------------------------
        static object BuildDerived(int baseSecret, int ownSecret)
        {
            var d = new DerivedRec { B = 1, D = 2 };
            d.BaseSecret = baseSecret;
            d.OwnSecret = ownSecret;
            return d;
        }

        static void VerifyDerived(Checker c, object root, int baseSecret, int ownSecret)
        {
            var d = c.Is<DerivedRec>("$", root);
            if (d == null) return;
            c.Eq("$.B", 1, d.B);
            c.Eq("$.D", 2, d.D);
            c.Eq("$._secret", ownSecret, d.OwnSecret);
            c.Eq("$.BaseRec+_secret", baseSecret, d.BaseSecret);
        }

        // ---- struct_enum ---------------------------------------------------------------
        static object BuildShapes()
        {
            return new Shapes
            {
                P = new Pt(3, -4),
                Ps = new[] { new Pt(1, 2), new Pt(-7, 8) },
                C = Color.Blue,
                Flags = Perm.Read | Perm.Exec,
                Boxed = 42,
            };
        }

        static void VerifyShapes(Checker c, object root)
        {
            var s = c.Is<Shapes>("$", root);
            if (s == null) return;
            c.Eq("$.P.X", 3, s.P.X);
            c.Eq("$.P.Y", -4, s.P.Y);
            if (s.Ps == null) c.Mismatch("$.Ps", "a Pt[2]", "null");
            else if (s.Ps.Length != 2) c.Mismatch("$.Ps.Length", "2", s.Ps.Length.ToString());
            else
            {
                c.Eq("$.Ps[0].X", 1, s.Ps[0].X);
                c.Eq("$.Ps[0].Y", 2, s.Ps[0].Y);
                c.Eq("$.Ps[1].X", -7, s.Ps[1].X);
                c.Eq("$.Ps[1].Y", 8, s.Ps[1].Y);
            }
            c.Eq("$.C", Color.Blue, s.C);
            c.Eq("$.Flags", Perm.Read | Perm.Exec, s.Flags);
            c.Eq("$.Boxed", 42, s.Boxed);
        }

        // ---- linked_list ---------------------------------------------------------------
        static object BuildLinkedList()
        {
            Node head = null;
            for (int i = LinkedListLength - 1; i >= 0; i--)
                head = new Node { Name = "n" + i.ToString(CultureInfo.InvariantCulture), Next = head };
            return head;
        }

        static void VerifyLinkedList(Checker c, object root)
        {
            object cur = root;
            for (int i = 0; i < LinkedListLength; i++)
            {
                var n = c.Is<Node>("n" + i, cur);
                if (n == null) return;
                c.Eq("n" + i + ".Name", "n" + i.ToString(CultureInfo.InvariantCulture), n.Name);
                c.Null("n" + i + ".Self", n.Self);
                cur = n.Next;
            }
            c.Null("n" + (LinkedListLength - 1) + ".Next", cur);
        }

        // ---- exception_data ------------------------------------------------------------
        // Exception.Data keeps its entries in insertion order (a ListDictionaryInternal); the
        // keys after the first three are in reverse order, which no hash order would give.
        static object[] ExceptionDataKeys()
        {
            var keys = new List<object> { "order", "customer", 7L };
            for (char k = 'z'; k >= 'a'; k--) keys.Add(k.ToString());
            return keys.ToArray();
        }

        static object ExceptionDataValue(int i)
        {
            if (i == 0) return 42;
            if (i == 1) return "Ann";
            if (i == 2) return null;
            return i;
        }

        static object BuildExceptionData()
        {
            var inner = new ArgumentException("quantity is negative", "qty");
            var ex = new InvalidOperationException("order 42 failed", inner);
            var keys = ExceptionDataKeys();
            for (int i = 0; i < keys.Length; i++) ex.Data[keys[i]] = ExceptionDataValue(i);
            return ex;
        }

        static void VerifyExceptionData(Checker c, object root)
        {
            var ex = c.Is<InvalidOperationException>("$", root);
            if (ex == null) return;
            c.Eq("$.Message", "order 42 failed", ex.Message);
            c.Eq("$.HResult", -2146233079, ex.HResult);
            c.Null("$.StackTrace", ex.StackTrace);
            c.Eq("$.Data.GetType()", "System.Collections.ListDictionaryInternal", ex.Data.GetType().FullName);
            var keys = new List<object>();
            var values = new List<object>();
            foreach (System.Collections.DictionaryEntry e in ex.Data)
            {
                keys.Add(e.Key);
                values.Add(e.Value);
            }
            var expectedKeys = ExceptionDataKeys();
            c.Seq("$.Data.Keys", expectedKeys, keys);
            if (keys.Count == expectedKeys.Length)
                for (int i = 0; i < keys.Count; i++) c.Eq("$.Data[" + Checker.Show(keys[i]) + "]", ExceptionDataValue(i), values[i]);
            var inner = c.Is<ArgumentException>("$.InnerException", ex.InnerException);
            if (inner == null) return;
            c.Eq("$.InnerException.ParamName", "qty", inner.ParamName);
            c.Eq("$.InnerException.Message.StartsWith", true, inner.Message.StartsWith("quantity is negative", StringComparison.Ordinal));
            c.Eq("$.InnerException.HResult", -2147024809, inner.HResult);
            c.Null("$.InnerException.Data", inner.Data.Count == 0 ? null : inner.Data);
            c.Null("$.InnerException.InnerException", inner.InnerException);
        }

        // ---- driver --------------------------------------------------------------------
        static Case Find(string name)
        {
            var found = Cases.FirstOrDefault(x => x.Name == name);
            if (found == null) throw new ArgumentException("unknown case '" + name + "'; known: " + string.Join(", ", Cases.Select(x => x.Name)));
            return found;
        }

        static void Write(Case k, string file)
        {
            using (var fs = File.Create(file))
                k.Formatter().Serialize(fs, k.Build());
        }

        static List<string> Check(Case k, string file)
        {
            var c = new Checker();
            Tracked.Events.Clear();
            object root;
            try
            {
                using (var fs = File.OpenRead(file))
                {
                    root = new BinaryFormatter().Deserialize(fs);
                    if (fs.Position != fs.Length)
                        c.Fail("$", "BinaryFormatter stopped at byte " + fs.Position + " of " + fs.Length);
                }
            }
            catch (Exception e)
            {
                c.Fail("$", "deserialization threw " + e.GetType().FullName + ": " + e.Message.Replace("\n", " ").Replace("\r", ""));
                return c.Failures;
            }
            try
            {
                k.Verify(c, root);
            }
            catch (Exception e)
            {
                c.Fail("$", "checking threw " + e.GetType().FullName + ": " + e.Message.Replace("\n", " ").Replace("\r", ""));
            }
            return c.Failures;
        }

        static int Batch(string dir)
        {
            foreach (var k in Cases)
            {
                Write(k, Path.Combine(dir, k.Name + ".mono.bin"));
                Console.WriteLine("WROTE " + k.Name);
            }
            const string suffix = ".check.bin";
            foreach (var file in Directory.GetFiles(dir, "*" + suffix).OrderBy(f => f, StringComparer.Ordinal))
            {
                string label = Path.GetFileName(file);
                label = label.Substring(0, label.Length - suffix.Length);
                string caseName = label.Split('.')[0];
                List<string> failures;
                try
                {
                    failures = Check(Find(caseName), file);
                }
                catch (ArgumentException e)
                {
                    failures = new List<string> { "FAIL $: " + e.Message };
                }
                File.WriteAllText(Path.Combine(dir, label + ".result.txt"),
                                  failures.Count == 0 ? "OK\n" : string.Join("\n", failures) + "\n");
                Console.WriteLine("CHECK " + label + " " + (failures.Count == 0 ? "OK" : "FAIL (" + failures.Count + ")"));
            }
            return 0;
        }

        static int Usage()
        {
            Console.Error.WriteLine("usage: SerialkitInterop.exe write <case> <file> | check <case> <file> | batch <dir> | cases");
            return 2;
        }

        static int Main(string[] args)
        {
            if (args.Length == 0) return Usage();
            switch (args[0])
            {
                case "write":
                    if (args.Length != 3) return Usage();
                    Write(Find(args[1]), args[2]);
                    return 0;
                case "check":
                {
                    if (args.Length != 3) return Usage();
                    var failures = Check(Find(args[1]), args[2]);
                    if (failures.Count == 0) { Console.WriteLine("OK"); return 0; }
                    foreach (var f in failures) Console.WriteLine(f);
                    return 1;
                }
                case "batch":
                    if (args.Length != 2) return Usage();
                    return Batch(args[1]);
                case "cases":
                    foreach (var k in Cases) Console.WriteLine(k.Name);
                    return 0;
                default:
                    return Usage();
            }
        }
    }
}
