"""The Core floor: the ceiling's endpoints written by hand on SQLAlchemy 2 Core rows.

    DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db uvicorn --app-dir bench core:app

bench/orm.py with the reads done on an `AsyncConnection` returning rows, not on an
`AsyncSession` returning ORM objects: what "Core rows for hot reads" would give the
generated lists and gets at best. Writes are bench/orm.py's.
"""

import orm
from ceiling import COUNT_LIMIT, ItemRead, Page
from fastapi import FastAPI, HTTPException, Query, status
from orm import Item, engine
from sqlalchemy import func, select

app = FastAPI(lifespan=orm.lifespan)
app.add_api_route("/api/items", orm.create_item, methods=["POST"], status_code=201)
app.add_api_route("/api/items/{item_id}", orm.update_item, methods=["PATCH"])
autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
columns = Item.__table__.c


def read(row: object) -> ItemRead:
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "item not found")
    return ItemRead.model_validate(row)


@app.get("/api/items")
async def list_items(limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0)) -> Page:
    matches = select(Item.id).limit(COUNT_LIMIT + 1).subquery()
    counted = select(func.count()).select_from(matches).scalar_subquery()
    query = select(*columns, counted.label("total")).order_by(Item.id).limit(limit).offset(offset)
    async with autocommit.connect() as connection:
        rows = (await connection.execute(query)).all()
        total = rows[0].total if rows else (await connection.scalar(select(counted)) or 0)
    exact = total if total <= COUNT_LIMIT else None
    return Page(items=[read(row) for row in rows], total=exact, limit=limit, offset=offset)


@app.get("/api/items/{item_id}")
async def get_item(item_id: int) -> ItemRead:
    async with autocommit.connect() as connection:
        return read((await connection.execute(select(*columns).where(Item.id == item_id))).first())
