"""Who may use each route of the app: the one place that says it, for tests/test_authorization.py.

Every route (HTML and API) is listed by method and path template, with the set of roles allowed to
use it; every other role must be refused. The roles are people and tokens of a seeded database with
two groups, A and B; the route's path parameters point at A's things (its slug, its meeting, its
introductions, a landing of member_a's, a webhook endpoint of A's...).

A route that is not here, or an entry that is no longer a route, fails the suite: a new route needs
its line, which says who may use it.

Conventions the table follows (from the code, app/groups/service.py and app/deps.py):
- Pages use the session cookie only: API tokens are ignored there (a token holder is a visitor).
  The API uses the Bearer token only: cookies are ignored there (a browser is refused with a 401).
- Facilitators are members too. Administrators are not members of a group they do not belong to:
  they create groups and appoint facilitators, and see a group's people only if they join it.
- Refused means 401, 403 or 404 (outsiders get 404: to them a group's people do not exist), or a
  303 to /login for a visitor on a page that needs a sign-in.
"""

from __future__ import annotations

# --- roles ------------------------------------------------------------------------------------

# Browsers (a session cookie, or none).
VISITOR = "visitor"  # nobody signed in
MEMBER_A = "member_a"  # active member of group A
MEMBER_B = "member_b"  # active member of group B only
FACILITATOR_A = "facilitator_a"  # facilitator of group A
FACILITATOR_B = "facilitator_b"  # facilitator of group B only
ADMIN = "admin"  # an administrator, member of neither group

# API tokens. The first three are facilitator_a's, so that what differs between them is the scope.
READ_TOKEN = "read_token"  # facilitator_a, scope read
WRITE_TOKEN = "write_token"  # facilitator_a, scope write (which includes read)
WEBHOOKS_TOKEN = "webhooks_token"  # facilitator_a, scope webhooks only
MEMBER_TOKEN = "member_token"  # member_a, every scope: what a member of A may do
OUTSIDER_TOKEN = "outsider_token"  # facilitator_b, every scope: what a facilitator of another group may do
ADMIN_TOKEN = "admin_token"  # the administrator, every scope

BROWSERS = (VISITOR, MEMBER_A, MEMBER_B, FACILITATOR_A, FACILITATOR_B, ADMIN)
TOKENS = (READ_TOKEN, WRITE_TOKEN, WEBHOOKS_TOKEN, MEMBER_TOKEN, OUTSIDER_TOKEN, ADMIN_TOKEN)
ROLES = BROWSERS + TOKENS

# --- who may use a route ------------------------------------------------------------------------

# Public: every visitor (and so every token holder, whom pages treat as visitors).
ANYONE = frozenset(ROLES)
# Public too, but the address holds a secret (an invite link, an emailed link, a calendar feed):
# whoever has the link may use it. The test sends the real secret.
HOLDER_OF_THE_LINK = ANYONE
# Nobody signed in: visitors, and token holders (whom pages treat as visitors).
SIGNED_OUT = frozenset({VISITOR, *TOKENS})
# Pages about one's own account: anyone signed in.
SIGNED_IN = frozenset({MEMBER_A, MEMBER_B, FACILITATOR_A, FACILITATOR_B, ADMIN})
# A's active members, facilitators included.
MEMBERS_OF_A = frozenset({MEMBER_A, FACILITATOR_A})
# A's facilitators.
FACILITATORS_OF_A = frozenset({FACILITATOR_A})
# Administrators.
ADMINS = frozenset({ADMIN})
# The person the thing belongs to: member_a's landing, member_a's token, member_a's side of an introduction.
MEMBER_A_ALONE = frozenset({MEMBER_A})
# Facilitators of some group (for the groups they run) and administrators (for every group).
WEBHOOK_MANAGERS = frozenset({FACILITATOR_A, FACILITATOR_B, ADMIN})
# Those who manage an endpoint of group A: its facilitators and administrators.
MANAGERS_OF_A_ENDPOINT = frozenset({FACILITATOR_A, ADMIN})

