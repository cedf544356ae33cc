"""Turn a folder of dated event files into a searchable MkDocs timeline site."""

__version__ = "0.1.0"
