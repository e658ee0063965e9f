// The SOAP-encoded XmlSerializer peer of tests/interop/xml: class models using every Soap*
// attribute, the documents Mono's XmlSerializer writes for them through a
// SoapReflectionImporter mapping, and a check of documents serialkit wrote.
//
// XmlSerializer does not write the SOAP Envelope (ASMX does), and Serialize(Stream) fails on
// an encoded graph with multirefs ("Token StartElement in state Epilog"), so each document is
// written as a Web service would: an indented XmlTextWriter, <?xml version="1.0"?>,
// soap:Envelope, soap:Body, then Serialize(XmlWriter, o). The "bare" case has no multirefs
// and is written with Serialize(Stream).
//
// Usage: SoapXmlPeer.exe cases           (prints the case names)
//        SoapXmlPeer.exe batch <dir>     (writes <case>.net.xml for every case; for every
//                                         <case>.py.xml present, deserializes it, checks the
//                                         object's shared references, serializes it again and
//                                         writes <case>.result.txt: "OK" when that equals
//                                         .NET's own document put through the same round trip)
// Build: mcs -r:System.Xml.dll -out:SoapXmlPeer.exe SoapXmlPeer.cs
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Text;
using System.Xml;
using System.Xml.Serialization;

namespace SoapInterop {
  public enum Level { Low, [SoapEnum("HIGH")] High }
  [Flags] public enum Perm { None = 0, Read = 1, Write = 2 }

  [SoapType("Customer", "urn:shop")]
  [SoapInclude(typeof(VipCustomer))]
  public class Customer {
    [SoapAttribute("id")] public int Id = 1;
    [SoapAttribute(Namespace = "urn:attr", DataType = "date")] public DateTime When = new DateTime(2020, 1, 2);
    [SoapElement("full-name")] public string Name = "Bob";
    public Address Home;
    public Address Work;
    public string[] Tags = { "x", "y" };
    public Level Lvl = Level.High;
    [SoapElement(IsNullable = true)] public string Nothing;
    public string Missing;
    public object Any = 5;
    [SoapIgnore] public string Secret = "s";
    [SoapElement(DataType = "date")] public DateTime Day = new DateTime(2021, 3, 4);
    public Customer Self;
  }
  public class VipCustomer : Customer { public int Points = 100; }
  public class Address { public string City; public Address Next; }

  public class Prims {
    public bool B = true; public double D = 0.1; public float F = 1.5f; public decimal M = 1.10m;
    public DateTime T = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    public byte[] Blob = { 1, 2, 3 }; public Guid G = new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff"); public char C = 'A';
    public sbyte S8 = -1; public byte U8 = 2; public short I16 = 3; public ushort U16 = 4; public long I64 = 5; public ulong U64 = 6; public uint U32 = 7;
    public Perm P = Perm.Read | Perm.Write; public int? N = 3; public int? NN;
    public string Empty = "";
    public int[] Ints = { 1, 2 };
    public List<int> L = new List<int> { 3 };
    public object[] Objs = { 1, "a", null, Level.Low };
    public Address[] Addrs;
    public Level[] Levels = { Level.High, Level.Low };
    public int[][] Jagged = { new[] { 1 }, new int[0] };
    public object Boxed;
    public static Prims Make() {
      var a = new Address { City = "Oslo" };
      var p = new Prims(); p.Addrs = new Address[] { a, null, a }; p.Boxed = a;
      return p;
    }
  }

  public class Node { public string V; public Node Next; public Node[] Kids; }

  public class Bare { public string Name = "n"; public int Count = 2; public Level Lvl = Level.Low; }

