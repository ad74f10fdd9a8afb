"""Where admin sessions are kept: the database when there is one, else this process's memory."""

from __future__ import annotations

from injector import Module, provider, singleton

from bobby_adapters.memory_admin import InMemoryAdminSessionStore
from bobby_adapters.sqlalchemy.admin_sessions import SqlAlchemyAdminSessionStore
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.ports.admin import AdminSessionStore


class AdminModule(Module):
    @singleton
    @provider
    def admin_sessions(self, uow: UnitOfWorkFactory) -> AdminSessionStore:
        if isinstance(uow, SqlAlchemyUnitOfWorkFactory):
            return SqlAlchemyAdminSessionStore(uow.engine)
        return InMemoryAdminSessionStore()
