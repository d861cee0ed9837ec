"""Staff accounts: users and roles, password hashes, sessions, sign-in throttling."""
