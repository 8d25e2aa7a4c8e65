"""Load a corpus of news articles: files, manifest, provenance and checks.

:func:`load_corpus` reads the bundled corpus (``data/raw`` with its manifest
``data/articles.csv``) or a user's folder of ``.txt``, ``.md`` and ``.html``
files with an optional manifest CSV.  Problems are never silent: files that
cannot be read are rejected with a :class:`CorpusWarning` (or a
:class:`CorpusError` when ``errors="raise"``) naming the file, and every
warning is also listed in ``corpus.attrs["load_report"]``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .clean import clean_corpus, normalise_text
from .config import manifest_path, raw_dir

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES = 5_000_000
MANIFEST_NAMES = ("articles.csv", "manifest.csv")
MIN_HTML_WORDS = 10
"""An HTML page whose extracted main text is shorter than this is rejected
(what is left is a menu or a stub, not an article)."""
PROVENANCE_FLAGS = ("translated", "republished_by_aggregator", "synonym_spun")
MANIFEST_COLUMNS = [
    "doc_id", "file", "sha256", "outlet", "outlet_inferred", "outlet_evidence", "headline",
    "date", "date_precision", "date_inferred", "date_evidence", "language",
    "translated", "republished_by_aggregator", "synonym_spun", "notes",
]
CORPUS_COLUMNS = MANIFEST_COLUMNS + ["format", "encoding", "n_bytes", "raw_text"]
COMPUTED_COLUMNS = frozenset(CORPUS_COLUMNS[len(MANIFEST_COLUMNS):]) | frozenset(
    ["body", "text", "removed", "n_removed", "boilerplate_share", "n_words", "n_paragraphs"]
)
"""Columns the loader and the cleaner compute; a manifest may not set them."""
_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n"}


class CorpusError(ValueError):
    """A corpus cannot be loaded as asked; the message names the file."""


class ManifestError(CorpusError):
    """The manifest CSV is unreadable or inconsistent."""


class ChecksumError(CorpusError):
    """A raw file no longer matches the checksum in its manifest."""


class CorpusWarning(UserWarning):
    """Something was skipped or guessed while loading; the corpus still loads."""


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- decoding
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_WORD = re.compile(r"[^\W\d_]+")
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
MAX_CONTROL_SHARE = 0.01
"""Decoded text with more control characters than this share is taken as binary."""
MIN_COMMON_SCRIPT_SHARE = 0.85
"""UTF-16 without a byte-order mark is accepted only when this share of its
characters is Latin, Greek, Cyrillic, Armenian, Hebrew or general punctuation;
other scripts need a byte-order mark."""
MIN_UTF16_SPACE_SHARE = 0.03
"""...and when at least this share of its characters is white space (words)."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 11, 12, 13))
    return control > len(sample) * MAX_CONTROL_SHARE


