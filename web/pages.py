"""The staff pages' blueprints, in one list so app.py registers them with one line."""

from web.account import bp as account_bp
from web.admin import bp as admin_bp
from web.alerts import bp as alerts_bp
from web.assisted_intake import bp as intake_bp
from web.attachments import bp as attachments_bp
from web.bulk import bp as bulk_bp
from web.callbacks import bp as callbacks_bp
from web.calls import bp as calls_bp
from web.case_page import bp as case_bp
from web.citizen_privacy import bp as citizen_privacy_bp
from web.collaboration import bp as collaboration_bp
from web.collaboration_api import bp as collaboration_api_bp
from web.department_ranking import bp as department_ranking_bp
from web.hotspots import bp as hotspots_bp
from web.inbox import bp as inbox_bp
from web.incidents import bp as incidents_bp
from web.live import bp as live_bp
from web.live_view import bp as live_view_bp
from web.notices import bp as notices_bp
from web.openapi import bp as openapi_bp
from web.outreach import bp as outreach_bp
from web.proactive import bp as proactive_bp
from web.routing_admin import bp as routing_admin_bp
from web.season_calendar import bp as season_calendar_bp
from web.signin import bp as signin_bp
from web.unsubscribe import bp as unsubscribe_bp

BLUEPRINTS = (
    alerts_bp,
    signin_bp,
    account_bp,
    inbox_bp,
    bulk_bp,
    live_bp,
    notices_bp,
    case_bp,
    collaboration_bp,
    collaboration_api_bp,
    department_ranking_bp,
    attachments_bp,
    intake_bp,
    callbacks_bp,
    calls_bp,
    live_view_bp,
    admin_bp,
    routing_admin_bp,
    incidents_bp,
    hotspots_bp,
    season_calendar_bp,
    proactive_bp,
    openapi_bp,
    citizen_privacy_bp,
    unsubscribe_bp,
    outreach_bp,
)
