"""Who may do what, and the record of it.

- `roles`: the officials' role groups.
- `mfa`: the second factor officials must use (TOTP through allauth) and the middleware and admin
  sign-in that enforce it.
- `security`: the client's address behind trusted proxies, sign-in lock-outs (django-axes) and
  the officials' idle-session middleware.
- `audit`: the audit log (sign-ins, exports, downloads, access changes).

May import the models only; the services and every interface may import it.
"""
