"""The demo banner tells the truth about demo content without asking the database on every page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

BANNER = "Diese Installation enthält Demo-Inhalte"


def _asks_for_demo_people(queries):
    return [q["sql"] for q in queries if "core_user" in q["sql"] and "is_demo" in q["sql"]]


def test_banner_follows_demo_people_coming_and_going(client, db):
    assert BANNER not in client.get("/").content.decode()

    demo = UserFactory(is_demo=True)
    assert BANNER in client.get("/").content.decode()

    demo.delete()
    assert BANNER not in client.get("/").content.decode()


def test_pages_after_the_first_do_not_ask_for_demo_people(client, db):
    UserFactory(is_demo=True)
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()

    assert BANNER in page
    assert not _asks_for_demo_people(queries.captured_queries)
