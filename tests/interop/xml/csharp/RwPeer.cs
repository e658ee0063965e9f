// Mono's XmlSerializer on the reading and writing rules of tests/interop/xml/test_xml_rw_interop.py.
//
//   RwPeer.exe write DIR         writes DIR/<case>.net.xml for every case of Cases()
//   RwPeer.exe read DIR          reads DIR/<case>.py.xml (those present) and prints
//                                "<case>: <what it holds>" for each
//   RwPeer.exe events FILE       reads FILE as an RwOuter, printing every UnknownNode and
//                                UnknownAttribute event ("node Attribute xsi:type ns text")
//   RwPeer.exe number FILE...    reads each FILE as an RwNums and prints "I D M", or "ERR" and
//                                the inner exception's type
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Text;
using System.Xml.Serialization;

public class RwFlatNil { [XmlElement(IsNullable = true)] public List<string> F = new List<string>(); }

public class RwDefaults {
    [DefaultValue(5)] public double D;
    [DefaultValue(5)] public decimal M;
    [DefaultValue(5.0)] public int I;
}

public class RwNode { public int Value; public RwNode Next; }

public class RwNilStr {
    public string S = "init";
    public int? N = 1;
    public string T;
    [XmlElement(IsNullable = true)] public string R = "r";
    public RwInner C;
}

public class RwInner { public string V; }
public class RwOuter { public RwInner I; public string S; }
public class RwNums { public int I; public double D; public decimal M; }

public static class RwPeer {
    static object Case(string name) {
        switch (name) {
            case "flatnil": { var f = new RwFlatNil(); f.F.Add("a"); f.F.Add(null); f.F.Add("b"); return f; }
            case "defaults_omitted": { var d = new RwDefaults(); d.D = 5.0; d.M = 5.00m; d.I = 5; return d; }
            case "defaults_written": { var d = new RwDefaults(); d.D = 5.5; d.M = 5.1m; d.I = 6; return d; }
            case "deep": case "deep_max": {
                RwNode head = null;
                int length = name == "deep" ? 1000 : 2047;  // 2047 nodes: 2048 levels
                for (int i = 0; i < length; i++) { var n = new RwNode(); n.Value = i; n.Next = head; head = n; }
                return head;
            }
        }
        throw new ArgumentException(name);
    }

    static readonly string[] Names = { "flatnil", "defaults_omitted", "defaults_written", "deep", "deep_max" };

    static string Describe(object o) {
        if (o is RwFlatNil) return string.Join("|", ((RwFlatNil)o).F.ConvertAll(s => s ?? "<null>"));
        if (o is RwDefaults) { var d = (RwDefaults)o; return d.D.ToString("R") + " " + d.M + " " + d.I; }
        if (o is RwNode) {
            int count = 0, first = -1;
            for (var n = (RwNode)o; n != null; n = n.Next) { if (count == 0) first = n.Value; count++; }
            return count + " nodes from " + first;
        }
        if (o is RwNilStr) {
            var n = (RwNilStr)o;
            return "S=" + Q(n.S) + " N=" + (n.N.HasValue ? n.N.ToString() : "<null>") + " T=" + Q(n.T) + " R=" + Q(n.R) +
                " C=" + (n.C == null ? "<null>" : "V=" + Q(n.C.V));
        }
        return o.ToString();
    }

    static string Q(string s) { return s == null ? "<null>" : "'" + s + "'"; }

    static Type TypeOf(string name) {
        switch (name) {
            case "flatnil": return typeof(RwFlatNil);
            case "defaults_omitted": case "defaults_written": return typeof(RwDefaults);
            case "deep": case "deep_max": return typeof(RwNode);
            case "nilstr": return typeof(RwNilStr);
        }
        throw new ArgumentException(name);
    }

    public static int Main(string[] args) {
        if (args[0] == "write") {
            foreach (var name in Names) {
                var ms = new MemoryStream();
                new XmlSerializer(TypeOf(name)).Serialize(ms, Case(name));
                File.WriteAllBytes(Path.Combine(args[1], name + ".net.xml"), ms.ToArray());
            }
            return 0;
        }
        if (args[0] == "read") {
            foreach (var name in new List<string>(Names) { "nilstr" }) {
                var file = Path.Combine(args[1], name + ".py.xml");
                if (!File.Exists(file)) continue;
                using (var fs = File.OpenRead(file))
                    Console.WriteLine(name + ": " + Describe(new XmlSerializer(TypeOf(name)).Deserialize(fs)));
            }
            return 0;
        }
        if (args[0] == "events") {
            var s = new XmlSerializer(typeof(RwOuter));
            s.UnknownNode += (sender, e) => Console.WriteLine("node " + e.NodeType + " " + e.Name + " " + e.NamespaceURI + " " + e.Text + " " + e.ObjectBeingDeserialized.GetType().Name);
            s.UnknownAttribute += (sender, e) => Console.WriteLine("attr " + e.Attr.Name + " " + e.Attr.Value + " " + e.LineNumber + " " + e.ObjectBeingDeserialized.GetType().Name);
            using (var fs = File.OpenRead(args[1])) {
                var o = (RwOuter)s.Deserialize(fs);
                Console.WriteLine("read " + Q(o.I == null ? null : o.I.V) + " " + Q(o.S));
            }
            return 0;
        }
        if (args[0] == "number") {
            for (int i = 1; i < args.Length; i++) {
                try {
                    RwNums n;
                    using (var fs = File.OpenRead(args[i])) n = (RwNums)new XmlSerializer(typeof(RwNums)).Deserialize(fs);
                    Console.WriteLine(n.I + " " + n.D.ToString("R") + " " + n.M);
                } catch (InvalidOperationException e) {
                    Console.WriteLine("ERR " + (e.InnerException == null ? e.Message : e.InnerException.GetType().Name));
                }
            }
            return 0;
        }
        Console.Error.WriteLine("usage: RwPeer.exe write DIR | read DIR | events FILE | number FILE...");
        return 2;
    }
}