# Any account, with the scope the route needs.
API_READ = frozenset({READ_TOKEN, WRITE_TOKEN, MEMBER_TOKEN, OUTSIDER_TOKEN, ADMIN_TOKEN})
API_WRITE = frozenset({WRITE_TOKEN, MEMBER_TOKEN, OUTSIDER_TOKEN, ADMIN_TOKEN})
API_WEBHOOKS = frozenset({WEBHOOKS_TOKEN, MEMBER_TOKEN, OUTSIDER_TOKEN, ADMIN_TOKEN})
# A's active members (facilitator_a's tokens with the scope, and member_a's).
API_READ_MEMBERS_OF_A = frozenset({READ_TOKEN, WRITE_TOKEN, MEMBER_TOKEN})
API_WRITE_MEMBERS_OF_A = frozenset({WRITE_TOKEN, MEMBER_TOKEN})
# A's facilitators.
API_READ_FACILITATORS_OF_A = frozenset({READ_TOKEN, WRITE_TOKEN})
API_WRITE_FACILITATORS_OF_A = frozenset({WRITE_TOKEN})
# Administrators.
API_ADMINS = frozenset({ADMIN_TOKEN})
# member_a alone: their landing, their side of an introduction.
API_MEMBER_A_ALONE = frozenset({MEMBER_TOKEN})
# Those who manage an endpoint of group A, with the webhooks scope.
API_MANAGERS_OF_A_ENDPOINT = frozenset({WEBHOOKS_TOKEN, ADMIN_TOKEN})

RouteKey = tuple[str, str]

# --- the table ------------------------------------------------------------------------------------

