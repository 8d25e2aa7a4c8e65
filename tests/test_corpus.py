"""Loading: the bundled corpus, user folders, encodings, bad files, manifests, checksums.

Bad inputs are generated in ``tmp_path``; ``data/raw`` is only ever copied.
"""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

import kzanalysis as kz
from kzanalysis.config import manifest_path, raw_dir
from kzanalysis.corpus import CORPUS_COLUMNS, decode_bytes, read_manifest

RUSSIAN = "Президент Казахстана Касым-Жомарт Токаев заявил, что отношения с Россией остаются стабильными."
FRENCH = "Le président kazakh a déclaré à Genève que l'économie régionale était forte."
ENGLISH = "Kazakh President Kassym-Jomart Tokayev met Vladimir Putin in Moscow on Tuesday."


def write(folder, name, data: bytes | str):
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def load_quietly(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", kz.CorpusWarning)
        return kz.load_corpus(*args, **kwargs)


# ------------------------------------------------------------- bundled corpus
def test_bundled_corpus_has_one_row_per_manifest_entry(corpus):
    manifest = pd.read_csv(manifest_path(), dtype=str)
    assert list(corpus["doc_id"]) == sorted(manifest["doc_id"])
    assert set(CORPUS_COLUMNS) <= set(corpus.columns)
    for column in ("headline", "body", "text", "removed", "n_words", "n_paragraphs", "boilerplate_share"):
        assert column in corpus.columns
    assert kz.load_report(corpus).empty, "the bundled corpus loads without warnings"


def test_bundled_corpus_keeps_raw_text_and_provenance(corpus):
    row = corpus.set_index("doc_id").loc["004"]
    assert row["raw_text"].startswith("The presidential elections in Kazakhstan")
    assert bool(row["synonym_spun"]) is True
    assert bool(corpus.set_index("doc_id").loc["002", "translated"]) is False
    assert str(corpus["translated"].dtype) == "boolean"
    # the manifest leaves unknown outlets empty rather than guessing
    assert corpus.set_index("doc_id").loc["002", "outlet"] == ""


def test_headline_is_kept_apart_from_body(corpus):
    row = corpus.set_index("doc_id").loc["003"]
    assert row["headline"] == "War in Ukraine strains ties between Kazakhstan and Russia"
    assert not row["body"].startswith(row["headline"])
    assert row["text"].startswith(row["headline"] + "\n\n")


# ------------------------------------------------------------------ encodings
@pytest.mark.parametrize(
    ("data", "expected_text", "expected_encoding"),
    [
        (ENGLISH.encode("utf-8"), ENGLISH, "utf-8"),
        (b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"), RUSSIAN, "utf-8-sig"),
        (RUSSIAN.encode("utf-16"), RUSSIAN, "utf-16"),  # with BOM
        (RUSSIAN.encode("utf-16-le"), RUSSIAN, "utf-16-le"),  # without BOM
        (ENGLISH.encode("utf-16-be"), ENGLISH, "utf-16-be"),  # without BOM
        (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
        (FRENCH.encode("latin-1"), FRENCH, "latin-1"),
        ("Die Straße in Köln war schön.".encode("latin-1"), "Die Straße in Köln war schön.", "latin-1"),
        ("He said “no” – the café was shut.".encode("cp1252"), "He said “no” – the café was shut.", "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "utf16be-nobom", "cp1251", "latin1-fr", "latin1-de", "cp1252"],
)
def test_each_encoding_is_decoded(data, expected_text, expected_encoding):
    assert decode_bytes(data, "x.txt") == (expected_text, expected_encoding)


def test_latin1_is_not_read_as_cp1251_and_vice_versa():
    # mostly English with a little Russian: Cyrillic must still win
    mixed = ("Tokayev spoke to reporters in Astana. " * 8 + "Он сказал: «Мы уважаем целостность государств».").encode("cp1251")
    text, encoding = decode_bytes(mixed, "mixed.txt")
    assert encoding == "cp1251" and "Мы уважаем" in text
    # accented Western text: latin-1 must win even though cp1251 would decode it
    text, encoding = decode_bytes("naïve café résumé à Genève".encode("latin-1"), "fr.txt")
    assert encoding == "latin-1" and "Genève" in text


def test_user_folder_with_mixed_encodings_loads(tmp_path):
    write(tmp_path, "a_utf8.txt", "Headline one\n\n" + ENGLISH)
    write(tmp_path, "b_bom.txt", b"\xef\xbb\xbf" + ("Headline two\n\n" + ENGLISH).encode())
    write(tmp_path, "c_utf16.txt", ("Заголовок\n\n" + RUSSIAN).encode("utf-16"))
    write(tmp_path, "d_cp1251.txt", ("Заголовок\n\n" + RUSSIAN).encode("cp1251"))
    write(tmp_path, "e_latin1.md", ("# Titre\n\n" + FRENCH).encode("latin-1"))
    corpus = load_quietly(tmp_path)
    by_file = corpus.set_index("file")
    assert list(by_file["encoding"]) == ["utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1"]
    assert by_file.loc["d_cp1251.txt", "body"] == RUSSIAN
    assert by_file.loc["c_utf16.txt", "body"] == RUSSIAN
    assert by_file.loc["e_latin1.md", "headline"] == "Titre"
    assert by_file.loc["b_bom.txt", "headline"] == "Headline two"  # the BOM is not part of the text
    report = kz.load_report(corpus)
    assert "d_cp1251.txt: decoded as cp1251" in set(report["message"])


# ------------------------------------------------------------------ bad files
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("blank.txt", b"  \n\n\t ", "blank.txt: the file is empty"),
        ("bom_only.txt", b"\xef\xbb\xbf", "bom_only.txt: the file is empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "image.txt: looks binary"),
        ("zeros.txt", b"\x00" * 512, "zeros.txt: looks binary"),
        ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 64 + b"text", "controls.txt: looks binary"),
        ("bad_bom.txt", b"\xef\xbb\xbfHello \xff\xfe world", "bad_bom.txt: starts with a utf-8-sig byte-order mark"),
    ],
)
def test_bad_file_is_rejected_with_its_name(tmp_path, name, data, message):
    write(tmp_path, "good.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, name, data)
    with pytest.warns(kz.CorpusWarning, match=message.replace(".", r"\.")):
        corpus = kz.load_corpus(tmp_path)
    assert list(corpus["file"]) == ["good.txt"]
    assert any(m.startswith(message) for m in kz.load_report(corpus)["message"])
    with pytest.raises(kz.CorpusError, match=name.replace(".", r"\.")):
        load_quietly(tmp_path, errors="raise")


def test_oversized_file_is_rejected(tmp_path):
    write(tmp_path, "good.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, "huge.txt", ("Tokayev said. " * 200).encode())
    with pytest.warns(kz.CorpusWarning, match=r"huge\.txt: 2,800 bytes is over the 1,000-byte limit"):
        corpus = kz.load_corpus(tmp_path, max_bytes=1_000)
    assert list(corpus["file"]) == ["good.txt"]


def test_only_bad_files_is_an_error_naming_the_folder(tmp_path):
    write(tmp_path, "empty.txt", b"")
    with pytest.raises(kz.CorpusError, match="no readable article"):
        load_quietly(tmp_path)


def test_unsupported_files_are_reported_not_read(tmp_path):
    write(tmp_path, "a.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, "notes.docx", b"PK\x03\x04")
    with pytest.warns(kz.CorpusWarning, match=r"notes\.docx: ignored"):
        corpus = kz.load_corpus(tmp_path)
    assert list(corpus["file"]) == ["a.txt"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(kz.CorpusError, match="does not exist"):
        kz.load_corpus(tmp_path / "nowhere")


def test_a_single_file_can_be_loaded(tmp_path):
    path = write(tmp_path, "one.txt", "A headline\n\n" + ENGLISH)
    corpus = load_quietly(path)
    assert list(corpus["doc_id"]) == ["one"] and corpus["headline"].iloc[0] == "A headline"


# ----------------------------------------------------------------------- HTML
PAGE = """<!DOCTYPE html><html><head><title>Summit in Astana | Steppe Wire</title>
<meta property="og:site_name" content="Steppe Wire">
<meta property="article:published_time" content="2024-03-05T09:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/login">Subscribe and log in</a></li></ul></nav>
<div class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Celebrity gossip roundup</a></li></ul></div>
<article><h1>Summit in Astana</h1>
<p>Leaders of the Central Asian states met in Astana on Friday to discuss regional trade and new transport links, officials said.</p>
<p>President Kassym-Jomart Tokayev told the delegates that Kazakhstan wants closer ties with all of its neighbours, including Russia and China.</p>
<p>The European Union sent its special envoy, who promised funding for the Trans-Caspian route across the region.</p>
</article><footer><p>Copyright 2024 Steppe Wire. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer></body></html>"""


def test_html_keeps_main_text_and_drops_navigation(tmp_path):
    write(tmp_path, "summit.html", PAGE)
    corpus = load_quietly(tmp_path)
    row = corpus.iloc[0]
    assert row["format"] == "html"
    assert "President Kassym-Jomart Tokayev told the delegates" in row["body"]
    assert "Trans-Caspian route" in row["body"]
    for chrome in ("World news menu", "Subscribe and log in", "Celebrity gossip", "Privacy policy"):
        assert chrome not in row["raw_text"]
    assert row["headline"] == "Summit in Astana"
    assert row["outlet"] == "Steppe Wire"
    assert row["date"] == "2024-03-05" and row["date_precision"] == "day"


def test_html_without_text_is_rejected(tmp_path):
    write(tmp_path, "good.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, "shell.html", "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.warns(kz.CorpusWarning, match=r"shell\.html: no main text"):
        kz.load_corpus(tmp_path)


# ------------------------------------------------------------------ manifests
def test_missing_manifest_warns_and_derives_metadata(tmp_path):
    write(tmp_path, "story.txt", "A headline\n\n" + ENGLISH)
    with pytest.warns(kz.CorpusWarning, match="no manifest CSV; metadata derived from the files"):
        corpus = kz.load_corpus(tmp_path)
    assert corpus.loc[0, "doc_id"] == "story" and corpus.loc[0, "outlet"] == ""


def test_files_sharing_a_stem_without_manifest_is_an_error(tmp_path):
    write(tmp_path, "story.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, "story.md", "# Another\n\n" + ENGLISH)
    with pytest.raises(kz.ManifestError, match="would share the doc_id"):
        load_quietly(tmp_path)


def test_manifest_rows_without_files_and_files_without_rows_are_reported(tmp_path):
    write(tmp_path, "listed.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, "unlisted.txt", "Another headline\n\n" + ENGLISH)
    write(tmp_path, "articles.csv", "doc_id,file,outlet\nd1,listed.txt,Steppe Wire\nd2,gone.txt,Lost Outlet\n")
    with pytest.warns(kz.CorpusWarning) as caught:
        corpus = kz.load_corpus(tmp_path)
    messages = [str(w.message) for w in caught]
    assert any("gone.txt: listed in the manifest but missing" in m for m in messages)
    assert any("unlisted.txt: not in the manifest" in m for m in messages)
    assert list(corpus["doc_id"]) == ["d1", "unlisted"]
    assert corpus.set_index("doc_id").loc["d1", "outlet"] == "Steppe Wire"
    assert len(kz.load_report(corpus)) == 2
    with pytest.raises(kz.ManifestError, match=r"gone\.txt"):
        load_quietly(tmp_path, errors="raise")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'doc_id,file\n"d1,a.txt\nd2,b.txt\n', "cannot be read as CSV"),
        (b"doc_id,file\nd1,a.txt,extra,fields\nd2\n", "cannot be read as CSV"),
        (b"", "the file is empty"),
        (b"\x00\x01\x02\x03" * 64, "looks binary"),
        (b"doc_id,path\nd1,a.txt\n", "has no 'file' column"),
        (b"doc_id,file\nd1,a.txt\nd1,b.txt\n", r"duplicate doc_id values \['d1'\] on lines \[2, 3\]"),
        (b"doc_id,file\nd1,a.txt\nd2,a.txt\n", "duplicate file values"),
        (b"doc_id,file\nd1,\n", r"empty 'file' on lines \[2\]"),
        (b"doc_id,file,sha256\nd1,a.txt,abc123\n", "sha256 is not 64 hexadecimal digits"),
    ],
    ids=["unbalanced-quote", "ragged", "empty", "binary", "no-file-column", "duplicate-id", "duplicate-file", "empty-file", "bad-sha"],
)
def test_broken_manifest_is_a_clear_error(tmp_path, content, message):
    write(tmp_path, "a.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, "b.txt", "B headline\n\n" + ENGLISH)
    write(tmp_path, "articles.csv", content)
    with pytest.raises(kz.ManifestError, match=message) as info:
        load_quietly(tmp_path)
    assert "articles.csv" in str(info.value)
    assert "Traceback" not in str(info.value) and "pandas" not in str(info.value)


def test_semicolon_manifest_with_capitalised_columns_is_read(tmp_path):
    write(tmp_path, "a.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, "articles.csv", "Doc_ID;File;Outlet\nd1;a.txt;Steppe Wire\n".encode("cp1252"))
    corpus = load_quietly(tmp_path)
    assert corpus.loc[0, "doc_id"] == "d1" and corpus.loc[0, "outlet"] == "Steppe Wire"


def test_explicit_missing_manifest_is_an_error(tmp_path):
    write(tmp_path, "a.txt", "A headline\n\n" + ENGLISH)
    with pytest.raises(kz.ManifestError, match="does not exist"):
        kz.load_corpus(tmp_path, manifest=tmp_path / "nope.csv")


def test_unlisted_file_reusing_a_manifest_id_is_an_error(tmp_path):
    write(tmp_path, "a.txt", "A headline\n\n" + ENGLISH)
    write(tmp_path, "b.txt", "B headline\n\n" + ENGLISH)
    write(tmp_path, "articles.csv", "doc_id,file\nb,a.txt\n")
    with pytest.raises(kz.ManifestError, match="would reuse its doc_ids"):
        load_quietly(tmp_path)


def test_read_manifest_defaults_doc_id_to_the_file_stem(tmp_path):
    path = write(tmp_path, "m.csv", "file,outlet\nx.txt,A\ny.md,B\n")
    assert list(read_manifest(path)["doc_id"]) == ["x", "y"]


# ------------------------------------------------------------------ checksums
def copy_bundled(tmp_path):
    target = tmp_path / "raw"
    shutil.copytree(raw_dir(), target)
    manifest = tmp_path / "articles.csv"
    shutil.copyfile(manifest_path(), manifest)
    return target, manifest


def test_unchanged_copy_passes_the_checksums(tmp_path):
    folder, manifest = copy_bundled(tmp_path)
    corpus = kz.load_corpus(folder, manifest=manifest)
    assert len(corpus) == 5 and kz.load_report(corpus).empty


def test_changed_raw_file_is_refused_naming_it(tmp_path):
    folder, manifest = copy_bundled(tmp_path)
    target = sorted(folder.glob("002_*.txt"))[0]
    data = bytearray(target.read_bytes())
    data[100] = ord("X") if data[100] != ord("X") else ord("Y")  # change one byte
    target.write_bytes(bytes(data))
    with pytest.raises(kz.ChecksumError, match=target.name):
        kz.load_corpus(folder, manifest=manifest)
    with pytest.raises(kz.ChecksumError):  # refused even when bad files are only warned about
        kz.load_corpus(folder, manifest=manifest, errors="warn")


def test_bundled_raw_files_match_the_manifest():
    manifest = pd.read_csv(manifest_path(), dtype=str)
    from kzanalysis.corpus import sha256_of

    for row in manifest.itertuples():
        assert sha256_of(raw_dir() / row.file) == row.sha256, row.file


def test_errors_argument_is_checked():
    with pytest.raises(ValueError, match="errors must be 'warn' or 'raise'"):
        kz.load_corpus(errors="ignore")


def test_html_saved_as_txt_is_read_as_html_and_reported(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Astana and Moscow</title></head><body>"
        "<nav>Home | News | Contact</nav><article><h1>Astana and Moscow</h1>"
        "<p>Kazakhstan's trade with Russia fell last year, according to customs data published on Monday.</p>"
        "<p>President Tokayev welcomed new partners in Europe and Asia during a visit to the capital.</p>"
        "</article><footer>All rights reserved.</footer></body></html>"
    )
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    with pytest.warns(kz.CorpusWarning, match="no manifest"):
        corpus = kz.load_corpus(tmp_path)
    row = corpus.iloc[0]
    assert row["format"] == "html"
    assert "<" not in row["raw_text"] and "Home | News" not in row["body"]
    assert "trade with Russia" in row["body"]
    assert any("HTML content in a .txt file" in m for m in kz.load_report(corpus)["message"])


@pytest.mark.parametrize("column", ["raw_text", "n_bytes", "body", "encoding"])
def test_manifest_may_not_set_computed_columns(tmp_path, column):
    (tmp_path / "a.txt").write_text("A headline\n\nRussia and Kazakhstan signed a deal.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(f"file,{column}\na.txt,oops\n", encoding="utf-8")
    with pytest.raises(kz.ManifestError, match=rf"\['{column}'\] are computed"):
        kz.load_corpus(tmp_path)
