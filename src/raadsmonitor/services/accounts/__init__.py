"""Accounts: signing in with a password and second factor, and single sign-on (issue 21).

May import: as services.
"""
