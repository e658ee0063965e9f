// The 'orders' workload's classes for .NET, and a timer for Mono's BinaryFormatter and
// XmlSerializer.
//
//   mono Bench.exe binary PAYLOAD RUNS
//   mono Bench.exe xml PAYLOAD RUNS EXPECTED [OUT]
//
// Both read the binary payload serialkit wrote, so every engine serializes the same graph. Then,
// after a warm-up, they time RUNS serializations and deserializations in-process with
// BinaryFormatter (binary) or XmlSerializer (xml), and print one JSON line: the median seconds
// of each, the bytes written, and whether they equal serialkit's bytes (the payload itself, or
// the XML document in EXPECTED). Mono's XmlSerializer declares xmlns:xsd before xmlns:xsi, the
// other way round from .NET and serialkit (SPEC.md), so the xml comparison swaps those two back
// first. OUT, when given, receives Mono's XML as written, to look at a difference.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.Serialization.Formatters.Binary;
using System.Text;
using System.Xml.Serialization;

namespace Bench {
    [Serializable] public class Customer { public int id; public string name; public string email; public bool vip; }
    [Serializable] public class OrderLine { public string sku; public int qty; public double price; }
    [Serializable] public class Order {
        public int id; public Customer customer; public DateTime placed; public decimal total;
        public List<OrderLine> lines; public List<string> tags; public string note;
    }
    [Serializable] public class Ledger { public List<Customer> customers; public List<Order> orders; }

    public static class Program {
        const string MonoOrder = "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
        const string NetOrder = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"";

        static double Median(List<double> xs) { xs.Sort(); return xs[xs.Count / 2]; }

        static string Num(double x) { return x.ToString("R", CultureInfo.InvariantCulture); }

        static bool Same(byte[] a, byte[] b) {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        public static int Main(string[] args) {
            string format = args[0];
            byte[] payload = File.ReadAllBytes(args[1]);
            int runs = args.Length > 2 ? int.Parse(args[2]) : 3;
            var bf = new BinaryFormatter();
            object graph = bf.Deserialize(new MemoryStream(payload));
            Func<object, byte[]> dumps;
            Func<byte[], object> loads;
            byte[] expected;
            if (format == "binary") {
                dumps = g => { var ms = new MemoryStream(); bf.Serialize(ms, g); return ms.ToArray(); };
                loads = b => bf.Deserialize(new MemoryStream(b));
                expected = payload;
            } else if (format == "xml") {
                var xs = new XmlSerializer(typeof(Ledger));
                dumps = g => { var ms = new MemoryStream(); xs.Serialize(ms, g); return ms.ToArray(); };
                loads = b => xs.Deserialize(new MemoryStream(b));
                expected = File.ReadAllBytes(args[3]);
            } else {
                Console.Error.WriteLine("unknown format: " + format);
                return 2;
            }
            byte[] written = null;
            for (int i = 0; i < 2; i++) { written = dumps(graph); loads(written); }  // warm-up: JIT and caches
            var dumpTimes = new List<double>(); var loadTimes = new List<double>();
            for (int i = 0; i < runs; i++) {
                GC.Collect(); GC.WaitForPendingFinalizers();
                var sw = Stopwatch.StartNew();
                written = dumps(graph);
                dumpTimes.Add(sw.Elapsed.TotalSeconds);
                GC.Collect(); GC.WaitForPendingFinalizers();
                sw = Stopwatch.StartNew();
                loads(written);
                loadTimes.Add(sw.Elapsed.TotalSeconds);
            }
            byte[] compared = written;
            if (format == "xml") {
                if (args.Length > 4) File.WriteAllBytes(args[4], written);
                var text = Encoding.UTF8.GetString(written);
                int swap = text.IndexOf(MonoOrder, StringComparison.Ordinal);
                if (swap >= 0) text = text.Substring(0, swap) + NetOrder + text.Substring(swap + MonoOrder.Length);
                compared = new UTF8Encoding(false).GetBytes(text);
            }
            Console.WriteLine("{\"dumps\": " + Num(Median(dumpTimes)) + ", \"loads\": " + Num(Median(loadTimes))
                + ", \"bytes\": " + written.Length + ", \"same_bytes\": " + (Same(compared, expected) ? "true" : "false") + "}");
            return 0;
        }
    }
}
