from followup_gui.services import changes as ch
from followup_gui.services.changes import EVERYTHING, NOTHING, Changes, WithChanges


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


def test_cards_and_plans_name_one_kind_and_a_result_carries_its_changes():
    assert ch.cards([1]) == Changes(cards=True, application_ids=frozenset({1}))
    assert not ch.cards([1]).plans and ch.cards([1]).board
    assert not ch.plans([2]).cards and ch.plans([2]).board
    assert (ch.cards([1]) | ch.plans([2])).application_ids == {1, 2}
    done = WithChanges(3, ch.plans([2]))
    assert done.value == 3 and done.changes == ch.plans([2])
    assert done == WithChanges(3, ch.plans([2]))
