"""Contacts files as people bring them: LinkedIn's export (with its notes and BOM), vCards, CSV."""

from __future__ import annotations

LINKEDIN_NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    "only see email addresses for connections who have allowed their connections to see or download their email "
    "address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def linkedin_export(*rows: str) -> bytes:
    """Connections.csv as LinkedIn sends it: a BOM, three lines of notes, the header (row 4), then rows
    (the first on row 5)."""
    return ("\ufeff" + LINKEDIN_NOTES + LINKEDIN_HEADER + "".join(row + "\r\n" for row in rows)).encode()


def many_connections(count: int, company: str = "Acme Health, Inc.") -> bytes:
    return linkedin_export(
        *(
            f'Person{n},Number{n},https://www.linkedin.com/in/person-{n},,"{company}",Analyst {n % 7},02 Dec 2026'
            for n in range(count)
        )
    )
