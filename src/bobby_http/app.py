"""The Litestar application: routes, dependencies, one error table. No settings are read here:
the composition root hands over a container that knows the deployment."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from injector import Injector
from litestar import Litestar
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware

from bobby_core.engine.flow import FlowRegistry
from bobby_core.ports import Clock
from bobby_core.ports.admin import AdminSessionStore
from bobby_core.ports.stats import OperatorStats
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.accept_message import AcceptInboundMessage
from bobby_core.use_cases.check_readiness import CheckReadiness
from bobby_core.use_cases.download_export import DownloadExport
from bobby_core.use_cases.follow_identity_change import FollowIdentityChange
from bobby_core.use_cases.handle_billing_event import HandleBillingEvent
from bobby_core.use_cases.read_chat import ReadChat
from bobby_core.use_cases.receive_message import ReceiveMessage
from bobby_core.use_cases.record_delivery_status import RecordDeliveryStatus
from bobby_core.use_cases.run_flow_step import RunFlowStep
from bobby_http.admin.auth import AdminAuth
from bobby_http.admin.routes import admin_routes
from bobby_http.admin.sessions import AdminSessions
from bobby_http.api_docs import openapi_config
from bobby_http.config import HttpConfig
from bobby_http.deps import use_case
from bobby_http.errors import EXCEPTION_HANDLERS
from bobby_http.meta_signatures import MetaSignatures
from bobby_http.metrics import HttpMetrics, metrics_routes
from bobby_http.origin import ProxyHeadersMiddleware, RequestOrigin, TrustedProxies
from bobby_http.request_log import request_log
from bobby_http.routes import assets, billing, chat, exports, health, media, meta, studio, twilio
from bobby_http.signatures import TwilioSignatures
from bobby_http.studio import ROUTES as STUDIO_COMPAT_ROUTES
from bobby_http.studio import dependencies as studio_compat_dependencies
from bobby_http.templates import TEMPLATES

logger = logging.getLogger("bobby.http")

Lifespan = Callable[[Litestar], AbstractAsyncContextManager[Any]]


def create_app(container: Injector, lifespan: Sequence[Lifespan] = ()) -> Litestar:
    """Build the app; raise StartupError when the configuration is unsafe to serve."""
    config = container.get(HttpConfig)
    config.check()
    signatures = TwilioSignatures(config)
    if signatures.open:
        logger.warning("TWILIO_AUTH_TOKEN is not set: Twilio webhook signatures are NOT checked "
                       "(acceptable in dev only)")
    routes: list[Any] = [*twilio.ROUTES, *meta.ROUTES, *billing.ROUTES, *studio.ROUTES, *STUDIO_COMPAT_ROUTES,
                         *health.ROUTES, *assets.ROUTES, *exports.ROUTES]
    routes += media.media_routes(container.get(media.MediaConfig))
    metrics = container.get(HttpMetrics)
    routes += metrics_routes(metrics, config.metrics_tokens)
    if config.chat_enabled:
        routes += chat.ROUTES
    if config.admin_token:
        sessions = AdminSessions(container.get(AdminSessionStore), container.get(Clock),
                                 config.admin_token)
        routes += admin_routes(container.get(OperatorStats),
                               AdminAuth(config.admin_token, sessions),
                               config.model_prices, container.get(Paywall))
    # Without PUBLIC_BASE_URL, links (charts) follow the address requests come in on.
    origin = container.get(RequestOrigin) if config.public_base_url is None else None
    proxies = DefineMiddleware(ProxyHeadersMiddleware,
                               trusted=TrustedProxies.parse(config.trusted_proxies), origin=origin)
    return Litestar(
        route_handlers=routes,
        # The request line is outermost, so it times and ids everything below it.
        middleware=[request_log, proxies],
        dependencies={
            "receive": use_case(container, ReceiveMessage),
            "accept": use_case(container, AcceptInboundMessage),
            # Not "history": Litestar takes a body field of that name (Studio's) for this dependency.
            "read_chat": use_case(container, ReadChat),
            "record": use_case(container, RecordDeliveryStatus),
            "follow": use_case(container, FollowIdentityChange),
            "run_step": use_case(container, RunFlowStep),
            "readiness": use_case(container, CheckReadiness),
            "billing": use_case(container, HandleBillingEvent),
            **studio_compat_dependencies(container),
            "export": use_case(container, DownloadExport),
        },
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        state=State({"twilio_signatures": signatures, "metrics": metrics,
                     "meta_signatures": MetaSignatures(config.meta_app_secret,
                                                       config.meta_verify_token)}),
        lifespan=list(lifespan),
        logging_config=None,  # the composition root configures logging (structured, redacted)
        openapi_config=openapi_config(container.get(FlowRegistry)),
        template_config=TEMPLATES,
        # Twilio and Stripe webhooks are a few kB; nothing we serve takes more than this.
        request_max_body_size=config.max_body_bytes,
    )
