"""The Core floor: the ceiling's endpoints written by hand on SQLAlchemy 2 Core rows.

    DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db uvicorn --app-dir bench core:app

bench/orm.py with the reads done on an `AsyncConnection` returning rows, not on an
`AsyncSession` returning ORM objects: what "Core rows for hot reads" would give the
generated lists and gets at best. Writes are bench/orm.py's.
"""

import orm
from ceiling import COUNT_LIMIT, ItemRead, Page
from fastapi import FastAPI, Query
from orm import COUNTED, Item, engine, read
from sqlalchemy import select

app = FastAPI(lifespan=orm.lifespan)
app.add_api_route("/api/items", orm.create_item, methods=["POST"], status_code=201)
app.add_api_route("/api/items/{item_id}", orm.update_item, methods=["PATCH"])
autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
columns = Item.__table__.c


@app.get("/api/items")
async def list_items(limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0)) -> Page:
    query = select(*columns, COUNTED.label("total")).order_by(Item.id).limit(limit).offset(offset)
    async with autocommit.connect() as connection:
        rows = (await connection.execute(query)).all()
        total = rows[0].total if rows else (await connection.scalar(select(COUNTED)) or 0)
    exact = total if total <= COUNT_LIMIT else None
    return Page(items=[read(row) for row in rows], total=exact, limit=limit, offset=offset)


@app.get("/api/items/{item_id}")
async def get_item(item_id: int) -> ItemRead:
    async with autocommit.connect() as connection:
        return read((await connection.execute(select(*columns).where(Item.id == item_id))).first())
