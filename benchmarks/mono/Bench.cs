// The 'orders' workload's classes for .NET, and a timer for Mono's BinaryFormatter.
//
//   mono Bench.exe PAYLOAD RUNS
//
// reads the payload serialkit wrote (so both sides serialize the same graph), warms up, then
// times RUNS serializations and deserializations in-process and prints one JSON line: the
// median seconds of each, the bytes written, and whether they equal serialkit's bytes.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.Serialization.Formatters.Binary;

namespace Bench {
    [Serializable] public class Customer { public int id; public string name; public string email; public bool vip; }
    [Serializable] public class OrderLine { public string sku; public int qty; public double price; }
    [Serializable] public class Order {
        public int id; public Customer customer; public DateTime placed; public decimal total;
        public List<OrderLine> lines; public List<string> tags; public string note;
    }
    [Serializable] public class Ledger { public List<Customer> customers; public List<Order> orders; }

    public static class Program {
        static double Median(List<double> xs) { xs.Sort(); return xs[xs.Count / 2]; }

        public static int Main(string[] args) {
            byte[] payload = File.ReadAllBytes(args[0]);
            int runs = args.Length > 1 ? int.Parse(args[1]) : 3;
            var bf = new BinaryFormatter();
            object graph = bf.Deserialize(new MemoryStream(payload));
            byte[] written = null;
            for (int i = 0; i < 2; i++) {  // warm-up: JIT and caches
                var ms = new MemoryStream(); bf.Serialize(ms, graph); written = ms.ToArray();
                bf.Deserialize(new MemoryStream(written));
            }
            var dumps = new List<double>(); var loads = new List<double>();
            for (int i = 0; i < runs; i++) {
                GC.Collect(); GC.WaitForPendingFinalizers();
                var sw = Stopwatch.StartNew();
                var ms = new MemoryStream(); bf.Serialize(ms, graph); written = ms.ToArray();
                dumps.Add(sw.Elapsed.TotalSeconds);
                GC.Collect(); GC.WaitForPendingFinalizers();
                sw = Stopwatch.StartNew();
                bf.Deserialize(new MemoryStream(written));
                loads.Add(sw.Elapsed.TotalSeconds);
            }
            bool same = written.Length == payload.Length;
            for (int i = 0; same && i < written.Length; i++) same = written[i] == payload[i];
            Console.WriteLine("{\"dumps\": " + Median(dumps).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                + ", \"loads\": " + Median(loads).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                + ", \"bytes\": " + written.Length + ", \"same_bytes\": " + (same ? "true" : "false") + "}");
            return 0;
        }
    }
}
