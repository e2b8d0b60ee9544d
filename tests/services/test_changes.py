from followup_gui.services import changes as ch
from followup_gui.services.changes import EVERYTHING, NOTHING, Changes


def test_nothing_is_falsy_and_any_kind_is_truthy():
    assert not NOTHING
    assert Changes(profile=True)
    assert ch.contacts([3])


def test_union_keeps_named_ids_and_any_wins():
    a = ch.applications([1, 2])
    b = ch.applications([3], stage_moves=True)
    both = a | b
    assert both.application_ids == {1, 2, 3}
    assert both.stage_moves and both.cards and both.plans
    assert (a | Changes(cards=True)).application_ids == frozenset()  # "any"
    assert (ch.contacts([1]) | a).contact_ids == {1}


def test_everything_is_every_kind_and_external_is_kept():
    assert EVERYTHING.everything and EVERYTHING.board
    assert not ch.applications([1]).everything
    outside = EVERYTHING.as_external()
    assert outside.external and outside.everything
    assert not (ch.contacts() | NOTHING).board
