"""Who wrote the posts: the loyalty id a direct message links to a handle (masked but for the liaison), the
author's recent posts (bounded), the profile table's tiers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ioc_stream.alerts.authors import AuthorBook
from ioc_stream.correlate.posts import to_post
from ioc_stream.desk_config import ProfileTableError, load_profiles
from ioc_stream.enrich import enrich
from ioc_stream.models import SocialMention
from ioc_stream.serve.samples import sample_alerts

T0 = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


def post(n: int, handle: str, text: str = "flight 2390 delayed again", loyalty: str | None = None, public=False):
    return enrich(
        SocialMention.model_validate(
            {
                "id": f"p{n}",
                "platform": "x",
                "author": {"handle": handle},
                "text": text,
                "created_at": (T0 + timedelta(minutes=n)).isoformat(),
                "channel": "public" if public or not loyalty else "direct",
                "customer": {"loyalty_id": loyalty} if loyalty else None,
            }
        )
    )


def test_a_direct_message_links_its_loyalty_id_to_the_handle_and_only_the_liaison_sees_it_whole() -> None:
    book = AuthorBook({"AA84127731": "Executive Platinum"})
    book.add(post(1, "jgarcia_88", "my number is AA84127731, any news on 2390?", loyalty="AA84127731"))
    book.add(post(2, "JGarcia_88", "still waiting at the gate, flight 2390"))
    full, masked = book.customer("@jgarcia_88", full=True), book.customer("jgarcia_88")
    assert (full.loyalty_id, full.masked, full.tier) == ("AA84127731", False, "Executive Platinum")
    assert (masked.loyalty_id, masked.masked) == ("****7731", True)
    history = book.history("jgarcia_88", sample_alerts(T0))
    assert [p.post_id for p in history.posts] == ["p2", "p1"]  # one author whatever the case of the handle
    assert history.posts[1].excerpt == "my number is ****7731, any news on 2390?"  # never whole in a post
    assert [a.alert_id for a in history.alerts] == ["a-2390-div"]  # his direct message is evidence there


def test_a_public_post_claiming_a_loyalty_id_links_nothing() -> None:
    book = AuthorBook()
    book.add(post(1, "mallory", "I am AA84127731", loyalty="AA84127731", public=True))
    assert book.customer("mallory", full=True) is None


def test_the_book_is_bounded_and_a_reread_feed_adds_nothing() -> None:
    book = AuthorBook(max_authors=2, posts_per_author=2, max_links=1)
    for n in range(4):
        book.add(post(n, "ana"))
    book.add(post(3, "ana"))  # the same post read again after a reconnect
    book.add(post(10, "bea", loyalty="AA00000001"))
    book.add(post(11, "cal", loyalty="AA00000002"))
    assert len(book) == 2 and book.history("ana", []).posts == []  # the least recently heard from went
    assert [p.post_id for p in book.history("bea", []).posts] == ["p10"]
    assert book.customer("bea") is None and book.customer("cal").loyalty_id == "****0002"  # one link kept
    book = AuthorBook(posts_per_author=2)
    for n in range(4):
        book.add(post(n, "ana"))
    assert [p.post_id for p in book.history("ana", []).posts] == ["p3", "p2"]


def test_alert_evidence_masks_the_loyalty_id_a_direct_message_gives() -> None:
    evidence = to_post(post(1, "jgarcia_88", "socio aa84127731, vuelo 2390 desviado", loyalty="AA84127731"))
    assert evidence.excerpt == "socio ****7731, vuelo 2390 desviado" and evidence.loyalty == "****7731"


def test_the_profile_table(tmp_path) -> None:
    path = tmp_path / "profiles.csv"
    path.write_text("\ufeffloyalty_id, tier ,since\nAA84127731,Executive Platinum,2019\nAA55501234,Gold,\n")
    assert load_profiles(path) == {"AA84127731": "Executive Platinum", "AA55501234": "Gold"}
    path.write_text("id,tier\nAA1,Gold\n")
    with pytest.raises(ProfileTableError, match="must name loyalty_id and tier"):
        load_profiles(path)
    path.write_text("loyalty_id,tier\nAA84127731,\n")
    with pytest.raises(ProfileTableError, match="row 2") as refused:
        load_profiles(path)
    assert "AA84127731" not in str(refused.value)  # an error names the row, never the id
    with pytest.raises(ProfileTableError, match="cannot read"):
        load_profiles(tmp_path / "missing.csv")
