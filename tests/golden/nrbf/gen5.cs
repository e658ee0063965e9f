using System; using System.IO; using System.Collections.Generic;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Formatters.Binary;
// An object field holding an ISerializable object is declared with the first instance's
// runtime type (SystemClass System.DateTime, Class UserSerStruct...), not Object; later
// instances reuse that metadata whatever they hold. Other values keep Object.
[Serializable] public struct SerStruct : ISerializable {
  public int A;
  public SerStruct(int a) { A = a; }
  SerStruct(SerializationInfo i, StreamingContext c) { A = i.GetInt32("A"); }
  public void GetObjectData(SerializationInfo i, StreamingContext c) { i.AddValue("A", A); } }
[Serializable] public class Holder { public object O; public object P; }
public class G5 {
  static void W(string n, object o) { var ms = new MemoryStream(); new BinaryFormatter().Serialize(ms, o); File.WriteAllBytes("payloads/" + n + ".bin", ms.ToArray()); }
  public static void Main() { Directory.CreateDirectory("payloads");
    W("objfield_datetime_then_int", new Holder[] { new Holder { O = new DateTime(2001, 1, 1), P = 5 }, new Holder { O = 5, P = new DateTime(2002, 1, 1) } });
    W("objfield_int_then_datetime", new Holder[] { new Holder { O = 5 }, new Holder { O = new DateTime(2001, 1, 1) } });
    W("objfield_datetime_then_dto", new Holder[] { new Holder { O = new DateTime(2001, 1, 1) }, new Holder { O = DateTimeOffset.MinValue } });
    W("objfield_iserializable_struct", new Holder { O = new SerStruct(3), P = new SerStruct(4) });
    W("objfield_exception_hashset_guid", new Holder { O = new InvalidOperationException("x"), P = new HashSet<object> { 1 } });
    W("objfield_guid_decimal", new Holder { O = Guid.Empty, P = 2.5m });
  } }
