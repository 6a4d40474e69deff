"""The officials' dashboard: figures (`figures`), the SVG charts drawn from them (`charts`) and
the admin page that shows both (`views`). The API's metrics read the same figures.

May import the models and the domain rules; never the services or another interface.
"""
