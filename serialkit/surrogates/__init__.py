"""SurrogateSelector and the built-in surrogates for .NET and Python standard types."""

from serialkit.surrogates.selector import SerializationSurrogate, SurrogateSelector

__all__ = ["SerializationSurrogate", "SurrogateSelector"]
