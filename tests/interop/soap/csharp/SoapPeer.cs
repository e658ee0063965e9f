// The SoapFormatter peer for serialkit's interop tests (compiled with mcs, run with mono).
//   mono SoapPeer.exe write <case> <file>   writes the case's graph with SoapFormatter
//   mono SoapPeer.exe check <case> <file>   reads <file> and checks every value; prints OK or FAILs
// Non-generic types only: .NET Framework's SoapFormatter refuses generics, and Mono's own
// SoapFormatter cannot round-trip DateTime fields (nor a decimal read by GetDecimal in an
// ISerializable constructor), so none appears here.
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Formatters.Soap;

namespace SoapInterop {
public enum Color { Red, Green, Blue }
[Flags] public enum Perm { None = 0, Read = 1, Write = 2, Exec = 4 }
[Serializable] public struct Pt { public int X; public int Y; }
[Serializable] public class Address { public string City; }
[Serializable] public class Base { public int B; private int _priv; public int Priv { get { return _priv; } set { _priv = value; } } }
[Serializable] public class Person : Base {
  public string Name; public int Age; public Address Home; public Address Work;
  public int[] Scores; public string[] Tags; public Color Fav; public Perm Rights; public object Boxed;
  public byte[] Blob; public Person Self; public decimal Money; public TimeSpan Dur; public Guid G;
  public char C; public Pt P; public bool Flag; public long L; public float F; public double D;
  public object Nothing; public ArrayList AL; public int[,] M; public object[] Objs; public Hashtable H;
  public sbyte SB; public ushort US; public uint UI; public ulong UL; public short S; public byte Y;
  public Pt[] Pts; public object BoxedPt; public object BoxedEnum; public string Empty;
  [NonSerialized] public int Skip;
}
[Serializable] public class Money : ISerializable {
  public double Amount; public string Currency; public int Cents;
  public Money() { }
  protected Money(SerializationInfo info, StreamingContext ctx) {
    Amount = info.GetDouble("amount"); Currency = info.GetString("currency"); Cents = info.GetInt32("cents");
  }
  public void GetObjectData(SerializationInfo info, StreamingContext ctx) {
    info.AddValue("amount", Amount); info.AddValue("currency", Currency); info.AddValue("cents", Cents);
  }
}
[Serializable] public class Wallet { public Money Main; public Money Spare; public Money Same; }

public static class Program {
  static List<string> fails = new List<string>();
  static void Eq(string path, object expected, object actual) {
    if (!object.Equals(expected, actual))
      fails.Add("FAIL " + path + ": expected " + Show(expected) + ", got " + Show(actual));
  }
  static string Show(object o) { return o == null ? "null" : o.ToString() + " (" + o.GetType().Name + ")"; }
  static void Same(string path, object a, object b) { if (!object.ReferenceEquals(a, b)) fails.Add("FAIL " + path + ": not the same object"); }
  static void Seq(string path, IList expected, IList actual) {
    if (actual == null) { fails.Add("FAIL " + path + ": null"); return; }
    Eq(path + ".Count", expected.Count, actual.Count);
    for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++) Eq(path + "[" + i + "]", expected[i], actual[i]);
  }

  static object Build(string c) {
    switch (c) {
      case "person": {
        var p = new Person { B = 1, Name = "Ann", Age = 30, Scores = new[] { 1, 2 }, Fav = Color.Green,
          Rights = Perm.Read | Perm.Exec, Boxed = 3.5, Blob = new byte[] { 1, 2, 3 }, Money = 1.5m,
          Dur = TimeSpan.FromMinutes(90), G = new Guid("01234567-89ab-cdef-0123-456789abcdef"), C = '\u00e9',
          P = new Pt { X = 3, Y = -4 }, Flag = true, L = -5, F = 0.25f, D = 1e-7, AL = new ArrayList { 1, "s" },
          M = new int[,] { { 1, 2 }, { 3, 4 } }, Objs = new object[] { 1, "x", null, 2.5 }, H = new Hashtable(),
          SB = -3, US = 7, UI = 4000000000, UL = 18446744073709551615, S = -2, Y = 255,
          Pts = new[] { new Pt { X = 1, Y = 2 } }, BoxedPt = new Pt { X = 5, Y = 6 }, BoxedEnum = Color.Blue,
          Empty = "", Skip = 9 };
        p.Priv = 2; var a = new Address { City = "Oslo <&>" }; p.Home = a; p.Work = a;
        var s = "a"; p.Tags = new[] { s, null, s }; p.Self = p; p.H["k"] = 1;
        return p;
      }
      case "wallet": {
        var m = new Money { Amount = 19.99, Currency = "EUR", Cents = 1999 };
        return new Wallet { Main = m, Spare = new Money { Amount = 0.5, Currency = "USD", Cents = 50 }, Same = m };
      }
      case "objroot": { var a = new Address { City = "X" }; return new object[] { 1, "two", null, a, a }; }
      // Boxed DateTimes: write only, as Mono cannot read a DateTime back (not even its own).
      case "dates": return new object[] { new DateTime(313, 3, 19, 1, 2, 3), new DateTime(1, 1, 1), DateTime.MaxValue };
      case "boxed": return Boxed();
      case "root_short": return (short)5;
      case "root_char": return 'x';
      case "root_decimal": return 2.5m;
      case "root_long": return 7L;
      case "root_timespan": return new TimeSpan(1, 2, 3, 0);
      case "specials": return new object[] { double.PositiveInfinity, double.NegativeInfinity, double.NaN, TimeSpan.Zero };
      case "durations": return Durations();
      case "exception": return Failure();
    }
    throw new ArgumentException("unknown case " + c);
  }

