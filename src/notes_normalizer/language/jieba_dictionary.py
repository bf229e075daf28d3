"""jieba's default dictionary, loaded fast.

Every build needs jieba's dictionary (every word and word prefix with its frequency): this library
cuts titles and answers with it, and Material's search segments pages with it. jieba keeps it in
the temp folder as one marshalled dict, which takes half a second to load. A copy is kept in the
user's cache folder as plain data (the words as text, their frequencies as one array of integers,
a checksum), which loads in about a quarter of that and cannot run code, as a pickle could. The
copy is made from jieba's own load the first time; a copy that does not check out is ignored and
made again, and a cache folder that cannot be written only means jieba's own load next time."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import warnings
import zlib
from array import array
from pathlib import Path

import platformdirs

with warnings.catch_warnings():  # jieba imports pkg_resources, which warns on import
    warnings.simplefilter("ignore")
    import jieba

jieba.setLogLevel(60)

FORMAT = 1


def load() -> tuple[dict[str, int], int]:
    """(frequencies, total), as `jieba.Tokenizer().initialize()` would set them."""
    path = cache_file()
    try:
        return read(path)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    try:
        write(path, tokenizer.FREQ, tokenizer.total)
    except (OSError, ValueError):
        pass
    return tokenizer.FREQ, tokenizer.total


def cache_file() -> Path:
    """Where the copy is kept: one per jieba release (its dictionary ships with it)."""
    return platformdirs.user_cache_path("notes-kb") / f"jieba-{jieba.__version__}-dictionary"


def write(path: Path, frequencies: dict[str, int], total: int) -> None:
    if any("\n" in word for word in frequencies):
        raise ValueError("a dictionary word holds a line break")
    words = "\n".join(frequencies).encode("utf-8")
    counts = array("q", frequencies.values()).tobytes()  # in the words' order
    header = {"format": FORMAT, "words": len(frequencies), "total": total, "bytes": len(words),
              "byteorder": sys.byteorder, "crc32": zlib.crc32(counts, zlib.crc32(words))}
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as out:
        try:
            out.write(json.dumps(header).encode("ascii") + b"\n" + words + counts)
            out.close()
            os.replace(out.name, path)  # whole or not at all, even with two builds at once
        except OSError:
            os.unlink(out.name)
            raise


def read(path: Path) -> tuple[dict[str, int], int]:
    """The copy at `path`; ValueError (or KeyError, TypeError) if it does not check out."""
    data = path.read_bytes()
    end = data.index(b"\n")
    header = json.loads(data[:end])
    words, counts = data[end + 1:end + 1 + header["bytes"]], data[end + 1 + header["bytes"]:]
    if (header["format"], header["byteorder"]) != (FORMAT, sys.byteorder) \
            or zlib.crc32(counts, zlib.crc32(words)) != header["crc32"]:
        raise ValueError(f"{path} is not a dictionary this version wrote")
    frequencies = array("q")
    frequencies.frombytes(counts)
    keys = words.decode("utf-8").split("\n")
    if not len(keys) == len(frequencies) == header["words"]:
        raise ValueError(f"{path} does not hold as many words as it says")
    return dict(zip(keys, frequencies, strict=True)), header["total"]
