"""The public register: published barriers for anyone, without signing in (docs/public-register.md).

Pages, open data downloads (CSV, JSON), an Atom feed of changes and a sitemap; each read through
selectors.public, each page cached under the register's version (bumped by services.publishing).
"""
