"""MkDocs plugin `notes-kb`: builds a knowledge-base site from a folder of Markdown notes."""

from .plugin import NotesKbConfig, NotesKbPlugin

__all__ = ["NotesKbConfig", "NotesKbPlugin"]
