"""The field parser on text lines as Tesseract gives them (no pictures, no Tesseract)."""

from __future__ import annotations

from followup_gui.services.contacts.scan.fields import LOW_CONFIDENCE, parse_lines
from followup_gui.services.contacts.scan.ocr import TextLine, fuse, parse_words


def lines(*rows: tuple[str, float] | str) -> list[TextLine]:
    out = []
    for i, row in enumerate(rows):
        text, height = (row, 24.0) if isinstance(row, str) else row
        out.append(TextLine(text, 0.93, height, 40 + 60 * i, 80))
    return out


def test_the_largest_name_like_line_is_the_name_and_a_legal_form_the_company():
    f = parse_lines(
        lines(
            ("Nordlicht Energie GmbH", 36.0),
            ("Anke Voß", 54.0),
            "Projektleiterin",
            "Tel. +49 40 3789 1200",
            "E-Mail: anke.voss@nordlicht-energie.de",
            "www.nordlicht-energie.de",
            "Am Sandtorkai 50",
            "20457 Hamburg",
        )
    )
    assert f.name.value == "Anke Voß"
    assert f.company.value == "Nordlicht Energie GmbH"
    assert f.title.value == "Projektleiterin"
    assert f.address.value == "Am Sandtorkai 50\n20457 Hamburg"
    assert f.website.value == "https://www.nordlicht-energie.de"
    assert f.website.confidence > 0.85  # the site's domain is the email's


def test_a_colon_read_for_a_hyphen_in_an_email_is_corrected_only_when_it_then_validates():
    f = parse_lines(lines("Anna Schmidt", "E-Mail: anna:schmidt@acme.de", "mail: not:an:email"))
    assert [e.value for e in f.emails] == ["anna-schmidt@acme.de"]
    assert f.emails[0].confidence < 0.93  # corrected: less sure than read


def test_a_euro_sign_read_for_an_e_is_corrected():
    f = parse_lines(lines("Pedro Gil", "p€dro.gil@gil-asociados.es"))
    assert [e.value for e in f.emails] == ["pedro.gil@gil-asociados.es"]


def test_an_at_sign_read_as_O_on_an_email_line_is_corrected():
    f = parse_lines(lines("Ana Núñez", "E-Mail: anunez Otecandinas.es", "www.tecandinas.es"))
    assert [e.value for e in f.emails] == ["anunez@tecandinas.es"]
    assert f.website.value == "https://www.tecandinas.es"


def test_numbers_without_plus_take_the_country_code_printed_on_the_card():
    f = parse_lines(lines("Max Weber", "Tel. +49 30 901820", "Mobil 0151 23456789"), region="US")
    assert [p.value for p in f.phones] == ["+49 30 901820", "+49 1512 3456789"]


def test_then_the_domains_country():
    f = parse_lines(lines("Ana Gil", "ana@gil.es", "Tel. 912 345 678"), region="US")
    assert [p.value for p in f.phones] == ["+34 912 34 56 78"]


def test_then_the_users_region():
    f = parse_lines(lines("Dana Lee", "dana@example.com", "(212) 555-0147"), region="US")
    assert [p.value for p in f.phones] == ["+1 212-555-0147"]
    f = parse_lines(lines("Dana Lee", "dana@example.com", "(212) 555-0147"), region=None)
    assert f.phones == ()  # no country anywhere: not guessed


def test_fax_numbers_are_not_phones():
    f = parse_lines(lines("Dana Lee", "Fax: +1 212 555 0199", "Tel: +1 212 555 0147"))
    assert [p.value for p in f.phones] == ["+1 212-555-0147"]


def test_an_unsure_reading_is_marked_low_confidence():
    f = parse_lines(
        [TextLine("Dana Lee", 0.42, 50, 40, 80), TextLine("dana@lee.com", 0.9, 20, 120, 80)]
    )
    assert f.name.confidence < LOW_CONFIDENCE
    assert f.low_confidence() == ["name"]


def test_fusing_two_readings_keeps_accents_and_the_surer_word():
    eng = parse_words(
        "level\tpage\tblock\tpar\tline\tword\tleft\ttop\twidth\theight\tconf\ttext\n"
        "5\t1\t1\t1\t1\t1\t10\t10\t100\t40\t88\tJurgen\n"
        "5\t1\t1\t1\t1\t2\t120\t10\t200\t40\t96\tFriedrichstraße\n"
    )
    deu = parse_words(
        "level\tpage\tblock\tpar\tline\tword\tleft\ttop\twidth\theight\tconf\ttext\n"
        "5\t1\t1\t1\t1\t1\t10\t8\t100\t42\t85\tJürgen\n"
        "5\t1\t1\t1\t1\t2\t120\t10\t200\t40\t89\tFriedrichstrafe\n"
    )
    assert [w.text for w in fuse(deu, eng)] == ["Jürgen", "Friedrichstraße"]
    assert [w.text for w in fuse(eng, deu)] == ["Jürgen", "Friedrichstraße"]


def test_a_word_one_reading_split_in_two_is_taken_whole_when_surer():
    header = "level\tpage\tblock\tpar\tline\tword\tleft\ttop\twidth\theight\tconf\ttext\n"
    spa = parse_words(header + "5\t1\t4\t2\t1\t1\t172\t437\t246\t21\t80.9\tanunezOtecandinas.es\n")
    eng = parse_words(
        header
        + "5\t1\t4\t2\t1\t1\t176\t444\t71\t14\t87.3\tanunez\n"
        + "5\t1\t4\t2\t1\t2\t257\t433\t161\t35\t87.3\t@tecandinas.es\n"
    )
    fused = fuse(spa, eng)
    assert [w.text for w in fused] == ["anunez @tecandinas.es"]
    f = parse_lines([TextLine("E-Mail: " + fused[0].text, 0.87, 21, 437, 80)])
    assert [e.value for e in f.emails] == ["anunez@tecandinas.es"]
