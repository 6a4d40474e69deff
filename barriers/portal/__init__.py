"""The exporters' portal: server-rendered pages (`views`), their forms (`forms`) and routes
(`urls`, namespace `barriers`).

An interface: calls the services for every write and the selectors for every read; never imports
the admin, the API or the tasks.
"""
