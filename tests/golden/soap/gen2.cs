using System; using System.IO; using System.Collections; using System.Runtime.Serialization; using System.Runtime.Serialization.Formatters.Soap;
namespace Demo {
public enum Color { Red, Green }
[Serializable] public struct Pt { public int X; public int Y; }
[Serializable] public class Holder { public object BoxedEnum = Color.Green; public object BoxedPt = new Pt{X=1,Y=2}; public object BoxedChar = 'c'; public object BoxedLong = 5L; public object BoxedDec = 2.5m; public object BoxedBool = true; public object BoxedTs = TimeSpan.FromSeconds(1.5); public Pt[] Pts = { new Pt{X=3,Y=4} }; public char[] Chars = {'a','b'}; public Color[] Colors = {Color.Red}; public double[] Ds = {0.1, double.NaN, double.PositiveInfinity}; public float Fl = 0.1f; public string Empty = ""; public string Esc = "a<b&\"c'\n"; public object[] Nested = { new object[]{1} }; public long[] Ls = {1}; public Guid G2 = new Guid("01234567-89ab-cdef-0123-456789abcdef"); public object BoxedGuid = Guid.Empty; public Holder2 H2 = new Holder2(); public TimeSpan Zero = TimeSpan.Zero; public TimeSpan Neg = TimeSpan.FromDays(-1.5); }
[Serializable] public class Holder2 { public int Z = 1; }
[Serializable] class Outer { [Serializable] public class Inner { public int I = 1; } public Inner In = new Inner(); }
[Serializable] public class DT { public DateTime D = new DateTime(2020,1,2,3,4,5,DateTimeKind.Utc); public DateTime U = new DateTime(2020,1,2,3,4,5); }
public class P { public static void Main() {
  var f = new SoapFormatter();
  using (var fs = File.Create("h.xml")) f.Serialize(fs, new Holder());
  using (var fs = File.Create("o.xml")) f.Serialize(fs, new Outer());
  try { using (var fs = File.Create("dt.xml")) f.Serialize(fs, new DT()); } catch (Exception e) { Console.WriteLine(e.Message); }
  using (var fs = File.Create("dec.xml")) f.Serialize(fs, 1.5m);
  using (var fs = File.Create("h.xml.back")) { var b = (Holder)f.Deserialize(File.OpenRead("h.xml")); Console.WriteLine(b.BoxedEnum + " " + b.BoxedPt.GetType() + " " + b.Esc); }
}}}
