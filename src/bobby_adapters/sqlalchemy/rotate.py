"""`bobby keys rotate`: rewrite every encrypted column with the newest key, in short batches.

Each value is read through its column type (decrypted with whichever configured key fits, or
taken as the plain text it was before a key was set) and written back through it (encrypted
with the newest key). A batch is one transaction that locks its rows (FOR UPDATE on
PostgreSQL; SQLite's BEGIN IMMEDIATE locks the file), so a turn saving at the same moment waits
for the batch instead of being overwritten with an older copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bobby_adapters.sqlalchemy.encryption import EncryptedJSON, EncryptedText
from bobby_adapters.sqlalchemy.tables import Base

DEFAULT_BATCH = 500


@dataclass(frozen=True, slots=True)
class EncryptedTable:
    table: Table
    key: Column[object]
    columns: tuple[Column[object], ...]


def encrypted_tables() -> list[EncryptedTable]:
    """Every table with an encrypted column, found from the schema (new columns join in)."""
    found: list[EncryptedTable] = []
    for table in Base.metadata.sorted_tables:
        columns = tuple(c for c in table.columns
                        if isinstance(c.type, EncryptedText | EncryptedJSON))
        if columns:
            (key,) = table.primary_key.columns  # keyset paging needs a one-column key
            found.append(EncryptedTable(table, key, columns))
    return found


async def rotate_keys(engine: AsyncEngine, *, batch_size: int = DEFAULT_BATCH) -> dict[str, int]:
    """Re-encrypt every row of every encrypted table; return rows rewritten per table.

    The engine must carry the cipher (attach_cipher) whose newest key the rows should get."""
    return {t.table.name: await _rotate_table(engine, t, batch_size) for t in encrypted_tables()}


async def _rotate_table(engine: AsyncEngine, target: EncryptedTable, batch_size: int) -> int:
    rewrite = (update(target.table).where(target.key == bindparam("row_key"))
               .values({c.name: bindparam(f"new_{c.name}", type_=c.type) for c in target.columns}))
    after: object = None
    rewritten = 0
    while True:
        query = select(target.key, *target.columns).order_by(target.key).limit(batch_size)
        if after is not None:
            query = query.where(target.key > after)
        async with engine.begin() as conn:
            rows = (await conn.execute(query.with_for_update())).all()
            if not rows:
                return rewritten
            await conn.execute(rewrite, [
                {"row_key": row[0], **{f"new_{c.name}": row[i + 1]
                                       for i, c in enumerate(target.columns)}}
                for row in rows])
        after = rows[-1][0]
        rewritten += len(rows)
