"""Bulk import of reports from spreadsheets (`reports`): every row through the filing service.

May import the models, the domain rules and the services; never an interface.
"""
