"""Keys of a dict handed to a class method of the model (``Ledger.create(db, data={...})``,
``Entry.search(**filters)``) that the method reads as the model's attributes: spread into
``cls(**data)``, or ``getattr(cls, key)`` for each key, itself or through another class
method of the class (``super().create(...)``, ``cls._where(**kwargs)``). A method that may
take a key out, or hands the dict where it cannot be followed, proves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

BASE = """
    from sqlalchemy.orm import declarative_base


    class CrudMixin:
        @classmethod
        def create(cls, db, *, data):
            if hasattr(cls, "slug"):
                data["slug"] = slug_of(data, cls.__name__)
            row = cls(**data)
            db.add(row)
            return row

        @classmethod
        def search(cls, db, *, limit=10, **filters):
            print(f"searching {cls.__name__} with {filters}")
            return cls._where(db, **filters).limit(limit)

        @classmethod
        def _where(cls, db, **filters):
            query = db.query(cls)
            for name, value in filters.items():
                column = getattr(cls, name)
                query = query.filter(column == value)
            return query


    def slug_of(data, fallback):
        return data.get("slug") or data.get("title") or fallback


    Base = declarative_base(cls=CrudMixin)
"""

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String

    from shop.base import Base


    class Order(Base):
        __tablename__ = "orders"
        id = Column(Integer, primary_key=True)
        channel = Column(String)
        coupon_code = Column(String)

        @classmethod
        def create(cls, db, *, data):
            if "coupon" in data:
                data["coupon_code"] = data["coupon"].upper()
            return super().create(db=db, data=data)


    class Receipt(Base):
        __tablename__ = "receipts"
        id = Column(Integer, primary_key=True)
        order_id = Column(Integer, ForeignKey("orders.id"))
        coupon_code = Column(String)
"""

SERVICES = """
    from shop.models import Order, Receipt


    def place(db, channel):
        return Order.create(db, data={"channel": channel, "coupon_code": None})


    def by_channel(db, channel):
        filters = {}
        filters["channel"] = channel
        return Order.search(db, limit=5, **filters)


    def receipt(db, order):
        return Receipt.create(db, data={"order_id": order.id, "coupon_code": order.coupon_code})
"""


def _project(tmp_path: Path, base: str = BASE, models: str = MODELS) -> dict[str, str]:
    return write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/base.py": base,
            "shop/models.py": models,
            "shop/services.py": SERVICES,
        },
    )


def test_a_key_given_to_the_models_create_is_a_reference(tmp_path: Path) -> None:
    files = _project(tmp_path)
    services = files["shop/services.py"]
    rows = accounted(tmp_path, "orders.channel")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/services.py", *at(services, 'data={"^channel"'), "CR106 certain") in rows


def test_a_key_spread_into_a_class_method_that_reads_it_with_getattr(tmp_path: Path) -> None:
    files = _project(tmp_path)
    services = files["shop/services.py"]
    rows = accounted(tmp_path, "orders.channel")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/services.py", *at(services, 'filters["^channel"]'), "CR106 certain") in rows


def test_keys_a_class_method_of_the_model_writes_into_its_parameter(tmp_path: Path) -> None:
    files = _project(tmp_path)
    models = files["shop/models.py"]
    rows = accounted(tmp_path, "orders.coupon_code")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/models.py", *at(models, 'data["^coupon_code"]'), "CR106 certain") in rows


def test_another_models_class_method_is_not_this_ones(tmp_path: Path) -> None:
    files = _project(tmp_path)
    services = files["shop/services.py"]
    rows = accounted(tmp_path, "orders.coupon_code")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    key = ("shop/services.py", *at(services, '"^coupon_code": order'))
    assert not any(row[:3] == key and row[3].startswith("CR106") for row in rows)


@pytest.mark.parametrize(
    "change",
    [
        # a key taken out before the row is built
        (
            "            row = cls(**data)\n",
            '            data.pop("channel", None)\n            row = cls(**data)\n',
        ),
        # the dict handed to code that cannot be followed first
        (
            "            row = cls(**data)\n",
            "            db.audit(data)\n            row = cls(**data)\n",
        ),
        # the parameter bound to another dict
        (
            "            row = cls(**data)\n",
            '            data = {"id": None}\n            row = cls(**data)\n',
        ),
        # a helper the dict is handed to that takes the key out
        (
            '        return data.get("slug")',
            '        data.pop("channel", None)\n        return data.get("slug")',
        ),
        # not a class method: cls is whatever the caller gives
        ("        @classmethod\n        def create(", "        @staticmethod\n        def create("),
    ],
)
def test_a_create_that_may_lose_the_key_proves_nothing(
    tmp_path: Path, change: tuple[str, str]
) -> None:
    assert change[0] in BASE
    files = _project(tmp_path, base=BASE.replace(*change))
    services = files["shop/services.py"]
    rows = accounted(tmp_path, "orders.channel")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/services.py", *at(services, 'data={"^channel"'), "unexplained") in rows


