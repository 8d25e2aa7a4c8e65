"""Load a corpus of news articles: files, manifest, provenance and checks.

:func:`load_corpus` reads the bundled corpus (``data/raw`` with its manifest
``data/articles.csv``) or a user's folder of ``.txt``, ``.md`` and ``.html``
files with an optional manifest CSV.  Problems are never silent: files that
cannot be read are rejected with a :class:`CorpusWarning` (or a
:class:`CorpusError` when ``errors="raise"``) naming the file, and every
warning is also listed in ``corpus.attrs["load_report"]``.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path

import pandas as pd

from .clean import clean_corpus, normalise_text
from .config import manifest_path, raw_dir

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES = 5_000_000
MANIFEST_NAMES = ("articles.csv", "manifest.csv")
PROVENANCE_FLAGS = ("translated", "republished_by_aggregator", "synonym_spun")
MANIFEST_COLUMNS = [
    "doc_id", "file", "sha256", "outlet", "outlet_inferred", "outlet_evidence", "headline",
    "date", "date_precision", "date_inferred", "date_evidence", "language",
    "translated", "republished_by_aggregator", "synonym_spun", "notes",
]
CORPUS_COLUMNS = MANIFEST_COLUMNS + ["format", "encoding", "n_bytes", "raw_text"]
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
def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 without a BOM when every other byte is NUL (ASCII-heavy text)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    for ratio, codec in ((odd_nul, "utf-16-le"), (even_nul, "utf-16-be")):
        if ratio > 0.4:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _cyrillic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum("\u0400" <= c <= "\u04ff" for c in letters) / max(len(letters), 1)


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a file's bytes, returning ``(text, encoding)``.

    Tries, in order: a UTF-8 or UTF-16 byte-order mark, strict UTF-8, UTF-16
    without a mark, then cp1251 (chosen when it yields mostly Cyrillic
    letters) and finally latin-1.

    Raises
    ------
    CorpusError
        For empty or binary content, naming ``name``.
    """
    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{name}: has a UTF-16 mark but does not decode ({exc})") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16"
    if _looks_binary(data):
        raise CorpusError(f"{name}: looks binary (control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_cp1251 = data.decode("cp1251", errors="replace")
    if _cyrillic_share(as_cp1251) > 0.3 and "\ufffd" not in as_cp1251:
        return as_cp1251, "cp1251"
    return data.decode("latin-1"), "latin-1"


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

    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, favor_precision=True,
        with_metadata=True,
    )
    if extracted is None:
        raise CorpusError(f"{name}: no main text found in the HTML")
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = doc.get("text") or ""
    if not text.strip():
        raise CorpusError(f"{name}: no main text found in the HTML")
    meta = {
        "headline": doc.get("title") or "",
        "outlet": doc.get("sitename") or "",
        "date": doc.get("date") or "",
    }
    return text, meta