def _control_share(text: str) -> float:
    controls = sum(
        1 for c in text
        if c not in _ALLOWED_CONTROLS and (ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\ufffd")
    )
    return controls / max(len(text), 1)


def _common_script_share(text: str) -> float:
    common = sum(1 for c in text if ord(c) < 0x0600 or 0x2000 <= ord(c) < 0x2070)
    return common / max(len(text), 1)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode UTF-16 without a byte-order mark when one byte order gives plausible text."""
    if len(data) < 4 or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        spaces = sum(c.isspace() for c in text) / len(text)
        if (
            _control_share(text) <= MAX_CONTROL_SHARE
            and _common_script_share(text) >= MIN_COMMON_SCRIPT_SHARE
            and spaces >= MIN_UTF16_SPACE_SHARE
        ):
            return text, codec
    return None


def _script_score(text: str, cyrillic: bool) -> int:
    """How much a single-byte decoding looks like real words (higher is better).

    Every word with non-ASCII letters counts: under cp1251 (``cyrillic``) a word
    is good when all its letters are Cyrillic and bad when it mixes Cyrillic
    with Latin letters ("fьr"); under latin-1 a word is good when accented
    letters are a minority beside ASCII ones ("président") and bad when they
    make up most of it ("Òîêàåâ", Russian read as latin-1).
    """
    score = 0
    for word in _WORD.findall(text):
        non_ascii = [c for c in word if ord(c) > 127]
        if not non_ascii:
            continue
        n_cyr = sum("\u0400" <= c <= "\u04ff" for c in word)
        if cyrillic:
            score += len(word) if n_cyr == len(word) else -len(word)
        elif len(non_ascii) * 2 <= len(word) and len(non_ascii) < len(word):
            score += len(word)
        else:
            score -= len(word)
    return score


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """Choose between cp1251 (Cyrillic) and latin-1 / cp1252 (Western) by word shape."""
    western_codec = "cp1252" if any(0x80 <= b < 0xA0 for b in data) else "latin-1"
    try:
        western = data.decode(western_codec)
    except UnicodeDecodeError:
        western_codec, western = "latin-1", data.decode("latin-1")
    try:
        cyrillic = data.decode("cp1251")
    except UnicodeDecodeError:
        return western, western_codec
    if _script_score(cyrillic, cyrillic=True) > _script_score(western, cyrillic=False):
        return cyrillic, "cp1251"
    return western, western_codec


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a file's bytes, returning ``(text, encoding)``.

    Tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), UTF-16
    without a mark (when NUL bytes show it and the text is plausible), strict
    UTF-8, then a single-byte code page: cp1251 when the bytes read as
    Cyrillic words, otherwise latin-1 (cp1252 when its punctuation bytes
    0x80-0x9F occur).

    Raises
    ------
    CorpusError
        For empty, binary or undecodable content, naming ``name``.
    """
    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    text, encoding = None, ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: starts with a {codec} byte-order mark but does not decode as "
                    f"{codec} ({exc.reason} at byte {exc.start})"
                ) from exc
            break
    if text is None and b"\x00" in data[:8192]:
        decoded = _utf16_without_bom(data)
        if decoded is None:
            raise CorpusError(f"{name}: looks binary (NUL bytes), not text")
        text, encoding = decoded
    if text is None:
        if _looks_binary(data):
            raise CorpusError(f"{name}: looks binary (control bytes), not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_single_byte(data)
    if not text.strip():
        raise CorpusError(f"{name}: the file is empty (only a byte-order mark or white space)")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise CorpusError(f"{name}: looks binary after decoding as {encoding} (control characters)")
    return text, encoding


# ------------------------------------------------------------ file formats
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w))")


