"""The async guides' incorrect usages, each with its correct version, for `apiforge check`.

Each bad snippet must be caught by its code, and its good version must pass every rule.
"""

from dataclasses import dataclass
from textwrap import dedent


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    bad: str
    good: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "bad", dedent(self.bad))
        object.__setattr__(self, "good", dedent(self.good))


CASES = [
    Case(
        "async helper method without the suffix",
        "AF001",
        """
        class BannerHelper:
            async def get_banner(self, banner_id: int) -> None: ...
        """,
        """
        class BannerHelper:
            async def get_banner_async(self, banner_id: int) -> None: ...
        """,
    ),
    Case(
        "sync helper method with the suffix",
        "AF002",
        """
        class BannerHelper:
            def get_banner_async(self, banner_id: int) -> None: ...
        """,
        """
        class BannerHelper:
            def get_banner(self, banner_id: int) -> None: ...
        """,
    ),
    Case(
        "blocking ORM get in an async route",
        "AF101",
        """
        async def get_item(item_id: int):
            return Item.objects.get(pk=item_id)
        """,
        """
        async def get_item(item_id: int):
            return await Item.objects.aget(pk=item_id)
        """,
    ),
    Case(
        "blocking ORM chain ending in first()",
        "AF101",
        """
        async def newest_async(self):
            return Item.objects.filter(active=True).order_by("-id").first()
        """,
        """
        async def newest_async(self):
            return await Item.objects.filter(active=True).order_by("-id").afirst()
        """,
    ),
    Case(
        "blocking ORM count on a queryset variable",
        "AF101",
        """
        async def count_async(self):
            queryset = Item.objects.filter(active=True)
            return queryset.count()
        """,
        """
        async def count_async(self):
            queryset = Item.objects.filter(active=True)
            return await queryset.acount()
        """,
    ),
    Case(
        "model save in async def",
        "AF101",
        """
        async def rename_async(self, item, name):
            item.name = name
            item.save()
        """,
        """
        async def rename_async(self, item, name):
            item.name = name
            await item.asave()
        """,
    ),
    Case(
        "transaction.atomic in async def",
        "AF101",
        """
        from django.db import transaction

        async def transfer_async(self):
            with transaction.atomic():
                await Account.objects.filter(pk=1).aupdate(balance=0)
        """,
        """
        from asgiref.sync import sync_to_async
        from django.db import transaction

        def transfer():
            with transaction.atomic():
                Account.objects.filter(pk=1).update(balance=0)

        async def transfer_async(self):
            await sync_to_async(transfer, thread_sensitive=True)()
        """,
    ),
    Case(
        "transaction.atomic decorating an async def",
        "AF101",
        """
        from django.db import transaction

        @transaction.atomic
        async def transfer_async(self):
            await Account.objects.filter(pk=1).aupdate(balance=0)
        """,
        """
        from django.db import transaction

        @transaction.atomic
        def transfer(self):
            Account.objects.filter(pk=1).update(balance=0)
        """,
    ),
    Case(
        "plain for over a queryset in async def",
        "AF102",
        """
        async def names_async(self):
            names = []
            for item in Item.objects.all():
                names.append(item.name)
            return names
        """,
        """
        async def names_async(self):
            names = []
            async for item in Item.objects.all():
                names.append(item.name)
            return names
        """,
    ),
    Case(
        "list() of a queryset in async def",
        "AF102",
        """
        async def all_async(self):
            return list(Item.objects.filter(active=True))
        """,
        """
        async def all_async(self):
            return [item async for item in Item.objects.filter(active=True)]
        """,
    ),
    Case(
        "len() of a queryset in async def",
        "AF102",
        """
        async def total_async(self):
            queryset = Item.objects.all()
            return len(queryset)
        """,
        """
        async def total_async(self):
            queryset = Item.objects.all()
            return await queryset.acount()
        """,
    ),
    Case(
        "sync comprehension over a queryset in async def",
        "AF102",
        """
        async def names_async(self):
            return [item.name for item in Item.objects.all()]
        """,
        """
        async def names_async(self):
            return [item.name async for item in Item.objects.all()]
        """,
    ),
    Case(
        "sync SQLAlchemy session in async def",
        "AF103",
        """
        async def list_async(self):
            with self.db.reader() as session:
                return session.scalars(select(Item)).all()
        """,
        """
        async def list_async(self):
            async with self.db.reader_async() as session:
                return (await session.scalars(select(Item))).all()
        """,
    ),
    Case(
        "sync Session built in async def",
        "AF103",
        """
        from sqlalchemy.orm import Session

        async def list_async(self, engine):
            with Session(engine) as session:
                return session.scalars(select(Item)).all()
        """,
        """
        from sqlalchemy.ext.asyncio import AsyncSession

        async def list_async(self, engine):
            async with AsyncSession(engine) as session:
                return (await session.scalars(select(Item))).all()
        """,
    ),
    Case(
        "httpx2 sync call in async def",
        "AF104",
        """
        import httpx2

        async def rates_async(self):
            return httpx2.get("https://rates.example/latest").json()
        """,
        """
        async def rates_async(self, upstream):
            return await upstream.get_json_async("/latest")
        """,
    ),
    Case(
        "aall() does not exist",
        "AF201",
        """
        async def items_async(self):
            return await Item.objects.aall()
        """,
        """
        async def items_async(self):
            return [item async for item in Item.objects.all()]
        """,
    ),
    Case(
        "afilter() does not exist",
        "AF201",
        """
        async def active_async(self):
            return await Item.objects.afilter(active=True)
        """,
        """
        async def active_async(self):
            return [item async for item in Item.objects.filter(active=True)]
        """,
    ),
    Case(
        "helper coroutine called and dropped",
        "AF301",
        """
        async def create_item(data):
            helper.create_item_async(data)
        """,
        """
        async def create_item(data):
            await helper.create_item_async(data)
        """,
    ),
    Case(
        "coroutine tested for truth",
        "AF301",
        """
        async def check(item_id):
            if helper.exists_async(item_id):
                return True
        """,
        """
        async def check(item_id):
            if await helper.exists_async(item_id):
                return True
        """,
    ),
    Case(
        "async ORM call never awaited",
        "AF301",
        """
        async def rename_async(self, item):
            item.asave()
        """,
        """
        async def rename_async(self, item):
            await item.asave()
        """,
    ),
    Case(
        "coroutine assigned and never used",
        "AF301",
        """
        async def refresh(self):
            result = self.helper.refresh_async()
        """,
        """
        async def refresh(self):
            pending = self.helper.refresh_async()
            return await pending
        """,
    ),
    Case(
        "async_to_sync inside sync_to_async",
        "AF401",
        """
        from asgiref.sync import async_to_sync, sync_to_async

        def report():
            return async_to_sync(fetch_async)()

        async def report_async():
            return await sync_to_async(report, thread_sensitive=True)()
        """,
        """
        from asgiref.sync import sync_to_async

        def report():
            return build_report()

        async def report_async():
            return await sync_to_async(report, thread_sensitive=True)()
        """,
    ),
    Case(
        "sync_to_async decorator over async_to_sync",
        "AF401",
        """
        from asgiref.sync import async_to_sync, sync_to_async

        @sync_to_async
        def report():
            return async_to_sync(fetch_async)()
        """,
        """
        from asgiref.sync import sync_to_async

        @sync_to_async(thread_sensitive=True)
        def report():
            return build_report()
        """,
    ),
    Case(
        "ORM query in a Django route",
        "AF501",
        """
        @router.get("/items/{item_id}")
        async def get_item(item_id: int):
            return await Item.objects.aget(pk=item_id)
        """,
        """
        @router.get("/items/{item_id}")
        async def get_item(item_id: int):
            return await helper.get_item_async(item_id)
        """,
    ),
    Case(
        "session query in a SQLAlchemy route",
        "AF501",
        """
        from sqlalchemy import select

        @router.get("/items")
        async def list_items(db: DatabaseDep):
            async with db.reader_async() as session:
                return (await session.scalars(select(Item))).all()
        """,
        """
        @router.get("/items")
        async def list_items(helper: HelperDep):
            return await helper.list_items_async()
        """,
    ),
    Case(
        "HTTP client per request",
        "AF601",
        """
        import httpx2

        @router.get("/rates")
        async def rates():
            async with httpx2.AsyncClient() as client:
                return (await client.get("https://rates.example/latest")).json()
        """,
        """
        @router.get("/rates")
        async def rates(upstream: RatesDep):
            return await upstream.get_json_async("/latest")
        """,
    ),
    Case(
        "fire-and-forget task",
        "AF701",
        """
        import asyncio

        async def notify_async(self):
            asyncio.create_task(self.send_async())
        """,
        """
        import asyncio

        async def notify_async(self):
            async with asyncio.TaskGroup() as group:
                group.create_task(self.send_async())
        """,
    ),
]