  // Generic classes: named as in literal mode (GenOfInt32...), SoapType still renaming them.
  public class Gen<T> { public T V; }
  public class Pair<TK, TV> { public TK K; public TV V; }
  [SoapType("Named")] public class Nm<T> { public T V; }
  public class GBase<T> { public T B; }
  public class GDer : GBase<int> { public string D = "d"; }
  [SoapInclude(typeof(Gen<int>))]
  public class GenHolder {
    public Gen<int> G = new Gen<int> { V = 1 };
    public Gen<string> S = new Gen<string> { V = "s" };
    public Gen<List<string>> L = new Gen<List<string>> { V = new List<string> { "a" } };
    public Gen<int[]> A = new Gen<int[]> { V = new int[] { 1 } };
    public Pair<int, string> P = new Pair<int, string> { K = 2, V = "v" };
    public Gen<Gen<int>> N = new Gen<Gen<int>> { V = new Gen<int> { V = 4 } };
    public object Obj = new Gen<int> { V = 3 };
    public Gen<int>[] Arr = { new Gen<int> { V = 5 } };
    public Nm<int> Named = new Nm<int> { V = 6 };
    public GDer Der = new GDer { B = 7 };
    public Gen<int?> Nullable = new Gen<int?> { V = 8 };
  }

  public class Program {
    const string ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static readonly string[] Cases = { "customer", "customer_base", "prims", "overrides", "default_ns", "root_int", "root_enum",
      "root_array", "root_null", "members", "bare", "generics", "generic_root" };

    static SoapAttributeOverrides Overrides() {
      var ov = new SoapAttributeOverrides();
      var el = new SoapAttributes(); el.SoapElement = new SoapElementAttribute("renamed"); ov.Add(typeof(Customer), "Name", el);
      var ig = new SoapAttributes(); ig.SoapIgnore = true; ov.Add(typeof(Customer), "Tags", ig);
      var at = new SoapAttributes(); at.SoapAttribute = new SoapAttributeAttribute("cid"); at.SoapAttribute.Namespace = "urn:c"; ov.Add(typeof(Customer), "Id", at);
      var ty = new SoapAttributes(); ty.SoapType = new SoapTypeAttribute("Addr", "urn:addr"); ov.Add(typeof(Address), ty);
      var en = new SoapAttributes(); en.SoapEnum = new SoapEnumAttribute("lo"); ov.Add(typeof(Level), "Low", en);
      var ct = new SoapAttributes(); ct.SoapType = new SoapTypeAttribute("Client", "urn:client"); ov.Add(typeof(Customer), ct);
      return ov;
    }

    static XmlReflectionMember[] Members() {
      return new XmlReflectionMember[] {
        new XmlReflectionMember { MemberName = "a", MemberType = typeof(int) },
        new XmlReflectionMember { MemberName = "b", MemberType = typeof(string) },
        new XmlReflectionMember { MemberName = "c", MemberType = typeof(Address) },
        new XmlReflectionMember { MemberName = "d", MemberType = typeof(Address) },
      };
    }

