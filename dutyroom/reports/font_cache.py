"""The parsed tables of each font file, kept across processes in the user's data folder.

reportlab parses a CJK font's tables (cmap, widths, glyph offsets) in 0.1–0.3 s a face, longer than
building most documents, so every command printing a report paid it again. What the parse yields is
stored in cache/fonts of the data folder, keyed on the file's path, size and modification time and on
reportlab's version, and read back in a few milliseconds. marshal, not pickle: it holds plain values
only and runs no code when read. The font file itself is still read, once a process, for the subsets
a PDF embeds.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
from pathlib import Path

import reportlab
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont, TTFontFace

from dutyroom import paths

_CACHE_FORMAT = 1  # bump when what is stored changes
_NOT_STORED = ("_ttf_data", "_pdfScale")  # the file's bytes (read afresh) and a lambda (rebuilt)


def font_cache_dir() -> Path:
    return paths.data_dir() / "cache" / "fonts"


def _cache_file(path: Path, subfont: int) -> Path:
    st = path.stat()
    key = f"{_CACHE_FORMAT}|{reportlab.Version}|{path.resolve()}|{subfont}|{st.st_size}|{st.st_mtime_ns}"
    return font_cache_dir() / f"{hashlib.sha1(key.encode()).hexdigest()}.face"


def load_font(name: str, path: Path, subfont: int = 0) -> TTFont:
    """A reportlab TTFont of `path`: its parsed tables from the cache when this file was parsed before."""
    cache = _cache_file(path, subfont)
    face = _cached_face(cache, path)
    if face is None:
        font = TTFont(name, str(path), subfontIndex=subfont)
        _store_face(cache, font.face)
        return font
    # reportlab builds the font object itself (its own attributes, for its own version) around a tiny
    # face parsed in well under a millisecond; the cached face then takes its place.
    font = TTFont(name, str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"))
    font.face = face
    return font


def _cached_face(cache: Path, path: Path) -> TTFontFace | None:
    try:
        blob = cache.read_bytes()
    except OSError:
        return None
    gc_was_on = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: the collector would triple the time to read them
    try:
        state = marshal.loads(blob)
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(state["fields"])
        for field, text in state["names"].items():
            setattr(face, field, TTFNameBytes(text.encode("utf-8")))
    except Exception:  # damaged or written by another format: parse the font again, which rewrites it
        return None
    finally:
        if gc_was_on:
            gc.enable()
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    face._ttf_data = path.read_bytes()  # the subsets a PDF embeds are cut from the file itself
    face.filename = str(path)
    return face


def _store_face(cache: Path, face: TTFontFace) -> None:
    # TTFNameBytes (a bytes subclass carrying its text) is not marshallable: kept as its text
    fields = {k: v for k, v in vars(face).items() if k not in _NOT_STORED and not isinstance(v, TTFNameBytes)}
    names = {k: v.ustr for k, v in vars(face).items() if isinstance(v, TTFNameBytes)}
    try:
        blob = marshal.dumps({"fields": fields, "names": names})
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(blob)
        os.replace(partial, cache)  # a reader never sees half a file
    except (OSError, ValueError):  # a read-only data folder or an unexpected field: parse again next time
        pass
