using System; using System.IO; using System.Collections;
using System.Runtime.Serialization.Formatters.Binary;
// Exceptions as an application throws, catches and serializes them: Data entries (written as a
// System.Collections.ListDictionaryInternal), an InnerException, a stack trace, and the members
// a derived exception adds (ArgumentException's ParamName).
public class G4 {
  static void W(string n, object o) { var ms = new MemoryStream(); new BinaryFormatter().Serialize(ms, o); File.WriteAllBytes("payloads/" + n + ".bin", ms.ToArray()); }
  static void Check(int qty) { if (qty < 0) throw new ArgumentException("quantity is negative", "qty"); }
  static void Order() {
    try { Check(-1); }
    catch (ArgumentException e) {
      var ex = new InvalidOperationException("order 42 failed", e);
      ex.Data["order"] = 42;
      ex.Data["customer"] = "Ann";
      ex.Data[7L] = null;
      throw ex;
    }
  }
  public static void Main() { Directory.CreateDirectory("payloads");
    try { Order(); } catch (Exception e) { W("exception_data", e); }
  } }
