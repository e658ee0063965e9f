// XmlRoot on a primitive root (DataType, IsNullable): what XmlSchemaExporter writes (xsd.exe
// /type takes classes only, so its exporter is called directly).
// Regenerate: mcs -r:System.Xml.dll roots.cs -out:roots.exe && mono roots.exe roots
using System;
using System.IO;
using System.Xml.Schema;
using System.Xml.Serialization;

public static class Roots {
    static void Export(Type type, XmlRootAttribute root, string path) {
        var schemas = new XmlSchemas();
        var exporter = new XmlSchemaExporter(schemas);
        exporter.ExportTypeMapping(new XmlReflectionImporter().ImportTypeMapping(type, root));
        using (var writer = new StreamWriter(path)) {
            foreach (XmlSchema schema in schemas) schema.Write(writer);
        }
    }
    public static void Main(string[] args) {
        Export(typeof(DateTime), new XmlRootAttribute("when") { Namespace = "urn:when", DataType = "date" }, Path.Combine(args[0], "when.xsd"));
        Export(typeof(string), new XmlRootAttribute("code") { DataType = "NMTOKEN", IsNullable = false }, Path.Combine(args[0], "code.xsd"));
        Export(typeof(byte[]), new XmlRootAttribute("blob") { DataType = "hexBinary" }, Path.Combine(args[0], "blob.xsd"));
    }
}
