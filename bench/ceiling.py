"""The ceiling: the generated `items` API written by hand, FastAPI on an asyncpg pool.

    DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db uvicorn --app-dir bench ceiling:app

Same table, same queries and same JSON as a generated project's items resource, with
nothing between the route and the driver: what the generated services are measured
against (bench/services.py serves it next to them, in the same environment).
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import asyncpg
from fastapi import FastAPI, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field

COLUMNS = "id, name, description, quantity, active"
COUNT_LIMIT = 10_000
COUNTED = f"SELECT count(*) FROM (SELECT id FROM items LIMIT {COUNT_LIMIT + 1}) AS matches"


class ItemCreate(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    description: Annotated[str, Field(min_length=1)] | None = None
    quantity: int = 0
    active: bool = True


class ItemUpdate(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    description: Annotated[str, Field(min_length=1)] | None = None
    quantity: int | None = None
    active: bool | None = None


class ItemRead(BaseModel):
    # From attributes too: bench/orm.py validates ORM objects into it.
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    quantity: int
    active: bool


class Page(BaseModel):
    items: list[ItemRead]
    total: int | None
    limit: int
    offset: int


pool: asyncpg.Pool


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    global pool
    # 20 connections, as a generated project's default pool.
    async with asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=20, max_size=20) as pool:
        yield


app = FastAPI(lifespan=lifespan)


def read(row: asyncpg.Record | None) -> ItemRead:
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "item not found")
    return ItemRead(**row)


@app.get("/api/items")
async def list_items(
    limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Annotated[int, Query(ge=0)] = 0
) -> Page:
    # The generated lists' count: up to COUNT_LIMIT + 1 matches, with the page.
    query = f"SELECT {COLUMNS}, ({COUNTED}) AS total FROM items ORDER BY id LIMIT $1 OFFSET $2"
    rows = await pool.fetch(query, limit, offset)
    total = rows[0]["total"] if rows else await pool.fetchval(COUNTED)
    exact = total if total <= COUNT_LIMIT else None
    return Page(items=[read(row) for row in rows], total=exact, limit=limit, offset=offset)


@app.get("/api/items/{item_id}")
async def get_item(item_id: int) -> ItemRead:
    return read(await pool.fetchrow(f"SELECT {COLUMNS} FROM items WHERE id = $1", item_id))


@app.post("/api/items", status_code=status.HTTP_201_CREATED)
async def create_item(data: ItemCreate) -> ItemRead:
    query = (
        "INSERT INTO items (name, description, quantity, active) VALUES ($1, $2, $3, $4)"
        f" RETURNING {COLUMNS}"
    )
    try:
        row = await pool.fetchrow(query, data.name, data.description, data.quantity, data.active)
    except asyncpg.UniqueViolationError:
        raise HTTPException(status.HTTP_409_CONFLICT, "name taken") from None
    return read(row)


@app.patch("/api/items/{item_id}")
async def update_item(item_id: int, data: ItemUpdate) -> ItemRead:
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        return await get_item(item_id)
    # Column names come from ItemUpdate's fields, never from the client.
    assignments = ", ".join(f"{name} = ${n}" for n, name in enumerate(changes, start=2))
    query = f"UPDATE items SET {assignments} WHERE id = $1 RETURNING {COLUMNS}"
    try:
        return read(await pool.fetchrow(query, item_id, *changes.values()))
    except asyncpg.UniqueViolationError:
        raise HTTPException(status.HTTP_409_CONFLICT, "name taken") from None