ROUTES: dict[RouteKey, frozenset[str]] = {
    # FastAPI's own documentation, and health checks for load balancers.
    ("GET", "/openapi.json"): ANYONE,
    ("GET", "/docs"): ANYONE,
    ("GET", "/docs/oauth2-redirect"): ANYONE,
    ("GET", "/healthz"): ANYONE,
    ("GET", "/readyz"): ANYONE,
    # --- API: accounts, profiles, groups -------------------------------------------------------
    ("GET", "/api/v1/me"): API_READ,
    ("GET", "/api/v1/me/profile"): API_READ,
    ("PATCH", "/api/v1/me/profile"): API_WRITE,
    ("GET", "/api/v1/me/export"): API_READ,
    ("GET", "/api/v1/groups"): API_READ,
    ("GET", "/api/v1/groups/{group_id}"): API_READ,  # a group is public (its page is)
    ("POST", "/api/v1/groups"): API_ADMINS,
    ("PATCH", "/api/v1/groups/{group_id}"): API_ADMINS,
    ("GET", "/api/v1/groups/{group_id}/facilitators"): API_ADMINS,
    ("POST", "/api/v1/groups/{group_id}/facilitators"): API_ADMINS,
    ("DELETE", "/api/v1/groups/{group_id}/facilitators/{person_id}"): API_ADMINS,
    # --- API: members, invite links, roster, directory ------------------------------------------
    ("POST", "/api/v1/groups/{group_id}/members/{member_id}/approve"): API_WRITE_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/members/{member_id}/decline"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/invites"): API_READ_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/invites"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/invites/{invite_id}"): API_READ_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/invites/{invite_id}/revoke"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/invitations"): API_READ_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/invitations"): API_WRITE_FACILITATORS_OF_A,
    ("DELETE", "/api/v1/groups/{group_id}/invitations/{invitation_id}"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/roster"): API_READ_FACILITATORS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/members"): API_READ_MEMBERS_OF_A,
    ("GET", "/api/v1/people/{person_id}"): API_READ_MEMBERS_OF_A,  # member_a: themself, and A's facilitators
    # --- API: meetings ---------------------------------------------------------------------------
    ("GET", "/api/v1/groups/{group_id}/meetings"): API_READ_MEMBERS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/meetings"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/meetings/{meeting_id}"): API_READ_MEMBERS_OF_A,
    ("PATCH", "/api/v1/meetings/{meeting_id}"): API_WRITE_FACILITATORS_OF_A,
    ("POST", "/api/v1/meetings/{meeting_id}/cancel"): API_WRITE_FACILITATORS_OF_A,
    ("PUT", "/api/v1/meetings/{meeting_id}/rsvp"): API_WRITE_MEMBERS_OF_A,
    ("GET", "/api/v1/meetings/{meeting_id}/rsvps"): API_READ_FACILITATORS_OF_A,
    ("GET", "/api/v1/meetings/{meeting_id}/attendance"): API_READ_FACILITATORS_OF_A,
    ("POST", "/api/v1/meetings/{meeting_id}/check-ins"): API_WRITE_FACILITATORS_OF_A,
    ("DELETE", "/api/v1/meetings/{meeting_id}/check-ins/{person_id}"): API_WRITE_FACILITATORS_OF_A,
    ("POST", "/api/v1/meetings/{meeting_id}/walk-ins"): API_WRITE_FACILITATORS_OF_A,
    # member_a's attendance: theirs to see, and A's facilitators'.
    ("GET", "/api/v1/groups/{group_id}/people/{person_id}/attendance"): API_READ_MEMBERS_OF_A,
    # --- API: matching and introductions ---------------------------------------------------------
    ("GET", "/api/v1/groups/{group_id}/suggestions"): API_READ_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/introduction-rounds"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/introduction-rounds/{round_id}"): API_READ_FACILITATORS_OF_A,
    ("POST", "/api/v1/introduction-rounds/{round_id}/confirm"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/introductions"): API_READ,  # one's own
    # member_a is one of the two; A's facilitators see it too.
    ("GET", "/api/v1/introductions/{introduction_id}"): API_READ_MEMBERS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/introductions"): API_WRITE_FACILITATORS_OF_A,
    ("POST", "/api/v1/introductions/{introduction_id}/accept"): API_MEMBER_A_ALONE,
    ("POST", "/api/v1/introductions/{introduction_id}/decline"): API_MEMBER_A_ALONE,
    ("POST", "/api/v1/introductions/{introduction_id}/outcome"): API_MEMBER_A_ALONE,
    ("POST", "/api/v1/introductions/{introduction_id}/withdraw"): API_WRITE_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/introduction-requests"): API_WRITE_MEMBERS_OF_A,
    ("PUT", "/api/v1/groups/{group_id}/introductions/paused"): API_WRITE_MEMBERS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/introduction-requests"): API_READ_FACILITATORS_OF_A,
    ("GET", "/api/v1/me/introduction-requests"): API_READ,
    # member_a's request: they may withdraw it, A's facilitators close it.
    ("POST", "/api/v1/introduction-requests/{request_id}/close"): API_WRITE_MEMBERS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/do-not-pair"): API_READ_FACILITATORS_OF_A,
    ("PUT", "/api/v1/groups/{group_id}/do-not-pair"): API_WRITE_FACILITATORS_OF_A,
    ("DELETE", "/api/v1/groups/{group_id}/do-not-pair"): API_WRITE_FACILITATORS_OF_A,
    # --- API: the facilitator's week ---------------------------------------------------------------
    ("GET", "/api/v1/groups/{group_id}/at-risk"): API_READ_FACILITATORS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/topics"): API_READ_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/topics"): API_WRITE_FACILITATORS_OF_A,
    ("DELETE", "/api/v1/groups/{group_id}/topics/{topic_id}"): API_WRITE_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/at-risk/{person_id}/snooze"): API_WRITE_FACILITATORS_OF_A,
    ("DELETE", "/api/v1/groups/{group_id}/at-risk/{person_id}/snooze"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/settings"): API_READ_FACILITATORS_OF_A,
    ("PATCH", "/api/v1/groups/{group_id}/settings"): API_WRITE_FACILITATORS_OF_A,
    ("POST", "/api/v1/groups/{group_id}/people/{person_id}/check-in-emails"): API_WRITE_FACILITATORS_OF_A,
    ("GET", "/api/v1/groups/{group_id}/insights"): API_READ_FACILITATORS_OF_A,
    ("GET", "/api/v1/audit-events"): API_ADMINS,
    ("POST", "/api/v1/groups/{group_id}/landings"): API_WRITE_MEMBERS_OF_A,  # one's own landing
    ("GET", "/api/v1/groups/{group_id}/landings"): API_READ_MEMBERS_OF_A,  # members see the wall, facilitators all
    ("GET", "/api/v1/me/landings"): API_READ,
    # One's own contacts: anyone's token lists and adds its own; one contact is its owner's alone.
    ("GET", "/api/v1/me/contacts"): API_READ,
    ("POST", "/api/v1/me/contacts"): API_WRITE,
    ("POST", "/api/v1/me/contacts/import"): API_WRITE,
    ("GET", "/api/v1/me/contacts/companies/suggestions"): API_READ,
    ("POST", "/api/v1/me/contacts/companies/confirm"): API_WRITE,
    ("GET", "/api/v1/me/contacts/{contact_id}"): API_MEMBER_A_ALONE,
    ("PATCH", "/api/v1/me/contacts/{contact_id}"): API_MEMBER_A_ALONE,
    ("DELETE", "/api/v1/me/contacts/{contact_id}"): API_MEMBER_A_ALONE,
    ("GET", "/api/v1/me/contacts/outreach"): API_READ,
    ("PUT", "/api/v1/me/contacts/outreach"): API_WRITE,
    # Photos: anyone's token sets or removes its own; member_a has one (so only member_a's token reads
    # "mine"); a photo is answered to those who may see its owner's profile: A's members and facilitators.
    ("PUT", "/api/v1/me/photo"): API_WRITE,
    ("GET", "/api/v1/me/photo"): API_MEMBER_A_ALONE,
    ("DELETE", "/api/v1/me/photo"): API_WRITE,
    ("GET", "/api/v1/photos/{photo_id}/{edge}.webp"): API_READ_MEMBERS_OF_A,
    # The group's reach: one's own warm paths and sharing; a warm-introduction request is its asker's
    # and its helper's alone (member_a asked one, and was asked another); a group's gaps are its
    # facilitators'.
    ("GET", "/api/v1/me/reach"): API_READ,
    ("GET", "/api/v1/me/reach/sharing"): API_READ,
    ("PUT", "/api/v1/me/reach/sharing/{group_id}"): API_WRITE_MEMBERS_OF_A,
    ("GET", "/api/v1/me/reach/requests"): API_READ,
    ("POST", "/api/v1/me/reach/requests"): API_WRITE,
    ("GET", "/api/v1/me/reach/requests/{warm_request_id}"): API_MEMBER_A_ALONE,
    ("POST", "/api/v1/me/reach/requests/{warm_request_id}/answer"): API_MEMBER_A_ALONE,
    ("POST", "/api/v1/me/reach/requests/{warm_request_id}/withdraw"): API_MEMBER_A_ALONE,
    ("GET", "/api/v1/groups/{group_id}/reach"): API_READ_FACILITATORS_OF_A,
    ("GET", "/api/v1/landings/{landing_id}"): API_MEMBER_A_ALONE,
    ("PUT", "/api/v1/landings/{landing_id}"): API_MEMBER_A_ALONE,
    ("DELETE", "/api/v1/landings/{landing_id}"): API_MEMBER_A_ALONE,
    # --- API: webhooks (the webhooks scope; an endpoint of group A) -------------------------------
    ("POST", "/api/v1/webhooks"): API_MANAGERS_OF_A_ENDPOINT,  # registering one for group A
    ("GET", "/api/v1/webhooks"): API_WEBHOOKS,  # the endpoints one manages (none, for a member)
    ("GET", "/api/v1/webhooks/{endpoint_id}"): API_MANAGERS_OF_A_ENDPOINT,
    ("PATCH", "/api/v1/webhooks/{endpoint_id}"): API_MANAGERS_OF_A_ENDPOINT,
    ("DELETE", "/api/v1/webhooks/{endpoint_id}"): API_MANAGERS_OF_A_ENDPOINT,
    ("GET", "/api/v1/webhooks/{endpoint_id}/deliveries"): API_MANAGERS_OF_A_ENDPOINT,
    ("POST", "/api/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver"): API_MANAGERS_OF_A_ENDPOINT,
    # --- pages: groups and administration -------------------------------------------------------
    ("GET", "/"): ANYONE,
    ("GET", "/g/{slug}"): ANYONE,
    ("GET", "/admin/groups"): ADMINS,
    ("GET", "/admin/groups/new"): ADMINS,
    ("POST", "/admin/groups/new"): ADMINS,
    ("GET", "/admin/groups/{slug}"): ADMINS,
    ("POST", "/admin/groups/{slug}"): ADMINS,
    ("POST", "/admin/groups/{slug}/facilitators"): ADMINS,
    ("GET", "/admin/groups/{slug}/facilitators/{membership_id}/remove"): ADMINS,
    ("POST", "/admin/groups/{slug}/facilitators/{membership_id}/remove"): ADMINS,
    ("GET", "/admin/audit"): ADMINS,
    ("GET", "/admin/audit/export.csv"): ADMINS,
    # Emails the worker gave up on (the seeded email is still being tried: "send again" says so).
    ("GET", "/admin/emails"): ADMINS,
    ("GET", "/admin/emails/send-again"): ADMINS,
    ("POST", "/admin/emails/send-again"): ADMINS,
    ("GET", "/admin/emails/{message_id}/send-again"): ADMINS,
    ("POST", "/admin/emails/{message_id}/send-again"): ADMINS,
    # --- pages: joining ----------------------------------------------------------------------------
    ("GET", "/g/{slug}/join"): ANYONE,  # A asks for approval; its members are sent back to its page
    ("POST", "/g/{slug}/join"): ANYONE,
    ("GET", "/join/{token}"): HOLDER_OF_THE_LINK,  # an invite link of A's
    ("GET", "/verify-email/{token}"): HOLDER_OF_THE_LINK,
    ("POST", "/verify-email/{token}"): HOLDER_OF_THE_LINK,
    ("POST", "/verify-email"): ANYONE,  # "send the link again": says the same whoever asks
    # A personal invitation of A's, emailed to an address without an account. Accepting it makes that
    # account: the holder of the link must not be signed in as someone else (who is told to sign out).
    ("GET", "/invitation/{token}"): HOLDER_OF_THE_LINK,
    ("POST", "/invitation/{token}"): SIGNED_OUT,
    ("POST", "/invitation/{token}/decline"): HOLDER_OF_THE_LINK,
    ("GET", "/g/{slug}/welcome"): MEMBERS_OF_A,  # and those waiting for approval
    # --- pages: a facilitator's management of the group ------------------------------------------
    ("GET", "/g/{slug}/manage"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/requests"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/requests/{person_id}/approve"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/requests/{person_id}/decline"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/requests/{person_id}/decline"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/requests/{person_id}/undo-decline"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/invites"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/invites"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/invites/{invite_id}/revoke"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/invites/{invite_id}/revoke"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/invitations"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/invitations"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/invitations/{invitation_id}/withdraw"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/invitations/{invitation_id}/withdraw"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/import"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/import/example.csv"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/import"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/import/confirm"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/export.csv"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/check-in/{person_id}"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/check-in/{person_id}"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/radar/{person_id}/snooze"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/radar/{person_id}/wake"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/manage/settings"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/manage/settings"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/insights"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/insights/{chart}.csv"): FACILITATORS_OF_A,
    # --- pages: the members' group ----------------------------------------------------------------
    ("GET", "/g/{slug}/members"): MEMBERS_OF_A,
    ("GET", "/g/{slug}/members/{person_id}"): MEMBERS_OF_A,
    ("GET", "/g/{slug}/wall"): MEMBERS_OF_A,
    ("GET", "/g/{slug}/landed"): MEMBERS_OF_A,
    ("POST", "/g/{slug}/landed"): MEMBERS_OF_A,
    ("GET", "/g/{slug}/calendar.ics"): ANYONE,  # the public feed: times and places only
    # --- pages: meetings ----------------------------------------------------------------------------
    ("GET", "/g/{slug}/meetings"): MEMBERS_OF_A,
    ("GET", "/g/{slug}/meetings/new"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/meetings/new"): FACILITATORS_OF_A,
    ("GET", "/meetings/{meeting_id}"): MEMBERS_OF_A,
    ("POST", "/meetings/{meeting_id}/rsvp"): MEMBERS_OF_A,
    ("GET", "/meetings/{meeting_id}/calendar.ics"): MEMBERS_OF_A,
    ("GET", "/meetings/{meeting_id}/edit"): FACILITATORS_OF_A,
    ("POST", "/meetings/{meeting_id}/edit"): FACILITATORS_OF_A,
    ("GET", "/meetings/{meeting_id}/cancel"): FACILITATORS_OF_A,
    ("POST", "/meetings/{meeting_id}/cancel"): FACILITATORS_OF_A,
    ("GET", "/meetings/{meeting_id}/answers"): FACILITATORS_OF_A,
    ("GET", "/meetings/{meeting_id}/roster"): FACILITATORS_OF_A,
    ("POST", "/meetings/{meeting_id}/check-ins"): FACILITATORS_OF_A,
    ("POST", "/meetings/{meeting_id}/check-ins/{person_id}/undo"): FACILITATORS_OF_A,
    ("POST", "/meetings/{meeting_id}/walk-ins"): FACILITATORS_OF_A,
    ("GET", "/meetings/{meeting_id}/badges"): FACILITATORS_OF_A,
    ("GET", "/meetings/{meeting_id}/run"): FACILITATORS_OF_A,
    # The kiosk is a tablet at the door, signed in as a facilitator.
    ("GET", "/meetings/{meeting_id}/kiosk"): FACILITATORS_OF_A,
    ("POST", "/meetings/{meeting_id}/kiosk/check-in"): FACILITATORS_OF_A,
    ("GET", "/meetings/{meeting_id}/kiosk/welcome"): FACILITATORS_OF_A,
    ("GET", "/meetings/{meeting_id}/qr.svg"): FACILITATORS_OF_A,
    # The QR code's link (sent with its code): a member checks themself in; the code alone is not enough.
    ("GET", "/meetings/{meeting_id}/check-in"): MEMBERS_OF_A,
    ("POST", "/meetings/{meeting_id}/check-in"): MEMBERS_OF_A,
    # --- pages: introductions (the facilitators' side) -------------------------------------------
    ("GET", "/g/{slug}/introductions"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/suggestions"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/new"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/new"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/rounds/new"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/rounds/new"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/rounds/{round_id}"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/rounds/{round_id}/confirm"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/requests"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/requests/{request_id}/close"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/do-not-pair"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/do-not-pair"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/do-not-pair/remove"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/do-not-pair/remove"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/topics"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/topics"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/topics/{topic_id}/remove"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/topics/{topic_id}/remove"): FACILITATORS_OF_A,
    ("GET", "/g/{slug}/introductions/{introduction_id}/withdraw"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/introductions/{introduction_id}/withdraw"): FACILITATORS_OF_A,
    # --- pages: introductions (the members' side) ------------------------------------------------
    ("GET", "/introductions"): SIGNED_IN,  # one's own
    ("GET", "/introductions/{introduction_id}"): MEMBERS_OF_A,  # member_a is one of the two; and A's facilitators
    ("POST", "/introductions/{introduction_id}/accept"): MEMBER_A_ALONE,
    ("POST", "/introductions/{introduction_id}/decline"): MEMBER_A_ALONE,
    ("POST", "/introductions/{introduction_id}/outcome"): MEMBER_A_ALONE,
    ("POST", "/g/{slug}/introductions/pause"): MEMBERS_OF_A,
    ("GET", "/g/{slug}/introductions/ask"): MEMBERS_OF_A,
    ("POST", "/g/{slug}/introductions/ask"): MEMBERS_OF_A,
    # member_a's request: theirs to withdraw; A's facilitators may close it from here too.
    ("POST", "/introduction-requests/{request_id}/withdraw"): MEMBERS_OF_A,
    ("GET", "/me/network"): SIGNED_IN,
    # --- pages: one's own contacts (member_a's contact is member_a's alone) ------------------------
    ("GET", "/me/contacts"): SIGNED_IN,
    ("GET", "/me/contacts/new"): SIGNED_IN,
    ("POST", "/me/contacts/new"): SIGNED_IN,
    ("GET", "/me/contacts/import"): SIGNED_IN,
    ("POST", "/me/contacts/import"): SIGNED_IN,
    ("POST", "/me/contacts/companies/confirm"): SIGNED_IN,
    ("GET", "/me/contacts/{contact_id}"): MEMBER_A_ALONE,
    ("POST", "/me/contacts/{contact_id}"): MEMBER_A_ALONE,
    ("POST", "/me/contacts/{contact_id}/delete"): MEMBER_A_ALONE,
    ("POST", "/me/network/outreach"): SIGNED_IN,
    ("POST", "/profile/photo"): SIGNED_IN,
    ("GET", "/profile/photo/remove"): SIGNED_IN,
    ("POST", "/profile/photo/remove"): SIGNED_IN,
    ("GET", "/photos/{photo_id}/{edge}.webp"): MEMBERS_OF_A,
    ("GET", "/g/{slug}/members/{person_id}/photo/hide"): FACILITATORS_OF_A,
    ("POST", "/g/{slug}/members/{person_id}/photo/hide"): FACILITATORS_OF_A,
    # --- pages: the group's reach (member_a has a warm path to Acme Health through member_a2) ---------
    ("GET", "/me/reach"): SIGNED_IN,
    ("POST", "/me/reach/sharing/{group_id}"): MEMBERS_OF_A,
    ("GET", "/me/reach/ask"): MEMBER_A_ALONE,
    ("POST", "/me/reach/ask"): MEMBER_A_ALONE,
    ("GET", "/me/reach/requests"): SIGNED_IN,
    ("GET", "/me/reach/requests/{warm_request_id}"): MEMBER_A_ALONE,
    ("POST", "/me/reach/requests/{warm_request_id}/answer"): MEMBER_A_ALONE,
    ("POST", "/me/reach/requests/{warm_request_id}/withdraw"): MEMBER_A_ALONE,
    ("GET", "/g/{slug}/reach"): FACILITATORS_OF_A,
    # --- pages: landings (member_a's) -------------------------------------------------------------
    ("GET", "/landings/{landing_id}"): MEMBER_A_ALONE,
    ("POST", "/landings/{landing_id}/help"): MEMBER_A_ALONE,
    ("GET", "/landings/{landing_id}/edit"): MEMBER_A_ALONE,
    ("POST", "/landings/{landing_id}/edit"): MEMBER_A_ALONE,
    ("GET", "/landings/{landing_id}/withdraw"): MEMBER_A_ALONE,
    ("POST", "/landings/{landing_id}/withdraw"): MEMBER_A_ALONE,
    # --- pages: one's own account ------------------------------------------------------------------
    ("GET", "/login"): ANYONE,  # the signed-in are sent on
    ("POST", "/login"): ANYONE,
    ("POST", "/logout"): ANYONE,
    ("GET", "/password-reset"): ANYONE,
    ("POST", "/password-reset"): ANYONE,
    ("GET", "/password-reset/{token}"): HOLDER_OF_THE_LINK,
    ("POST", "/password-reset/{token}"): HOLDER_OF_THE_LINK,
    ("GET", "/goodbye"): ANYONE,
    ("GET", "/profile"): SIGNED_IN,
    ("POST", "/profile"): SIGNED_IN,
    ("GET", "/settings"): SIGNED_IN,
    ("POST", "/settings/account"): SIGNED_IN,
    ("POST", "/settings/password"): SIGNED_IN,
    ("GET", "/settings/data"): SIGNED_IN,
    ("GET", "/settings/data/export.json"): SIGNED_IN,
    ("GET", "/settings/data/delete"): SIGNED_IN,
    ("POST", "/settings/data/delete"): SIGNED_IN,
    ("GET", "/settings/calendar"): SIGNED_IN,
    ("POST", "/settings/calendar"): SIGNED_IN,
    ("GET", "/settings/calendar/revoke"): SIGNED_IN,
    ("POST", "/settings/calendar/revoke"): SIGNED_IN,
    ("GET", "/calendar/{token}.ics"): HOLDER_OF_THE_LINK,  # member_a's personal feed
    ("GET", "/settings/tokens"): SIGNED_IN,
    ("POST", "/settings/tokens"): SIGNED_IN,
    ("GET", "/settings/tokens/{token_id}/revoke"): MEMBER_A_ALONE,
    ("POST", "/settings/tokens/{token_id}/revoke"): MEMBER_A_ALONE,
    # --- pages: webhooks (an endpoint of group A, registered by facilitator_a) ---------------------
    ("GET", "/admin/webhooks"): WEBHOOK_MANAGERS,
    ("POST", "/admin/webhooks"): MANAGERS_OF_A_ENDPOINT,  # registering one for group A
    ("GET", "/admin/webhooks/{endpoint_id}"): MANAGERS_OF_A_ENDPOINT,
    ("POST", "/admin/webhooks/{endpoint_id}"): MANAGERS_OF_A_ENDPOINT,
    ("POST", "/admin/webhooks/{endpoint_id}/enable"): MANAGERS_OF_A_ENDPOINT,
    ("POST", "/admin/webhooks/{endpoint_id}/disable"): MANAGERS_OF_A_ENDPOINT,
    ("POST", "/admin/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver"): MANAGERS_OF_A_ENDPOINT,
    ("GET", "/admin/webhooks/{endpoint_id}/delete"): MANAGERS_OF_A_ENDPOINT,
    ("POST", "/admin/webhooks/{endpoint_id}/delete"): MANAGERS_OF_A_ENDPOINT,
    # The local mailbox lists every email sent; it exists only when BETWEEN_ENV is development or test
    # (elsewhere it is a 404 for everyone), and there it is open to anyone.
    ("GET", "/dev/mailbox"): ANYONE,
    ("GET", "/dev/mailbox/{message_id}"): ANYONE,
}
