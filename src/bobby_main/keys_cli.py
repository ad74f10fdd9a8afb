"""`bobby keys new` and `bobby keys rotate`: the encryption keys of DATA_ENCRYPTION_KEY."""

from __future__ import annotations

import asyncio
import sys

from cryptography.fernet import Fernet
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bobby_adapters.sqlalchemy.encryption import UnreadableValueError, attach_cipher
from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.rotate import DEFAULT_BATCH, rotate_keys
from bobby_http.config import StartupError
from bobby_main.db_cli import missing_database
from bobby_main.settings import Settings
from bobby_main.startup import field_cipher, startup_lines

ROTATE_NEEDS_KEY = ("bobby: `bobby keys rotate` needs DATA_ENCRYPTION_KEY (newest key first, "
                    "then the old ones, comma-separated)")


def new_key() -> int:
    print(Fernet.generate_key().decode())
    return 0


def rotate(settings: Settings, *, batch_size: int = DEFAULT_BATCH) -> int:
    try:
        cipher = field_cipher(settings)
    except StartupError as exc:
        print(*startup_lines(exc), sep="\n", file=sys.stderr)
        return 2
    if cipher is None:
        print(ROTATE_NEEDS_KEY, file=sys.stderr)
        return 2
    if missing := missing_database(settings):  # opening it would create it, empty
        print(missing, file=sys.stderr)
        return 1
    engine = create_engine(settings.database_url)
    attach_cipher(engine, cipher)
    try:
        done = asyncio.run(_rotate(engine, batch_size))
    except UnreadableValueError:
        print("bobby: a stored value is encrypted with a key that is not in DATA_ENCRYPTION_KEY; "
              "add the old key after the new one and run again", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"bobby: key rotation failed ({type(exc).__name__}); rows done so far keep the "
              "new key, run again to finish", file=sys.stderr)
        return 1
    for table, rows in done.items():
        print(f"bobby: {table}: {rows} rows encrypted with the newest key")
    return 0


async def _rotate(engine: AsyncEngine, batch_size: int) -> dict[str, int]:
    try:
        return await rotate_keys(engine, batch_size=batch_size)
    finally:
        await engine.dispose()
