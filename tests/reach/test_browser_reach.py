"""Issue 17 as people walk it, in a real Chromium: Omar imports his LinkedIn connections and shares
his reach with the group; Lena sees a warm path to Acme Health (Omar worked there and knows people
there), asks Omar for a warm introduction, Omar says yes with whom he will connect her, and Lena
reads his yes."""

from __future__ import annotations

from typing import Any

from tests.browser import ADMIN_PASSWORD, LiveServer, serious_violations, sign_in, wait_for_email
from tests.contacts.helpers import linkedin_export

NOTE = "Priya Raman, who runs HR operations there. I will email you both on Monday."


async def _as(browser: Any, live_server: LiveServer, email: str) -> tuple[Any, Any]:
    context = await browser.new_context(base_url=live_server.url)
    page = await context.new_page()
    await sign_in(page, email, ADMIN_PASSWORD)
    return context, page


CONNECTIONS = linkedin_export(
    'Priya,Raman,https://www.linkedin.com/in/priya-raman,,"Acme Health, Inc.",HR operations lead,02 Dec 2026',
    "Sam,Ortiz,https://www.linkedin.com/in/sam-ortiz,sam@example.com,Acme Health,Recruiter,14 Nov 2025",
    "Kim,Lee,https://www.linkedin.com/in/kim-lee,,Northwind,Analyst,01 Jan 2024",
)


async def test_a_warm_path_an_ask_and_a_yes(browser: Any, live_server: LiveServer) -> None:
    # Omar brings his LinkedIn connections, checks the file first, imports it, and shares his reach.
    omar_context, omar = await _as(browser, live_server, "omar@example.org")
    await omar.goto("/me/contacts/import")
    connections = {"name": "Connections.csv", "mimeType": "text/csv", "buffer": CONNECTIONS}
    await omar.get_by_label("Your file").set_input_files(connections)
    await omar.get_by_role("button", name="Check the file first").click()
    assert "3 new" in await omar.locator("main").inner_text()
    await omar.get_by_label("Your file").set_input_files(connections)
    await omar.get_by_role("button", name="Import", exact=True).click()
    await omar.goto("/me/contacts")
    assert "Priya Raman" in await omar.locator("main").inner_text()
    problems = await serious_violations(omar)
    await omar.goto("/me/reach")
    await omar.get_by_role("button", name="Share with Tuesday HR Circle").click()
    assert "Stop sharing with Tuesday HR Circle" in await omar.locator("main").inner_text()
    await omar_context.close()

    lena_context, lena = await _as(browser, live_server, "lena@example.org")
    await lena.goto("/me/reach")
    company = lena.locator(".reach-company").filter(has_text="Acme Health")
    path = company.locator("li").filter(has_text="Omar Haddad")
    await (
        path.filter(has_text="Worked at Acme Health 2012–2024").filter(has_text="Knows 2 people there").first.wait_for()
    )
    assert "Priya" not in await lena.locator("main").inner_text(), "never the contacts' names"
    problems += await serious_violations(lena)
    await company.get_by_role("link", name="Ask Omar Haddad for a warm introduction").click()
    await lena.wait_for_url("**/me/reach/ask?*")
    problems += await serious_violations(lena)
    await lena.get_by_label("Your message to Omar Haddad").fill(
        "I am applying for an HR operations role at Acme Health; 20 minutes with someone on the team would help."
    )
    await lena.get_by_role("button", name="Send my request").click()
    await lena.wait_for_url("**/me/reach/requests/*")
    assert "Waiting for Omar Haddad" in await lena.locator("main").inner_text()
    await lena_context.close()

    omar_context, omar = await _as(browser, live_server, "omar@example.org")
    asked = await wait_for_email(live_server, omar, "omar@example.org", "asks you for a warm introduction")
    assert "Lena Fischer" in asked and "HR operations role" in asked
    await omar.goto("/me/reach/requests")
    await omar.get_by_role("link", name="Lena Fischer").first.click()
    problems += await serious_violations(omar)
    await omar.get_by_label("Yes, I will connect them").check()
    await omar.get_by_label("Whom you will connect them with, and how").fill(NOTE)
    await omar.get_by_role("button", name="Send my answer").click()
    await omar.wait_for_url("**/me/reach/requests")
    assert "You said yes" in await omar.locator("main").inner_text()
    await omar_context.close()

    lena_context, lena = await _as(browser, live_server, "lena@example.org")
    told = await wait_for_email(live_server, lena, "lena@example.org", "will connect you with someone at Acme Health")
    assert NOTE in told
    await lena.goto("/me/reach/requests")
    assert "Omar Haddad said yes" in await lena.locator("main").inner_text()
    await lena.get_by_role("link", name="Omar Haddad").first.click()
    assert NOTE in await lena.locator("main").inner_text()
    await lena_context.close()

    # The other browser tests find Omar as they left him: not sharing.
    omar_context, omar = await _as(browser, live_server, "omar@example.org")
    await omar.goto("/me/reach")
    await omar.get_by_role("button", name="Stop sharing with Tuesday HR Circle").click()
    await omar_context.close()
    assert not problems, "\n".join(problems)