def markdown_to_text(text: str) -> str:
    """Drop Markdown heading marks, link targets and emphasis markers."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    return _MD_EMPHASIS.sub("", text)


def html_to_text(html: str, name: str = "<html>") -> tuple[str, dict]:
    """Reduce an HTML page to its main text with trafilatura.

    Navigation, menus, footers and comments are dropped by the extractor; the
    date is read only from the page's own metadata (no guessing from copyright
    lines).

    Returns
    -------
    text : str
        The main text, one paragraph per line.
    metadata : dict
        ``headline``, ``outlet``, ``date`` when the page states them.

    Raises
    ------
    CorpusError
        When no main text can be found, naming ``name``.
    """
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, favor_precision=True,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # the extractor's own parse errors vary by input
        raise CorpusError(f"{name}: the HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if extracted is None:
        raise CorpusError(f"{name}: no main text found in the HTML")
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = doc.get("text") or ""
    n_words = len(text.split())
    if n_words < MIN_HTML_WORDS:
        raise CorpusError(
            f"{name}: no main text found in the HTML (the extractor kept {n_words} word(s); "
            f"at least {MIN_HTML_WORDS} are needed)"
        )
    meta = {
        "headline": doc.get("title") or "",
        "outlet": doc.get("sitename") or "",
        "date": doc.get("date") or "",
    }
    return text, meta


def read_article(path: Path, max_bytes: int = MAX_BYTES) -> dict:
    """Read one article file into a record (raw text plus format facts).

    Returns
    -------
    dict
        ``file``, ``format``, ``encoding``, ``n_bytes``, ``sha256``,
        ``raw_text`` and, for HTML pages that state them, ``headline``,
        ``outlet``, ``date`` (with ``date_evidence``).

    Raises
    ------
    CorpusError
        For an unsupported, unreadable, empty, oversized, binary or text-less
        file; the message names it.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{path.name}: unsupported file type {suffix!r}; use {SUPPORTED_SUFFIXES}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CorpusError(
                f"{path.name}: {size:,} bytes is over the {max_bytes:,}-byte limit "
                f"(pass max_bytes= to load_corpus to accept it)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    text, encoding = decode_bytes(data, path.name)
    record = {"file": path.name, "encoding": encoding, "n_bytes": size, "sha256": hashlib.sha256(data).hexdigest()}
    if suffix in (".html", ".htm"):
        text, meta = html_to_text(text, path.name)
        record.update({"format": "html", **{k: v for k, v in meta.items() if v}})
        if meta.get("date"):
            record.update({"date_inferred": "no", "date_evidence": "the page's own metadata",
                           "date_precision": _date_precision(meta["date"])})
        if meta.get("outlet"):
            record.update({"outlet_inferred": "no", "outlet_evidence": "the page's site name"})
    elif _HTML_START.match(text):
        # an HTML page saved under a text suffix: extract its main text, never its tags
        text, meta = html_to_text(text, path.name)
        record.update({"format": "html", "format_note": f"{path.name}: HTML content in a {suffix} file, read as HTML",
                       **{k: v for k, v in meta.items() if k != "date" and v}})
    elif suffix == ".md":
        record["format"] = "markdown"
        text = markdown_to_text(text)
    else:
        record["format"] = "text"
    if not normalise_text(text).strip():
        raise CorpusError(f"{path.name}: no text left after decoding")
    record["raw_text"] = text
    return record


_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


def _date_precision(date: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(date.strip()), "")


# ---------------------------------------------------------------- manifest
def _to_flag(value: object) -> object:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return pd.NA


def _read_table(text: str, name: str, separator: str) -> pd.DataFrame:
    """Parse CSV text strictly: a row with more fields than the header is an error."""
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=separator, strict=True))
    except csv.Error as exc:
        raise ManifestError(f"manifest {name} cannot be read as CSV: {exc}") from exc
    if not rows or not any(field.strip() for field in rows[0]):
        raise ManifestError(f"manifest {name} cannot be read as CSV: no header line")
    width = len(rows[0])
    too_long = [n for n, row in enumerate(rows[1:], start=2) if len(row) > width]
    if too_long:
        raise ManifestError(
            f"manifest {name} cannot be read as CSV: lines {too_long[:10]} have more fields than "
            f"the header's {width}"
        )
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=separator, index_col=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ManifestError(f"manifest {name} cannot be read as CSV: {first}") from exc
    table.columns = [str(c).strip().lower() for c in table.columns]
    return table


def _parse_csv(text: str, name: str) -> pd.DataFrame:
    """Parse a manifest, trying ``;`` or a tab when the header names ``file`` that way."""
    header = [c.strip().lower() for c in text.split("\n", 1)[0].split(",")]
    if "file" not in header:
        first_line = text.split("\n", 1)[0]
        for separator in (";", "\t"):
            if "file" in [c.strip().strip('"').lower() for c in first_line.split(separator)]:
                return _read_table(text, name, separator)
    return _read_table(text, name, ",")