    static XmlSerializer Serializer(string c) {
      switch (c) {
        case "customer": case "customer_base": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(Customer)));
        case "prims": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(Prims)));
        case "overrides": return new XmlSerializer(new SoapReflectionImporter(Overrides()).ImportTypeMapping(typeof(Customer)));
        case "default_ns": return new XmlSerializer(new SoapReflectionImporter("urn:def").ImportTypeMapping(typeof(Node)));
        case "root_int": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(int)));
        case "root_enum": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(Level)));
        case "root_array": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(Address[])));
        case "root_null": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(Customer)));
        case "members": return XmlSerializer.FromMappings(new XmlMapping[] {
          new SoapReflectionImporter().ImportMembersMapping("Add", "urn:calc", Members(), true, true) })[0];
        case "bare": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(Bare)));
        case "generics": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(GenHolder)));
        case "generic_root": return new XmlSerializer(new SoapReflectionImporter().ImportTypeMapping(typeof(Pair<int, string>)));
        default: throw new ArgumentException(c);
      }
    }

    static object Model(string c) {
      var a = new Address { City = "Oslo" }; a.Next = a;
      switch (c) {
        case "customer": { var v = new VipCustomer { Home = a, Work = a }; v.Self = v; return v; }
        case "customer_base": return new Customer { Home = new Address { City = "Rome" }, Any = Level.Low, Tags = null };
        case "prims": return Prims.Make();
        case "overrides": return new VipCustomer { Home = new Address { City = "B" }, Lvl = Level.Low };
        case "default_ns": return new Node { V = "n", Kids = new Node[] { new Node { V = "k" } } };
        case "root_int": return 5;
        case "root_enum": return Level.High;
        case "root_array": return new Address[] { a, a, null };
        case "root_null": return null;
        case "members": return new object[] { 2, "two", a, a };
        case "bare": return new Bare();
        case "generics": return new GenHolder();
        case "generic_root": return new Pair<int, string> { K = 1, V = "x" };
        default: throw new ArgumentException(c);
      }
    }

    // Shared references and cycles must come back as such, whoever wrote the document.
    static string Identity(string c, object o) {
      if (c == "customer") {
        var v = (VipCustomer)o;
        if (v.Home != v.Work || v.Home.Next != v.Home || v.Self != v) return "FAIL identity lost";
      } else if (c == "prims") {
        var p = (Prims)o;
        if (p.Addrs[0] != p.Addrs[2] || p.Addrs[0] != p.Boxed || p.Addrs[1] != null) return "FAIL identity lost";
      } else if (c == "root_array") {
        var arr = (Address[])o;
        if (arr[0] != arr[1] || arr[0].Next != arr[0]) return "FAIL identity lost";
      } else if (c == "members") {
        var arr = (object[])o;
        if (arr[2] != arr[3] || ((Address)arr[2]).Next != arr[2]) return "FAIL identity lost";
      }
      return null;
    }

    static byte[] Write(string c, object o) {
      var s = Serializer(c);
      var ms = new MemoryStream();
      if (c == "bare") { s.Serialize(ms, o); return ms.ToArray(); }
      var w = new XmlTextWriter(ms, null); w.Formatting = Formatting.Indented;
      w.WriteStartDocument();
      w.WriteStartElement("soap", "Envelope", ENV);
      w.WriteStartElement("soap", "Body", ENV);
      s.Serialize(w, o);
      w.WriteEndElement(); w.WriteEndElement(); w.Flush();
      return ms.ToArray();
    }

    static object Read(string c, byte[] doc) {
      var s = Serializer(c);
      if (c == "bare") return s.Deserialize(new MemoryStream(doc));
      var r = new XmlTextReader(new MemoryStream(doc));
      r.MoveToContent(); r.ReadStartElement("Envelope", ENV);
      r.MoveToContent(); r.ReadStartElement("Body", ENV);
      return s.Deserialize(r);
    }

    // The document read and written again, or the error reading it: .NET cannot read the
    // SOAP-ENC:Array it writes for an array root ("<Array xmlns='...encoding/'> was not
    // expected"), so that case compares errors.
    static string Verdict(string c, byte[] doc) {
      object back;
      try { back = Read(c, doc); }
      catch (InvalidOperationException e) {
        return "ERROR " + (e.InnerException != null ? e.InnerException.Message : e.Message);
      }
      return Identity(c, back) ?? Encoding.UTF8.GetString(Write(c, back));
    }

    public static int Main(string[] args) {
      if (args[0] == "cases") { Console.WriteLine(string.Join(" ", Cases)); return 0; }
      string dir = args[1];
      foreach (string c in Cases) {
        byte[] own = Write(c, Model(c));
        File.WriteAllBytes(Path.Combine(dir, c + ".net.xml"), own);
        string py = Path.Combine(dir, c + ".py.xml");
        if (!File.Exists(py)) continue;
        string result;
        try {
          string theirs = Verdict(c, File.ReadAllBytes(py)), mine = Verdict(c, own);
          result = theirs.StartsWith("FAIL") ? theirs : theirs == mine ? "OK"
            : "FAIL re-serialized differs:\n" + theirs + "\n---\n" + mine;
        } catch (Exception e) { result = "FAIL " + e; }
        File.WriteAllText(Path.Combine(dir, c + ".result.txt"), result);
      }
      return 0;
    }
  }
}
