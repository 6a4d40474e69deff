"""Evidence files: what an upload must be to be kept, and how a kept one is handed out.

- `files`: the checks every upload passes, whichever door it came through (type by content,
  size, active content in PDFs, archive bombs in Office files) and safe file names.
- `downloads`: the response that serves a stored file, recorded in the audit log.

May import the models, the domain errors and the audit log; never the services or an interface.
"""
