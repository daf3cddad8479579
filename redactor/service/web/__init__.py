"""The browser faces of `redactor serve`: /login, /review/ (clerks) and /audit/ (auditors)."""