def read_article(path: Path, max_bytes: int = MAX_BYTES) -> dict:
    """Read one article file into a record (raw text plus format facts).

    Raises
    ------
    CorpusError
        For an unsupported, empty, oversized, binary or text-less file.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{path.name}: unsupported file type {suffix!r}; use {SUPPORTED_SUFFIXES}")
    size = path.stat().st_size
    if size > max_bytes:
        raise CorpusError(f"{path.name}: {size:,} bytes is over the {max_bytes:,}-byte limit")
    data = path.read_bytes()
    text, encoding = decode_bytes(data, path.name)
    record = {"file": path.name, "encoding": encoding, "n_bytes": size, "sha256": hashlib.sha256(data).hexdigest()}
    if suffix in (".html", ".htm"):
        text, meta = html_to_text(text, path.name)
        record.update({"format": "html", **{k: v for k, v in meta.items() if v}})
    elif suffix == ".md":
        record["format"] = "markdown"
        text = markdown_to_text(text)
    else:
        record["format"] = "text"
    if not normalise_text(text).strip():
        raise CorpusError(f"{path.name}: no text left after decoding")
    record["raw_text"] = text
    return record


# ---------------------------------------------------------------- manifest
def _to_flag(value: object) -> object:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return pd.NA


def read_manifest(path: Path) -> pd.DataFrame:
    """Read and validate a manifest CSV.

    The only required column is ``file``; ``doc_id`` defaults to the file name
    without its suffix.  Other known columns are optional.

    Raises
    ------
    ManifestError
        When the file cannot be parsed, lacks ``file``, or repeats an id or
        a file name.
    """
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ManifestError(f"manifest {path.name} cannot be read as CSV: {exc}") from exc
    table.columns = [c.strip() for c in table.columns]
    if "file" not in table.columns:
        raise ManifestError(
            f"manifest {path.name} has no 'file' column (columns: {list(table.columns)})"
        )
    table = table.apply(lambda col: col.str.strip())
    if "doc_id" not in table.columns or (table["doc_id"] == "").all():
        table["doc_id"] = [Path(f).stem for f in table["file"]]
    for column in ("doc_id", "file"):
        repeated = sorted(table.loc[table[column].duplicated(), column])
        if repeated:
            raise ManifestError(f"manifest {path.name}: duplicate {column} values {repeated}")
    if (table["doc_id"] == "").any():
        raise ManifestError(f"manifest {path.name}: empty doc_id on lines {list(table.index[table['doc_id'] == ''] + 2)}")
    return table


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
    warnings.warn(message, CorpusWarning, stacklevel=3)


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
        A folder of ``.txt``, ``.md`` and ``.html`` files; None loads the
        bundled corpus (``data/raw`` with ``data/articles.csv``).
    manifest
        A manifest CSV; default: ``articles.csv`` or ``manifest.csv`` in the
        folder, or its only CSV file.  Without one, metadata are derived from
        the files and a :class:`CorpusWarning` says so.
    clean
        Apply :func:`kzanalysis.clean.clean_corpus` (headline, body, removals).
    errors
        "warn" skips a bad file with a :class:`CorpusWarning` naming it; "raise"
        raises :class:`CorpusError` instead.  Checksum mismatches and broken
        manifests always raise.
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
        cleaned, the columns of :func:`kzanalysis.clean.clean_corpus`.
        ``attrs["load_report"]`` lists every warning (``file``, ``message``).

    Raises
    ------
    CorpusError
        Missing folder, no readable article, or a bad file with ``errors="raise"``.
    ManifestError
        Unreadable manifest, duplicate ids, or a manifest row whose file is
        missing when ``errors="raise"``.
    ChecksumError
        A file whose bytes differ from the manifest's ``sha256``.
    """
    if errors not in {"warn", "raise"}:
        raise ValueError(f"errors must be 'warn' or 'raise', not {errors!r}")
    bundled = path is None
    folder = raw_dir() if bundled else Path(path)
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {folder} does not exist or is not a folder")
    manifest_file = Path(manifest) if manifest is not None else (
        manifest_path() if bundled else _find_manifest(folder)
    )
    report: list[dict] = []
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    ignored = sorted(
        p.name for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() not in SUPPORTED_SUFFIXES + (".csv",) and not p.name.startswith(".")
    )
    for name in ignored:
        _problem(report, "warn", name, f"{name}: ignored, not a {'/'.join(SUPPORTED_SUFFIXES)} file")

    if manifest_file is None:
        table = pd.DataFrame({"file": [p.name for p in files], "doc_id": [p.stem for p in files]})
        _problem(report, "warn", "", f"{folder.name}: no manifest CSV; metadata derived from the files")
    else:
        if not Path(manifest_file).is_file():
            raise ManifestError(f"manifest {manifest_file} does not exist")
        table = read_manifest(Path(manifest_file))
        listed = set(table["file"])
        for p in files:
            if p.name not in listed:
                _problem(report, "warn", p.name, f"{p.name}: not in the manifest; metadata derived from the file")
        unlisted = pd.DataFrame(
            {"file": [p.name for p in files if p.name not in listed],
             "doc_id": [p.stem for p in files if p.name not in listed]}
        )
        clash = sorted(set(unlisted["doc_id"]) & set(table["doc_id"]))
        if clash:
            raise ManifestError(f"files {clash} would reuse manifest doc_ids; rename them or list them")
        table = pd.concat([table, unlisted], ignore_index=True)

    records = []
    for row in table.to_dict("records"):
        file_path = folder / row["file"]
        if not file_path.is_file():
            _problem(report, errors, row["file"], f"{row['file']}: listed in the manifest but missing", ManifestError)
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
        merged = {**{k: v for k, v in record.items() if k != "sha256"}, "sha256": record["sha256"]}
        for key, value in row.items():
            if value not in ("", None) or key not in merged:
                merged[key] = value
        records.append(merged)
    if not records:
        raise CorpusError(f"{folder}: no readable article (see the warnings above)")
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
    corpus.attrs["source"] = "bundled" if bundled else str(folder)
    return corpus


def load_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """The warnings recorded while loading, as a table (``file``, ``message``)."""
    return pd.DataFrame(corpus.attrs.get("load_report", []), columns=["file", "message"])
