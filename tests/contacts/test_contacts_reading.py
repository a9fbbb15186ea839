"""Reading contacts files, without a database: LinkedIn's real export, vCards, plain CSV, bad rows."""

from __future__ import annotations

from datetime import date

import pytest

from app.contacts import reading, vcards
from app.contacts.models import ContactSource
from app.contacts.reading import read_contacts
from app.errors import InvalidInput
from tests.contacts.helpers import linkedin_export


def test_linkedin_export_with_its_notes_and_bom() -> None:
    data = linkedin_export(
        'Ana,Castillo,https://www.linkedin.com/in/ana-castillo,,"Acme Health, Inc.",People Lead,02 Dec 2026',
        "Ben,Okafor,https://www.linkedin.com/in/ben-okafor,ben@example.com,Northwind,CTO,15 Jan 2019",
    )
    assert data.startswith(b"\xef\xbb\xbfNotes:")
    found = read_contacts(data, "Connections.csv")
    assert found.source == ContactSource.linkedin
    assert found.problems == []
    ana, ben = found.contacts
    assert (ana.row, ana.first_name, ana.last_name, ana.email) == (5, "Ana", "Castillo", None)
    assert ana.company_label == "Acme Health, Inc." and ana.position == "People Lead"
    assert ana.profile_url == "https://www.linkedin.com/in/ana-castillo"
    assert ana.connected_on == date(2026, 12, 2)
    assert (ben.row, ben.email, ben.connected_on) == (6, "ben@example.com", date(2019, 1, 15))


def test_bad_rows_are_reported_with_their_row_numbers_and_the_rest_is_read() -> None:
    found = read_contacts(
        linkedin_export(
            "Ana,Castillo,https://www.linkedin.com/in/ana,,Acme,Lead,02 Dec 2026",
            ",,https://www.linkedin.com/in/nobody,,Acme,,02 Dec 2026",
            "Ben,Okafor,https://www.linkedin.com/in/ben,not-an-email,Acme,,02 Dec 2026",
            "Chloe,Martin,https://www.linkedin.com/in/chloe,,Acme,,31 Foo 2026",
            "Dev,Patel,https://www.linkedin.com/in/dev,,Acme,,",
        )
    )
    assert [contact.first_name for contact in found.contacts] == ["Ana", "Dev"]
    assert [problem.message for problem in found.problems] == [
        "Row 6: no name.",
        "Row 7: “not-an-email” is not an email address.",
        "Row 8: “31 Foo 2026” is not a date like 02 Dec 2026 or 2026-12-02.",
    ]


def test_a_vcard_file_with_folded_lines_and_several_cards() -> None:
    vcf = (
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "N:Castillo;Ana;;;\r\n"
        "FN:Ana Castillo\r\n"
        "EMAIL;TYPE=INTERNET:ana.castillo@exam\r\n"
        " ple.com\r\n"
        "ORG:Acme Health\\, Inc.;Human Resources\r\n"
        "TITLE:People Lead for the North\r\n"
        "\t American region\r\n"  # the fold's tab goes, the space is the text's
        "URL:https://www.linkedin.com/in/ana-castillo\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\n"
        "VERSION:4.0\r\n"
        "FN:Ben Okafor\r\n"
        "ORG:Northwind\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\n"
        "VERSION:4.0\r\n"
        "EMAIL:someone@example.com\r\n"
        "END:VCARD\r\n"
    )
    found = read_contacts(vcf.encode(), "contacts.vcf")
    assert found.source == ContactSource.vcard
    ana, ben = found.contacts
    assert (ana.first_name, ana.last_name, ana.email) == ("Ana", "Castillo", "ana.castillo@example.com")
    assert ana.company_label == "Acme Health, Inc." and ana.position == "People Lead for the North American region"
    assert ana.profile_url == "https://www.linkedin.com/in/ana-castillo"
    assert (ben.row, ben.first_name, ben.last_name, ben.company_label, ben.email) == (
        2,
        "Ben",
        "Okafor",
        "Northwind",
        None,
    )
    assert [problem.message for problem in found.problems] == ["Card 3: no name."]


