// How .NET's XmlConvert writes and reads floating-point numbers, for
// tests/interop/xml/test_xml_numbers_interop.py.
//
// Usage: mono NumberPeer.exe IN OUT
// Each line of IN is a request; OUT gets one line per request:
//   d <Int64 bits>   XmlConvert.ToString of that double
//   f <Int32 bits>   XmlConvert.ToString of that float
//   p <text>         the Int64 bits of XmlConvert.ToDouble(text)
//   q <text>         the Int32 bits of XmlConvert.ToSingle(text)
// A request that throws answers "ERR <exception type>".
using System;
using System.IO;
using System.Xml;

static class NumberPeer
{
    static string Answer(string line)
    {
        string arg = line.Substring(2);
        switch (line[0]) {
        case 'd':
            return XmlConvert.ToString(BitConverter.Int64BitsToDouble(long.Parse(arg)));
        case 'f':
            return XmlConvert.ToString(BitConverter.ToSingle(BitConverter.GetBytes(int.Parse(arg)), 0));
        case 'p':
            return BitConverter.DoubleToInt64Bits(XmlConvert.ToDouble(arg)).ToString();
        case 'q':
            return BitConverter.ToInt32(BitConverter.GetBytes(XmlConvert.ToSingle(arg)), 0).ToString();
        }
        throw new ArgumentException("unknown request: " + line);
    }

    static int Main(string[] args)
    {
        using (var output = new StreamWriter(args[1])) {
            foreach (string line in File.ReadLines(args[0])) {
                try {
                    output.WriteLine(Answer(line));
                } catch (FormatException e) {
                    output.WriteLine("ERR " + e.GetType().Name);
                } catch (OverflowException e) {
                    output.WriteLine("ERR " + e.GetType().Name);
                }
            }
        }
        return 0;
    }
}
