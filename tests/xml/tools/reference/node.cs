// Mono's xsd.exe output for these classes is in node/ (xsd node.dll /type:Holder).
using System.Xml;
using System.Xml.Serialization;

public class Holder
{
    public XmlElement El;
    public XmlElement[] Els;
    public string After;
    [XmlElement(Namespace = "urn:z")] public XmlElement Z;
}
