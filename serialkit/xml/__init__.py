"""XmlSerializer: public state to XML and back, byte for byte what .NET writes.

Shape the XML with the attribute classes (``Annotated[T, XmlElement("name")]``), their class
decorators (``@xml_element("member", "name")``) or :class:`XmlAttributeOverrides`, then
``XmlSerializer(cls).dumps(obj)`` / ``.loads(data)``.
"""

from serialkit.xml.attributes import (
    DefaultValue,
    XmlAnyAttribute,
    XmlAnyElement,
    XmlArray,
    XmlArrayItem,
    XmlAttribute,
    XmlChoiceIdentifier,
    XmlElement,
    XmlEnum,
    XmlIgnore,
    XmlInclude,
    XmlNamespaceDeclarations,
    XmlRoot,
    XmlSchemaForm,
    XmlText,
    XmlType,
    default_value,
    xml_any_attribute,
    xml_any_element,
    xml_array,
    xml_array_item,
    xml_attribute,
    xml_choice_identifier,
    xml_element,
    xml_enum,
    xml_ignore,
    xml_include,
    xml_namespace_declarations,
    xml_root,
    xml_text,
    xml_type,
)
from serialkit.xml.classgen import generate_classes
from serialkit.xml.custom import XmlNodeType, XmlReader, XmlWriter
from serialkit.xml.errors import UnsafeXmlError, XmlFormatError, XmlMappingError
from serialkit.xml.namespaces import XmlSerializerNamespaces
from serialkit.xml.overrides import XmlAttributeOverrides, XmlAttributes
from serialkit.xml.reader import (
    XmlAttributeEventArgs,
    XmlAttributeMap,
    XmlElementEventArgs,
    XmlNodeEventArgs,
)
from serialkit.xml.schema import export_schema
from serialkit.xml.serializer import XmlSerializer
from serialkit.xml.sgen import StaleSerializerWarning, generate_serializers, load_serializers

__all__ = [
    "DefaultValue", "StaleSerializerWarning", "UnsafeXmlError", "XmlAnyAttribute", "XmlAnyElement",
    "XmlArray", "XmlArrayItem", "XmlAttribute", "XmlAttributeEventArgs", "XmlAttributeMap",
    "XmlAttributeOverrides", "XmlAttributes", "XmlChoiceIdentifier", "XmlElement",
    "XmlElementEventArgs", "XmlEnum", "XmlFormatError", "XmlIgnore", "XmlInclude",
    "XmlMappingError", "XmlNamespaceDeclarations", "XmlNodeEventArgs", "XmlNodeType", "XmlReader",
    "XmlRoot", "XmlSchemaForm", "XmlSerializer", "XmlSerializerNamespaces", "XmlText", "XmlType",
    "XmlWriter", "default_value", "export_schema", "generate_classes", "generate_serializers",
    "load_serializers", "xml_any_attribute", "xml_any_element", "xml_array", "xml_array_item",
    "xml_attribute", "xml_choice_identifier", "xml_element", "xml_enum", "xml_ignore",
    "xml_include", "xml_namespace_declarations", "xml_root", "xml_text", "xml_type",
]
