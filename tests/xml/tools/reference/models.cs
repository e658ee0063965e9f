// The C# class models behind the reference schemas in this directory.
// Regenerate: mcs -target:library -r:System.Xml.dll models.cs -out:models.dll
//   xsd models.dll /type:Shop.Order /o:order      (then likewise for the other types;
//   arrays: xsd models.dll /type:Shop.Shelf /type:Shop.Crate /o:arrays;
//   box: xsd models.dll /type:Shop.Box /o:box)
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Xml;
using System.Xml.Serialization;

namespace Shop {
    public enum Status { New, [XmlEnum("in-progress")] InProgress, Done }
    [Flags] public enum Perm { None = 0, Read = 1, Write = 2 }

    public class Line {
        [XmlAttribute] public string Sku;
        [XmlText] public int Qty;
    }

    [XmlInclude(typeof(Person)), XmlInclude(typeof(Company))]
    public class Party { public string Name; }
    public class Person : Party { public DateTime Born; }
    public class Company : Party { [XmlAttribute] public int Staff; }

    [XmlRoot("order", Namespace = "urn:shop")]
    public class Order {
        [XmlAttribute] public int Id;
        [XmlAttribute(Form = System.Xml.Schema.XmlSchemaForm.Qualified)] public string Code;
        [XmlAttribute] public Perm Rights;
        [XmlAttribute] public int[] Nums;
        public string Customer;
        public DateTime Date;
        [XmlElement(DataType = "date")] public DateTime Ship;
        public List<Line> Lines;
        [XmlArray("items"), XmlArrayItem("sku")] public string[] Skus;
        public decimal? Discount;
        public Status State;
        public Guid Ref;
        public char Initial;
        public byte[] Blob;
        [XmlElement(DataType = "hexBinary")] public byte[] Hex;
        [XmlElement(IsNullable = true)] public string Note;
        public int Opt;
        [XmlIgnore] public bool OptSpecified;
        [DefaultValue(3)] public int Count = 3;
        [DefaultValue("x")] public string Tag = "x";
        public long Big;
        public float Single;
        public double Double;
        public bool Flag;
        public sbyte SB; public byte B; public short S; public ushort US; public uint UI; public ulong UL;
        public Party Buyer;
        [XmlElement("Flat")] public List<string> Flat;
        [XmlElement("dog", typeof(Person)), XmlElement("num", typeof(int))] public object Pick;
        public object Any;
        [XmlElement(Namespace = "urn:other")] public string Foreign;
        [XmlElement(Form = System.Xml.Schema.XmlSchemaForm.Unqualified)] public string Local;
        [XmlAttribute(Namespace = "urn:other")] public string ForeignAttr;
        [XmlAnyElement] public XmlElement[] Rest;
        [XmlAnyAttribute] public XmlAttribute[] RestAttrs;
    }

    [XmlType("Thing", Namespace = "urn:t")]
    public class Thing { public string N; public Line L; }

    public class Note { [XmlAttribute] public string Lang; [XmlText] public string Text; }

    public class Catalog {
        public Thing Item;
        public List<List<int>> Grid;
        [XmlArray(IsNullable = true)] public List<string> Maybe;
        [XmlArrayItem("p", typeof(Person)), XmlArrayItem("c", typeof(Company))] public List<Party> Parties;
        public Note Remark;
        public int? Count;
        public Status[] States;
    }
    // Array type names: ArrayOfChoiceN numbered per importer (across /type:s), a clash with a
    // class's ArrayOfChoice1 renamed ArrayOfChoice11, List<int> and int[] sharing ArrayOfInt.
    public class Choice1 { public int X; }
    public class Pair {
        [XmlArrayItem("x", typeof(int)), XmlArrayItem("y", typeof(double))] public object[] Third;
    }
    public class Shelf {
        public List<Choice1> Plain;
        [XmlArrayItem("i", typeof(int)), XmlArrayItem("s", typeof(string))] public List<object> First;
        [XmlArrayItem("i", typeof(int)), XmlArrayItem("s", typeof(string))] public List<object> Same;
        public Pair In;
        [XmlArrayItem("i", typeof(int), NestingLevel = 1), XmlArrayItem("s", typeof(string), NestingLevel = 1)]
        public List<List<object>> Nested;
        public List<int> L;
        public int[] A;
        [XmlArrayItem("n")] public int[] Renamed;
    }
    public class Crate {
        [XmlArrayItem("i", typeof(int)), XmlArrayItem("s", typeof(string))] public List<object> More;
    }

    // Every other XML attribute (box): a choice identifier (one value and a list), namespace
    // declarations, ShouldSerialize, Order, IncludeInSchema = false, a root that is not
    // nullable, DataType on an attribute and on text.
    [XmlType(IncludeInSchema = false)] public enum Kind { num, str }
    [XmlType(IncludeInSchema = false)] public enum ItemKind { n, s, [XmlEnum("urn:other:far")] far }
    public class Stamp {
        [XmlAttribute(DataType = "token")] public string Zone;
        [XmlText(DataType = "date")] public DateTime Day;
    }
    public class Ordered {
        [XmlElement(Order = 3)] public int Third;
        [XmlArray(Order = 2), XmlArrayItem("v")] public int[] Second;
        [XmlAnyElement(Order = 4)] public XmlElement[] Rest;
        [XmlElement(Order = 1)] public string First;
        [XmlAttribute] public int Plain;
    }
    [XmlRoot("box", Namespace = "urn:box", IsNullable = false)]
    public class Box {
        [XmlNamespaceDeclarations] public XmlSerializerNamespaces Xmlns;
        [XmlChoiceIdentifier("Which")]
        [XmlElement("num", typeof(int)), XmlElement("str", typeof(string))] public object Item;
        [XmlIgnore] public Kind Which;
        [XmlChoiceIdentifier("ItemsElementName")]
        [XmlElement("n", typeof(int)), XmlElement("s", typeof(string)),
         XmlElement("far", typeof(string), Namespace = "urn:other")] public object[] Items;
        [XmlIgnore] public ItemKind[] ItemsElementName;
        public int Maybe;
        public bool ShouldSerializeMaybe() { return Maybe != 0; }
        [XmlAttribute(DataType = "token")] public string Tok;
        [XmlAttribute(DataType = "date")] public DateTime When;
        [XmlElement(DataType = "normalizedString")] public string Norm;
        [XmlElement(DataType = "NMTOKEN")] public string Token;
        public Stamp Stamp;
        public Ordered Ordered;
    }
}