def read_manifest(path: Path) -> pd.DataFrame:
    """Read and validate a manifest CSV.

    The only required column is ``file``; ``doc_id`` defaults to the file name
    without its suffix.  Other known columns are optional, unknown ones are
    kept.  Column names are matched without regard to case; the file may be
    UTF-8 (with or without BOM), UTF-16, cp1251 or latin-1, separated by
    commas, semicolons or tabs.

    Raises
    ------
    ManifestError
        When the file cannot be read or parsed, lacks ``file``, has an empty
        ``file`` or ``doc_id``, a malformed ``sha256``, or repeats an id or a
        file name.  The message names the manifest and the lines.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ManifestError(f"manifest {path} cannot be read ({exc.strerror or exc})") from exc
    try:
        text, _ = decode_bytes(data, f"manifest {Path(path).name}")
    except CorpusError as exc:
        raise ManifestError(str(exc)) from exc
    table = _parse_csv(text.replace("\r\n", "\n"), Path(path).name)
    name = Path(path).name
    if "file" not in table.columns:
        raise ManifestError(
            f"manifest {name} has no 'file' column (columns: {list(table.columns)}); "
            f"it needs at least a 'file' column naming each article's file"
        )
    computed = sorted(set(table.columns) & COMPUTED_COLUMNS)
    if computed:
        raise ManifestError(
            f"manifest {name}: columns {computed} are computed from the files and cannot be "
            f"given in a manifest; rename or drop them"
        )
    table = table.apply(lambda col: col.astype(str).str.strip())
    lines = table.index + 2  # header is line 1

    def bad_lines(mask) -> list[int]:
        return [int(n) for n in lines[mask]]

    if (table["file"] == "").any():
        raise ManifestError(f"manifest {name}: empty 'file' on lines {bad_lines(table['file'] == '')}")
    if "doc_id" not in table.columns or (table["doc_id"] == "").all():
        table["doc_id"] = [Path(f).stem for f in table["file"]]
    if (table["doc_id"] == "").any():
        raise ManifestError(f"manifest {name}: empty doc_id on lines {bad_lines(table['doc_id'] == '')}")
    for column in ("doc_id", "file"):
        repeated = table[column].duplicated(keep=False)
        if repeated.any():
            values = sorted(set(table.loc[repeated, column]))
            raise ManifestError(
                f"manifest {name}: duplicate {column} values {values} on lines {bad_lines(repeated)}"
            )
    if "sha256" in table.columns:
        malformed = (table["sha256"] != "") & ~table["sha256"].str.fullmatch(r"[0-9a-fA-F]{64}")
        if malformed.any():
            raise ManifestError(
                f"manifest {name}: sha256 is not 64 hexadecimal digits on lines {bad_lines(malformed)}"
            )
    return table.reset_index(drop=True)


def _find_manifest(folder: Path) -> Path | None:
    for name in MANIFEST_NAMES:
        if (folder / name).is_file():
            return folder / name
    csvs = sorted(folder.glob("*.csv"))
    if len(csvs) == 1:
        return csvs[0]
    if len(csvs) > 1:
        raise ManifestError(
            f"{folder.name}: several CSV files {[p.name for p in csvs]}; name the manifest "
            f"{MANIFEST_NAMES[0]!r} or pass manifest="
        )
    return None


# ---------------------------------------------------------------- loading
def _problem(report: list[dict], errors: str, file: str, message: str, exc: type = CorpusError) -> None:
    if errors == "raise":
        raise exc(message)
    report.append({"file": file, "message": message})
    # _problem <- iter_article_records <- load_corpus <- its caller, where the warning belongs
    warnings.warn(message, CorpusWarning, stacklevel=4)


def _table_from_files(files: list[Path], source: str) -> pd.DataFrame:
    table = pd.DataFrame({"file": [p.name for p in files], "doc_id": [p.stem for p in files]})
    repeated = table["doc_id"].duplicated(keep=False)
    if repeated.any():
        raise ManifestError(
            f"{source}: files {sorted(table.loc[repeated, 'file'])} would share the doc_id(s) "
            f"{sorted(set(table.loc[repeated, 'doc_id']))}; rename them or list them in a manifest "
            f"with distinct doc_id values"
        )
    return table


def iter_article_records(
    path: str | Path | None = None,
    manifest: str | Path | None = None,
    *,
    errors: str = "warn",
    max_bytes: int = MAX_BYTES,
    report: list[dict] | None = None,
) -> Iterator[dict]:
    """Read a corpus article by article: one record per readable file, never all at once.

    This is the reading behind :func:`load_corpus`, with the same checks:
    the manifest is found and validated, duplicate ids and checksum
    mismatches raise, oversized, unreadable or missing files and files the
    manifest does not list are reported.

    Parameters
    ----------
    path, manifest, errors, max_bytes
        As in :func:`load_corpus`.
    report
        A list that receives every problem as ``{"file", "message"}`` (what
        :func:`load_corpus` keeps in ``attrs["load_report"]``); warnings are
        issued either way.

    Yields
    ------
    dict
        The record of :func:`read_article` (``file``, ``format``,
        ``encoding``, ``n_bytes``, ``sha256``, ``raw_text`` ...) merged with
        the file's manifest row, whose non-empty values win; in manifest
        order, then the files the manifest does not list, by name.

    Raises
    ------
    CorpusError, ManifestError, ChecksumError
        As :func:`load_corpus`, when the records are read.
    """
    if errors not in {"warn", "raise"}:
        raise ValueError(f"errors must be 'warn' or 'raise', not {errors!r}")
    report = [] if report is None else report
    bundled = path is None
    target = raw_dir() if bundled else Path(path)
    if target.is_file():
        folder, files, ignored = target.parent, [target], []
        if target.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise CorpusError(f"{target.name}: unsupported file type; use {SUPPORTED_SUFFIXES}")
    elif target.is_dir():
        folder = target
        entries = sorted(p for p in folder.iterdir() if p.is_file())
        files = [p for p in entries if p.suffix.lower() in SUPPORTED_SUFFIXES]
        ignored = [
            p.name for p in entries
            if p.suffix.lower() not in SUPPORTED_SUFFIXES + (".csv",) and not p.name.startswith(".")
        ]
    else:
        raise CorpusError(f"corpus folder {target} does not exist")
    for name in ignored:
        _problem(report, "warn", name, f"{name}: ignored, not a {'/'.join(SUPPORTED_SUFFIXES)} file")

    if manifest is not None:
        manifest_file: Path | None = Path(manifest)
        if not manifest_file.is_file():
            raise ManifestError(f"manifest {manifest_file} does not exist")
    elif bundled:
        manifest_file = manifest_path() if manifest_path().is_file() else None
    else:
        manifest_file = _find_manifest(folder) if target.is_dir() else None

    if manifest_file is None:
        table = _table_from_files(files, folder.name)
        _problem(report, "warn", "", f"{folder.name}: no manifest CSV; metadata derived from the files")
    else:
        table = read_manifest(manifest_file)
        if target.is_file():
            table = table[table["file"] == target.name]
        listed = set(table["file"])
        unlisted_files = [p for p in files if p.name not in listed]
        for p in unlisted_files:
            _problem(report, "warn", p.name, f"{p.name}: not in the manifest {manifest_file.name}; metadata derived from the file")
        unlisted = _table_from_files(unlisted_files, folder.name)
        clash = sorted(set(unlisted["doc_id"]) & set(table["doc_id"]))
        if clash:
            raise ManifestError(
                f"files {sorted(unlisted.loc[unlisted['doc_id'].isin(clash), 'file'])} are not in the "
                f"manifest but would reuse its doc_ids {clash}; rename them or list them"
            )
        table = pd.concat([table, unlisted], ignore_index=True)

    for row in table.to_dict("records"):
        file_path = folder / row["file"]
        if not file_path.is_file():
            _problem(report, errors, row["file"],
                     f"{row['file']}: listed in the manifest but missing from {folder.name}", ManifestError)
            continue
        expected = (row.get("sha256") or "").lower()
        if expected:
            actual = sha256_of(file_path)
            if actual != expected:
                raise ChecksumError(
                    f"{row['file']}: raw file changed (sha256 {actual[:12]}… differs from the "
                    f"manifest's {expected[:12]}…); restore the original file or update the manifest"
                )
        try:
            record = read_article(file_path, max_bytes)
        except CorpusError as exc:
            _problem(report, errors, row["file"], str(exc))
            continue
        if record["encoding"] not in {"utf-8", "utf-8-sig"}:
            report.append({"file": row["file"], "message": f"{row['file']}: decoded as {record['encoding']}"})
        if "format_note" in record:
            report.append({"file": row["file"], "message": record.pop("format_note")})
        merged = dict(record)
        for key, value in row.items():
            if value not in ("", None) or key not in merged:
                merged[key] = value
        yield merged


def load_corpus(
    path: str | Path | None = None,
    manifest: str | Path | None = None,
    *,
    clean: bool = True,
    errors: str = "warn",
    max_bytes: int = MAX_BYTES,
) -> pd.DataFrame:
    """Load a corpus: one row per article, cleaned by default.

    Parameters
    ----------
    path
        A folder of ``.txt``, ``.md`` and ``.html`` files (or one such file);
        None loads the bundled corpus (``data/raw`` with ``data/articles.csv``).
    manifest
        A manifest CSV; default: ``articles.csv`` or ``manifest.csv`` in the
        folder, or its only CSV file.  Without one, metadata are derived from
        the files and a :class:`CorpusWarning` says so.
    clean
        Apply :func:`kzanalysis.clean.clean_corpus` (headline, body, removals).
    errors
        "warn" skips a bad file with a :class:`CorpusWarning` naming it; "raise"
        raises :class:`CorpusError` instead.  Checksum mismatches, broken
        manifests and duplicate ids always raise.
    max_bytes
        Files larger than this are rejected.

    Returns
    -------
    DataFrame
        Sorted by ``doc_id``.  Manifest columns (``doc_id``, ``file``,
        ``sha256``, ``outlet``, ``outlet_inferred``, ``outlet_evidence``,
        ``headline``, ``date``, ``date_precision``, ``date_inferred``,
        ``date_evidence``, ``language``, ``translated``,
        ``republished_by_aggregator``, ``synonym_spun``, ``notes``; flags are
        nullable booleans, unknown values empty), then ``format`` (text,
        markdown, html), ``encoding``, ``n_bytes``, ``raw_text`` and, when
        cleaned, the columns of :func:`kzanalysis.clean.clean_corpus`.  Extra
        manifest columns are kept after these.
        ``attrs["load_report"]`` lists every warning (``file``, ``message``);
        see :func:`load_report`.

    Raises
    ------
    CorpusError
        Missing folder, no readable article, or a bad file with ``errors="raise"``.
    ManifestError
        Unreadable manifest, a manifest without a ``file`` column, duplicate
        ids, or a manifest row whose file is missing when ``errors="raise"``.
    ChecksumError
        A file whose bytes differ from the manifest's ``sha256``.
    """
    if errors not in {"warn", "raise"}:
        raise ValueError(f"errors must be 'warn' or 'raise', not {errors!r}")
    bundled = path is None
    target = raw_dir() if bundled else Path(path)
    report: list[dict] = []
    records = list(iter_article_records(path, manifest, errors=errors, max_bytes=max_bytes, report=report))
    if not records:
        raise CorpusError(f"{target}: no readable article (see the load report / warnings above)")
    corpus = pd.DataFrame(records)
    for column in CORPUS_COLUMNS:
        if column not in corpus.columns:
            corpus[column] = ""
    extra = [c for c in corpus.columns if c not in CORPUS_COLUMNS]
    corpus = corpus[CORPUS_COLUMNS + extra].fillna("")
    for flag in PROVENANCE_FLAGS + ("outlet_inferred", "date_inferred"):
        corpus[flag] = corpus[flag].map(_to_flag).astype("boolean")
    corpus["n_bytes"] = corpus["n_bytes"].astype("int64")
    corpus = corpus.sort_values("doc_id", kind="stable").reset_index(drop=True)
    if clean:
        corpus = clean_corpus(corpus)
    corpus.attrs["load_report"] = report
    corpus.attrs["source"] = "bundled" if bundled else str(target)
    return corpus


def source_label(corpus: pd.DataFrame) -> pd.Series:
    """The source of each article: its outlet, or ``"doc <doc_id>"`` where the outlet is unknown.

    Every table that groups by source (sentiment, topics, statistics) uses
    this one label, so the same article carries the same name everywhere.

    Returns
    -------
    Series
        Indexed like ``corpus``.

    Raises
    ------
    ValueError
        When ``corpus`` has no ``doc_id`` column.
    """
    if "doc_id" not in corpus.columns:
        raise ValueError(f"corpus needs a 'doc_id' column; it has {list(corpus.columns)}")
    outlet = corpus["outlet"] if "outlet" in corpus.columns else pd.Series("", index=corpus.index)
    outlet = outlet.fillna("").astype(str).str.strip()
    return outlet.where(outlet != "", "doc " + corpus["doc_id"].astype(str))


def load_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """The warnings recorded while loading, as a table (``file``, ``message``)."""
    return pd.DataFrame(corpus.attrs.get("load_report", []), columns=["file", "message"])