  // An exception as an application builds one: Data entries of two types, an inner
  // ArgumentException with its ParamName; never thrown, so no stack trace.
  static Exception Failure() {
    var e = new InvalidOperationException("order 42 failed", new ArgumentException("bad", "p"));
    e.Data["order"] = 42; e.Data["customer"] = "Ann";
    return e;
  }

  // Boxed values of every width: each must come back as its own type, not as Int32/Double.
  static object[] Boxed() {
    return new object[] { 'x', (short)5, (byte)200, 1.5f, 7L, (sbyte)-1, (ushort)9, 4000000000u, ulong.MaxValue };
  }

  // TimeSpans in an object[]: whole seconds, an hour alone, 360+ days, negatives with fractions,
  // a tick-precise (one microsecond) fraction.
  static object[] Durations() {
    return new object[] { TimeSpan.FromSeconds(4), new TimeSpan(1, 1, 3, 4), TimeSpan.FromHours(1),
      new TimeSpan(399, 12, 35, 20, 10), TimeSpan.FromTicks(-863949999930L), new TimeSpan(-1, -2, -3, -4, -500),
      TimeSpan.FromDays(359), TimeSpan.FromTicks(10) };
  }

  static void Check(string c, object o) {
    switch (c) {
      case "durations": {
        var a = o as object[]; var e = Durations(); if (a == null || a.Length != e.Length) { fails.Add("FAIL $: not an object[" + e.Length + "]: " + Show(o)); return; }
        for (int i = 0; i < e.Length; i++) Eq("$[" + i + "]", e[i], a[i]);
        break;
      }
      case "boxed": {
        var a = o as object[]; var e = Boxed(); if (a == null || a.Length != e.Length) { fails.Add("FAIL $: not an object[" + e.Length + "]: " + Show(o)); return; }
        for (int i = 0; i < e.Length; i++) Eq("$[" + i + "]", e[i], a[i]);
        break;
      }
      case "exception": {
        var e = o as InvalidOperationException; if (e == null) { fails.Add("FAIL $: not an InvalidOperationException: " + Show(o)); return; }
        Eq("$.Message", "order 42 failed", e.Message); Eq("$.HResult", -2146233079, e.HResult);
        Eq("$.Data.Count", 2, e.Data.Count); Eq("$.Data[order]", 42, e.Data["order"]); Eq("$.Data[customer]", "Ann", e.Data["customer"]);
        var keys = new ArrayList(e.Data.Keys); Seq("$.Data.Keys", new object[] { "order", "customer" }, keys);
        var inner = e.InnerException as ArgumentException; if (inner == null) { fails.Add("FAIL $.InnerException: not an ArgumentException: " + Show(e.InnerException)); break; }
        Eq("$.InnerException.Message", "bad\nParameter name: p", inner.Message.Replace("\r\n", "\n")); Eq("$.InnerException.ParamName", "p", inner.ParamName);
        Eq("$.InnerException.Data.Count", 0, inner.Data.Count);
        break;
      }
      case "root_short": Eq("$", (short)5, o); break;
      case "root_char": Eq("$", 'x', o); break;
      case "root_decimal": Eq("$", 2.5m, o); break;
      case "root_long": Eq("$", 7L, o); break;
      case "root_timespan": Eq("$", new TimeSpan(1, 2, 3, 0), o); break;
      case "person": {
        var p = o as Person; if (p == null) { fails.Add("FAIL $: not a Person: " + Show(o)); return; }
        Eq("$.B", 1, p.B); Eq("$.Priv", 2, p.Priv); Eq("$.Name", "Ann", p.Name); Eq("$.Age", 30, p.Age);
        Eq("$.Home.City", "Oslo <&>", p.Home == null ? null : p.Home.City); Same("$.Work", p.Home, p.Work);
        Seq("$.Scores", new[] { 1, 2 }, p.Scores); Seq("$.Tags", new[] { "a", null, "a" }, p.Tags);
        if (p.Tags != null && p.Tags.Length == 3) Same("$.Tags[2]", p.Tags[0], p.Tags[2]);
        Eq("$.Fav", Color.Green, p.Fav); Eq("$.Rights", Perm.Read | Perm.Exec, p.Rights); Eq("$.Boxed", 3.5, p.Boxed);
        Seq("$.Blob", new byte[] { 1, 2, 3 }, p.Blob); Same("$.Self", p, p.Self); Eq("$.Money", 1.5m, p.Money);
        Eq("$.Dur", TimeSpan.FromMinutes(90), p.Dur); Eq("$.G", new Guid("01234567-89ab-cdef-0123-456789abcdef"), p.G);
        Eq("$.C", '\u00e9', p.C); Eq("$.P.X", 3, p.P.X); Eq("$.P.Y", -4, p.P.Y); Eq("$.Flag", true, p.Flag);
        Eq("$.L", -5L, p.L); Eq("$.F", 0.25f, p.F); Eq("$.D", 1e-7, p.D); Eq("$.Nothing", null, p.Nothing);
        Seq("$.AL", new object[] { 1, "s" }, p.AL);
        if (p.M == null || p.M.GetLength(0) != 2 || p.M.GetLength(1) != 2) fails.Add("FAIL $.M: shape");
        else { Eq("$.M[0,0]", 1, p.M[0, 0]); Eq("$.M[0,1]", 2, p.M[0, 1]); Eq("$.M[1,0]", 3, p.M[1, 0]); Eq("$.M[1,1]", 4, p.M[1, 1]); }
        Seq("$.Objs", new object[] { 1, "x", null, 2.5 }, p.Objs);
        if (p.H == null || p.H.Count != 1) fails.Add("FAIL $.H: count"); else Eq("$.H[k]", 1, p.H["k"]);
        Eq("$.SB", (sbyte)-3, p.SB); Eq("$.US", (ushort)7, p.US); Eq("$.UI", 4000000000u, p.UI);
        Eq("$.UL", 18446744073709551615ul, p.UL); Eq("$.S", (short)-2, p.S); Eq("$.Y", (byte)255, p.Y);
        if (p.Pts == null || p.Pts.Length != 1) fails.Add("FAIL $.Pts: length"); else { Eq("$.Pts[0].X", 1, p.Pts[0].X); Eq("$.Pts[0].Y", 2, p.Pts[0].Y); }
        Eq("$.BoxedPt", new Pt { X = 5, Y = 6 }, p.BoxedPt); Eq("$.BoxedEnum", Color.Blue, p.BoxedEnum);
        Eq("$.Empty", "", p.Empty); Eq("$.Skip", 0, p.Skip);
        break;
      }
      case "wallet": {
        var w = o as Wallet; if (w == null) { fails.Add("FAIL $: not a Wallet"); return; }
        Eq("$.Main.Amount", 19.99, w.Main.Amount); Eq("$.Main.Currency", "EUR", w.Main.Currency); Eq("$.Main.Cents", 1999, w.Main.Cents);
        Eq("$.Spare.Amount", 0.5, w.Spare.Amount); Eq("$.Spare.Currency", "USD", w.Spare.Currency); Same("$.Same", w.Main, w.Same);
        break;
      }
      case "objroot": {
        var a = o as object[]; if (a == null || a.Length != 5) { fails.Add("FAIL $: not an object[5]: " + Show(o)); return; }
        Eq("$[0]", 1, a[0]); Eq("$[1]", "two", a[1]); Eq("$[2]", null, a[2]);
        Eq("$[3].City", "X", (a[3] as Address) == null ? null : ((Address)a[3]).City); Same("$[4]", a[3], a[4]);
        break;
      }
      case "specials": {
        var a = o as object[]; if (a == null || a.Length != 4) { fails.Add("FAIL $: not an object[4]: " + Show(o)); return; }
        Eq("$[0]", double.PositiveInfinity, a[0]); Eq("$[1]", double.NegativeInfinity, a[1]); Eq("$[2]", double.NaN, a[2]);
        Eq("$[3]", TimeSpan.Zero, a[3]);
        break;
      }
      default: fails.Add("FAIL unknown case " + c); break;
    }
  }

  public static int Main(string[] args) {
    var f = new SoapFormatter();
    if (args[0] == "write") { using (var fs = File.Create(args[2])) f.Serialize(fs, Build(args[1])); return 0; }
    try { using (var fs = File.OpenRead(args[2])) Check(args[1], f.Deserialize(fs)); }
    catch (Exception e) { fails.Add("FAIL $: " + e.GetType().Name + ": " + e.Message); }
    if (fails.Count == 0) { Console.WriteLine("OK"); return 0; }
    foreach (var line in fails) Console.WriteLine(line);
    return 1;
  }
}
}