def test_unfolding_follows_rfc_6350() -> None:
    assert vcards.unfold("NOTE:one\r\n two\r\n\tthree\r\nFN:x") == ["NOTE:onetwothree", "FN:x"]


def test_a_plain_csv_with_a_name_column_and_a_title() -> None:
    found = read_contacts(
        b"Name;E-mail;Company;Title;Birthday\nAna Maria Castillo;ana@example.com;Acme;Lead;May 1\n", "mine.csv"
    )
    assert found.source == ContactSource.csv and found.ignored_columns == ["Birthday"]
    [ana] = found.contacts
    assert (ana.first_name, ana.last_name, ana.email, ana.company_label, ana.position) == (
        "Ana Maria",
        "Castillo",
        "ana@example.com",
        "Acme",
        "Lead",
    )


def test_a_csv_without_a_name_column_says_which_columns_are_needed() -> None:
    with pytest.raises(InvalidInput) as raised:
        read_contacts(b"who,where\nAna,Acme\n", "mine.csv")
    assert "“First Name” and “Last Name” (or one “Name” column)" in raised.value.detail
    assert "“who”, “where”" in raised.value.detail


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "This file is empty."),
        (b"  \n\n", "This file is empty."),
        (b"PK\x03\x04rest of a zip", "spreadsheet file, not a CSV"),
        ("name\nJosé\n".encode("latin-1"), "not saved as UTF-8"),
        (b"name\nAna\x00\n", "not a text file"),
        (b"name,email\n", "no contacts in it"),
    ],
)
def test_files_that_cannot_be_read_are_explained(data: bytes, words: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        read_contacts(data, "file.csv")
    assert words in raised.value.detail
    assert raised.value.field_errors == {"file": raised.value.detail}


def test_limits_of_size_and_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidInput, match="files can be at most 10 MB"):
        read_contacts(b"name\n" + b"x" * reading.MAX_FILE_BYTES, "big.csv")
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    with pytest.raises(InvalidInput, match="more than 3 contacts"):
        read_contacts(b"name\nA\nB\nC\nD\n", "many.csv")
    assert len(read_contacts(b"name\nA\nB\nC\n", "three.csv").contacts) == 3


def test_utf16_files_from_spreadsheets_are_read() -> None:
    found = read_contacts("name,company\nJosé Núñez,Acme\n".encode("utf-16"), "outlook.csv")
    assert [(c.first_name, c.last_name) for c in found.contacts] == [("José", "Núñez")]


def test_a_vcard_2_1_with_quoted_printable_values_and_escapes() -> None:
    vcf = (
        "BEGIN:VCARD\r\n"
        "VERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:N=C3=BA=C3=B1ez;Jos=C3=A9;;;\r\n"
        "ORG;QUOTED-PRINTABLE:Caf=C3=A9 =\r\n"
        "Co\r\n"
        "item1.URL:https\\://www.linkedin.com/in/jose\r\n"
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\n"
        "END:VCARD\r\n"
    )
    [jose] = read_contacts(vcf.encode(), "phone.vcf").contacts
    assert (jose.first_name, jose.last_name, jose.company_label) == ("José", "Núñez", "Café Co")
    assert jose.profile_url == "https://www.linkedin.com/in/jose"


def test_a_card_with_a_line_that_cannot_be_read_is_a_problem_of_that_card() -> None:
    vcf = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Castillo\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nno colon here\nEND:VCARD\n"
    found = read_contacts(vcf.encode(), "contacts.vcf")
    assert [contact.first_name for contact in found.contacts] == ["Ana"]
    assert [problem.message for problem in found.problems] == ["Card 2: a line in it cannot be read."]
