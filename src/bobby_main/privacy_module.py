"""Wiring of export and erasure: the export link key, the use cases around them."""

from __future__ import annotations

import hashlib
import hmac
import logging

from injector import Module, provider, singleton

from bobby_core.ports import Clock, IdGenerator, MediaStorage, TaskQueue, UnitOfWorkFactory
from bobby_core.privacy.export_links import ExportLinks, FixedAddress
from bobby_core.use_cases.delete_user_data import DeleteUserData
from bobby_core.use_cases.download_export import DownloadExport
from bobby_core.use_cases.export_user_data import ExportUserData
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.sync_mailing_list import SyncMailingList
from bobby_http.origin import RequestOrigin
from bobby_main.kept_files import KeptLinkKey, kept_link_key
from bobby_main.settings import Settings

logger = logging.getLogger("bobby.privacy")


def link_key(s: Settings) -> bytes | KeptLinkKey:
    """LINK_SIGNING_KEY, else a key derived one-way from a secret every process of the
    deployment shares (the newest encryption key, the admin token, the Twilio token), else
    (development) a key made once and kept with the data, which every process started with
    the same settings reads."""
    if s.link_signing_key is not None:
        return s.link_signing_key.get_secret_value().encode()
    shared = [secret.get_secret_value().split(",")[0].strip() for secret in
              (s.data_encryption_key, s.admin_token, s.twilio_auth_token, s.meta_app_secret)
              if secret is not None]
    if shared:
        return hmac.new(shared[0].encode(), b"bobby export links v1", hashlib.sha256).digest()
    kept = kept_link_key(s)
    logger.debug("no LINK_SIGNING_KEY: export links are signed with the key kept in %s",
                 kept.path)
    return kept


class PrivacyModule(Module):
    @singleton
    @provider
    def export_links(self, s: Settings, origin: RequestOrigin) -> ExportLinks:
        address = FixedAddress(s.public_base_url) if s.public_base_url else origin
        return ExportLinks(link_key(s), address)

    @singleton
    @provider
    def export_user_data(self, uow: UnitOfWorkFactory, clock: Clock) -> ExportUserData:
        return ExportUserData(uow, clock)

    @singleton
    @provider
    def download_export(self, uow: UnitOfWorkFactory, clock: Clock, links: ExportLinks,
                        export: ExportUserData) -> DownloadExport:
        return DownloadExport(uow, clock, links, export)

    @singleton
    @provider
    def finish_erasures(self, uow: UnitOfWorkFactory, clock: Clock,
                        storage: MediaStorage) -> FinishErasures:
        return FinishErasures(uow, clock, storage)

    @singleton
    @provider
    def delete_user_data(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                         queue: TaskQueue, finish: FinishErasures,
                         mailing: SyncMailingList) -> DeleteUserData:
        return DeleteUserData(uow, clock, ids, queue, finish, mailing)
