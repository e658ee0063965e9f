using System; using System.IO; using System.Collections; using System.Runtime.Serialization; using System.Runtime.Serialization.Formatters.Soap;
namespace Demo {
public enum Color { Red, Green }
[Serializable] public struct Pt { public int X; public int Y; }
[Serializable] public class Address { public string City; }
[Serializable] public class Base { public int B = 1; private int priv = 2; }
[Serializable] public class Person : Base {
  public string Name = "Ann"; public int Age = 30; public Address Home; public Address Work; public int[] Scores = {1,2}; public string[] Tags;
  public Color Fav = Color.Green; public object Boxed = 3.5; public byte[] Blob = {1,2,3}; public Person Self; public decimal Money = 1.5m; public TimeSpan Dur = TimeSpan.FromMinutes(90);
  public Guid G; public char C = 'x'; public Pt P; public bool Flag = true; public long L = -5; public float F = 0.25f; public double D = 1e-7; public object Nothing; public ArrayList AL = new ArrayList{1, "s"};
  public int[,] M = {{1,2},{3,4}}; public object[] Objs = {1, "x", null, 2.5}; public Hashtable H = new Hashtable(); public sbyte SB = -3; public ushort US = 7; public uint UI = 8; public ulong UL = 9;
  [NonSerialized] public int Skip = 5;
}
[Serializable] public class Custom : ISerializable { public int V = 5;
  public Custom() {} protected Custom(SerializationInfo i, StreamingContext c) { V = i.GetInt32("v"); }
  public void GetObjectData(SerializationInfo i, StreamingContext c) { i.AddValue("v", V); i.AddValue("extra", "e"); i.AddValue("d", 2.5); } }
public class P { public static void Main() {
  var p = new Person(); var a = new Address{City="Oslo"}; p.Home = a; p.Work = a; p.Tags = new string[]{"a", null, "a"}; p.Self = p; p.H["k"] = 1;
  var f = new SoapFormatter();
  using (var fs = File.Create("person.xml")) f.Serialize(fs, p);
  using (var fs = File.Create("custom.xml")) f.Serialize(fs, new Custom());
  using (var fs = File.Create("int.xml")) f.Serialize(fs, 42);
  using (var fs = File.Create("str.xml")) f.Serialize(fs, "hello");
  using (var fs = File.Create("arr.xml")) f.Serialize(fs, new object[]{ 1, "two", null, new Address{City="X"} });
  using (var fs = File.OpenRead("person.xml")) { var back = (Person)f.Deserialize(fs); Console.WriteLine(back.Home == back.Work); }
}}}
