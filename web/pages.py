"""The staff pages' blueprints, in one list so app.py registers them with one line."""

from web.admin import bp as admin_bp
from web.alerts import bp as alerts_bp
from web.assisted_intake import bp as intake_bp
from web.attachments import bp as attachments_bp
from web.bulk import bp as bulk_bp
from web.case_page import bp as case_bp
from web.inbox import bp as inbox_bp
from web.live import bp as live_bp
from web.notices import bp as notices_bp
from web.openapi import bp as openapi_bp
from web.routing_admin import bp as routing_admin_bp
from web.signin import bp as signin_bp

BLUEPRINTS = (
    alerts_bp,
    signin_bp,
    inbox_bp,
    bulk_bp,
    live_bp,
    notices_bp,
    case_bp,
    attachments_bp,
    intake_bp,
    admin_bp,
    routing_admin_bp,
    openapi_bp,
)
