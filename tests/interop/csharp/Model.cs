// The .NET side of serialkit's BinaryFormatter interop cases: the object models.
// tests/interop/cases.md is the contract between these types and tests/interop/models.py.
// Field declaration order is wire order (most-derived class first), so keep it in step
// with the annotation order of the Python models.
using System;
using System.Collections.Generic;
using System.Runtime.Serialization;

namespace Interop
{
    // ---- prims -------------------------------------------------------------------------
    [Serializable]
    public class AllPrims
    {
        public bool Flag;
        public byte U8;
        public sbyte S8;
        public char Ch;
        public short I16;
        public ushort U16;
        public int I32;
        public uint U32;
        public long I64;
        public ulong U64;
        public float F32;
        public double F64;
        public decimal Dec;
        public decimal DecScaled;
        public decimal DecTiny;
        public decimal DecMax;
        public DateTime WhenUtc;
        public DateTime WhenUnspecified;
        public TimeSpan Span;
        public TimeSpan SpanNeg;
        public string Text;
        public string Empty;
        public string Nothing;
    }

    // ---- cycle / linked_list -----------------------------------------------------------
    [Serializable]
    public class Node
    {
        public string Name;
        public Node Next;
        public Node Self;
    }

    [Serializable]
    public class Graph
    {
        public Node Head;
        public object[] Items;
    }

    // ---- collections -------------------------------------------------------------------
    [Serializable]
    public class Item
    {
        public int Id;
        public string Label;
    }

    [Serializable]
    public class Bag
    {
        public List<int> Ints;
        public List<string> Names;
        public Dictionary<string, int> Counts;
        public List<Item> Items;
    }

    // ---- custom (ISerializable) --------------------------------------------------------
    [Serializable]
    public class Money : ISerializable
    {
        public decimal Amount;
        public string Currency;
        public double Boxed;
        public object Anything;

        public Money(decimal amount, string currency, double boxed, object anything)
        {
            Amount = amount; Currency = currency; Boxed = boxed; Anything = anything;
        }

        protected Money(SerializationInfo info, StreamingContext context)
        {
            Amount = info.GetDecimal("amount");
            Currency = info.GetString("currency");
            Boxed = (double)info.GetValue("boxed", typeof(double));
            Anything = info.GetValue("anything", typeof(object));
        }

        public void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            info.AddValue("amount", Amount);                       // Primitive Decimal
            info.AddValue("currency", Currency);                   // String
            info.AddValue("boxed", (object)Boxed);                 // runtime type -> Primitive Double
            info.AddValue("anything", Anything, typeof(object));   // Object -> MemberPrimitiveTyped / ObjectNull
        }
    }

    [Serializable]
    public class Wallet
    {
        public Money Main;
        public Money Spare;
    }

    // ---- versioning --------------------------------------------------------------------
    [Serializable]
    public class Versioned
    {
        public int A;
        [OptionalField(VersionAdded = 2)]
        public string B;
    }

    // Version 1 of Interop.Versioned; written under that name through V1Binder (Program.cs).
    [Serializable]
    public class VersionedV1
    {
        public int A;
    }

    // ---- callbacks ---------------------------------------------------------------------
    [Serializable]
    public class Tracked : IDeserializationCallback
    {
        // Process-wide event log of the deserializing side (static: never serialized).
        public static readonly List<string> Events = new List<string>();

        public string Name;
        public string Stamp;   // set by the *writer's* OnSerializing
        public Tracked Peer;
        [NonSerialized] public List<string> Log;

        static string Show(string s) { return s == null ? "null" : s; }

        [OnSerializing]
        void OnSerializing(StreamingContext context)
        {
            Stamp = "stamped:" + Name;
            if (Log == null) Log = new List<string>();
            Log.Add("serializing");
        }

        [OnSerialized]
        void OnSerialized(StreamingContext context)
        {
            if (Log == null) Log = new List<string>();
            Log.Add("serialized");
        }

        [OnDeserializing]
        void OnDeserializing(StreamingContext context)
        {
            Log = new List<string>();
            Log.Add("deserializing Name=" + Show(Name) + " Stamp=" + Show(Stamp));
            Events.Add("deserializing");
        }

        [OnDeserialized]
        void OnDeserialized(StreamingContext context)
        {
            Log.Add("deserialized Name=" + Show(Name) + " Stamp=" + Show(Stamp));
            Events.Add("deserialized " + Name);
        }

        public void OnDeserialization(object sender)
        {
            Log.Add("deserialization Name=" + Show(Name));
            Events.Add("deserialization " + Name);
        }
    }

    // ---- nonserialized -----------------------------------------------------------------
    [Serializable]
    public class WithTransient
    {
        public int Keep;
        [NonSerialized] public int Transient = 5;
    }

    // ---- inheritance -------------------------------------------------------------------
    [Serializable]
    public class BaseRec
    {
        public int B;
        private int _secret;

        public int BaseSecret { get { return _secret; } set { _secret = value; } }
    }

    [Serializable]
    public class DerivedRec : BaseRec
    {
        public int D;
        private int _secret;

        public int OwnSecret { get { return _secret; } set { _secret = value; } }
    }

    // ---- struct_enum -------------------------------------------------------------------
    [Serializable]
    public struct Pt
    {
        public int X;
        public int Y;

        public Pt(int x, int y) { X = x; Y = y; }
    }

    public enum Color : short
    {
        Red = 1,
        Green = 2,
        Blue = 300,
    }

    [Flags]
    public enum Perm
    {
        None = 0,
        Read = 1,
        Write = 2,
        Exec = 4,
    }

    [Serializable]
    public class Shapes
    {
        public Pt P;
        public Pt[] Ps;
        public Color C;
        public Perm Flags;
        public object Boxed;
    }
}
