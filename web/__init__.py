"""Web pages and JSON APIs for staff and integrators (blueprints registered in app.py)."""
