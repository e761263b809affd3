"""The ORM floor: the ceiling's endpoints written by hand on SQLAlchemy 2's async ORM.

    DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db uvicorn --app-dir bench orm:app

The same table, queries and JSON as bench/ceiling.py, with one `AsyncSession` per request
and ORM objects validated into the response model, and nothing else: no dependencies, no
helper class, no settings. The generated sqlalchemy services can be no faster than this;
bench/services.py serves it beside them to split their gap to the ceiling into what the ORM
costs (ceiling -> orm) and what the generated code adds on top (orm -> generated).
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from ceiling import COUNT_LIMIT, ItemCreate, ItemRead, ItemUpdate, Page
from fastapi import FastAPI, HTTPException, Query, status
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    description: Mapped[str | None]
    quantity: Mapped[int]
    active: Mapped[bool]


url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+asyncpg://", 1)
# 20 connections, as the ceiling's pool and a generated project's default.
engine = create_async_engine(url, pool_size=20, max_overflow=0)
# Autocommit, as the generated helpers run a statement of their own.
sessions = async_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"))


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


# The generated lists' count: up to COUNT_LIMIT + 1 matches, with the page.
COUNTED = (
    select(func.count()).select_from(select(Item.id).limit(COUNT_LIMIT + 1).subquery())
).scalar_subquery()


def read(item: object) -> ItemRead:
    """An ORM object or a row, validated; None is a 404."""
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "item not found")
    return ItemRead.model_validate(item)


@app.get("/api/items")
async def list_items(limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0)) -> Page:
    query = select(Item, COUNTED).order_by(Item.id).limit(limit).offset(offset)
    async with sessions() as session:
        rows = (await session.execute(query)).all()
        total = rows[0][1] if rows else (await session.scalar(select(COUNTED)) or 0)
    exact = total if total <= COUNT_LIMIT else None
    items = [read(row[0]) for row in rows]
    return Page(items=items, total=exact, limit=limit, offset=offset)


@app.get("/api/items/{item_id}")
async def get_item(item_id: int) -> ItemRead:
    async with sessions() as session:
        return read(await session.get(Item, item_id))


@app.post("/api/items", status_code=status.HTTP_201_CREATED)
async def create_item(data: ItemCreate) -> ItemRead:
    try:
        async with sessions() as session:
            return read(
                await session.scalar(insert(Item).values(**data.model_dump()).returning(Item))
            )
    except IntegrityError:
        raise HTTPException(status.HTTP_409_CONFLICT, "name taken") from None


@app.patch("/api/items/{item_id}")
async def update_item(item_id: int, data: ItemUpdate) -> ItemRead:
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        return await get_item(item_id)
    query = update(Item).where(Item.id == item_id).values(**changes).returning(Item)
    try:
        async with sessions() as session:
            return read(await session.scalar(query))
    except IntegrityError:
        raise HTTPException(status.HTTP_409_CONFLICT, "name taken") from None
