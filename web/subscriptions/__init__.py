"""Subscriptions in the web (legaldesk/subscriptions/): a member of staff's own subscriptions
and following an act (mine.py), the librarian's list of subscribers and an official's card
(roster.py), a resident's form (public.py) and the signed links of the letters with the
private feed (signed.py); the profile form all of them share (profiles.py)."""