@pytest.mark.parametrize(
    "change",
    [
        # the key read off another object than the class
        ("column = getattr(cls, name)", "column = getattr(db, name)"),
        # the loop's key replaced before it is read
        ("column = getattr(cls, name)", 'name = "id"\n                column = getattr(cls, name)'),
        # the filters handed on to code that cannot be followed
        ("return cls._where(db, **filters)", "return cls._where(db, **remap(filters))"),
    ],
)
def test_a_search_that_may_not_read_the_key_proves_nothing(
    tmp_path: Path, change: tuple[str, str]
) -> None:
    assert change[0] in BASE
    files = _project(tmp_path, base=BASE.replace(*change))
    services = files["shop/services.py"]
    rows = accounted(tmp_path, "orders.channel")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/services.py", *at(services, 'filters["^channel"]'), "unexplained") in rows


def test_a_helper_that_takes_a_key_out_spoils_the_parameters_keys(tmp_path: Path) -> None:
    models = MODELS.replace(
        '            if "coupon" in data:\n',
        '            data.pop("coupon_code", None)\n            if "coupon" in data:\n',
    )
    files = _project(tmp_path, models=models)
    rows = accounted(tmp_path, "orders.coupon_code")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    key = ("shop/models.py", *at(files["shop/models.py"], 'data["^coupon_code"]'))
    assert (*key, "unexplained") in rows


UPSERT = """
    from shop.models import Receipt


    def upsert(db, existing, record_class, record_data):
        if existing:
            existing.refresh(db, record_data)
        else:
            existing = record_class.create(db=db, data=record_data)
        return existing


    def issue(db, order, existing):
        receipt_data = {"coupon_code": order.coupon_code}
        receipt_data["order_id"] = order.id
        return upsert(db, existing, record_class=Receipt, record_data=receipt_data)
"""


def _upsert(tmp_path: Path, upsert: str = UPSERT) -> dict[str, str]:
    files = _project(tmp_path)
    files.update(write(tmp_path, {"shop/upsert.py": upsert}))
    return files


def test_a_dict_given_with_the_models_class_to_a_function_that_creates_it(
    tmp_path: Path,
) -> None:
    files = _upsert(tmp_path)
    upsert = files["shop/upsert.py"]
    rows = accounted(tmp_path, "receipts.order_id")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/upsert.py", *at(upsert, 'receipt_data["^order_id"]'), "CR106 certain") in rows


@pytest.mark.parametrize(
    "change",
    [
        # the call that cannot be followed comes first on the same path
        (
            "        else:\n            existing = record_class.create(",
            "        if True:\n            existing = record_class.create(",
        ),
        # a loop may run the other branch first
        (
            "        if existing:\n",
            "        for _ in range(2):\n            if existing:\n",
        ),
        # the class parameter bound to something else
        (
            "        if existing:\n",
            "        record_class = pick(record_class)\n        if existing:\n",
        ),
    ],
)
def test_a_function_that_may_lose_the_key_first_proves_nothing(
    tmp_path: Path, change: tuple[str, str]
) -> None:
    assert change[0] in UPSERT
    text = UPSERT.replace(*change)
    if "for _ in range" in text:  # the loop's body one level deeper
        head, _, tail = text.partition("            if existing:\n")
        body, _, rest = tail.partition("        return existing\n")
        body = "".join("    " + line if line else line for line in body.splitlines(True))
        text = head + "            if existing:\n" + body + "        return existing\n" + rest
    files = _upsert(tmp_path, text)
    upsert = files["shop/upsert.py"]
    rows = accounted(tmp_path, "receipts.order_id")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/upsert.py", *at(upsert, 'receipt_data["^order_id"]'), "unexplained") in rows


CHECKED = (
    MODELS.replace(
        '            if "coupon" in data:\n',
        '            require_channel(data)\n            if "coupon" in data:\n',
    )
    + """

    def require_channel(data):
        if not data.get("channel"):
            raise ValueError("an order needs a channel")
"""
)


def test_a_key_a_helper_reads_in_the_dict_a_class_method_of_the_model_gives_it(
    tmp_path: Path,
) -> None:
    files = _project(tmp_path, models=CHECKED)
    models = files["shop/models.py"]
    rows = accounted(tmp_path, "orders.channel")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/models.py", *at(models, 'data.get("^channel")'), "CR106 certain") in rows


@pytest.mark.parametrize(
    "change",
    [
        # the class method hands the dict on to nothing that builds the row
        (
            "            return super().create(db=db, data=data)\n",
            "            return db.insert(data)\n",
        ),
        # the helper called from a function that is no class method of the model
        (
            "        @classmethod\n        def create(cls, db, *, data):\n",
            "        def create(self, db, *, data):\n",
        ),
    ],
)
def test_a_helper_whose_callers_do_not_build_the_row_proves_nothing(
    tmp_path: Path, change: tuple[str, str]
) -> None:
    assert change[0] in CHECKED
    files = _project(tmp_path, models=CHECKED.replace(*change))
    models = files["shop/models.py"]
    rows = accounted(tmp_path, "orders.channel")
    assert not any(row[3] == "CR001 certain" for row in rows)  # every file parses
    assert ("shop/models.py", *at(models, 'data.get("^channel")'), "unexplained") in rows
