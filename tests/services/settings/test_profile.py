"""The profile and the re-plan after new settings report what they changed."""

from __future__ import annotations

from followup_gui.domain import Profile
from followup_gui.scheduling import PlannerSettings
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING, Changes
from followup_gui.services.settings.profile import load_profile, replan_everything, save_profile
from followup_gui.storage import Database
from tests.services.followups.outcome_data import NOW, make_application


def test_saving_the_profile_reports_the_profile_changed_once(db: Database) -> None:
    me = Profile(name="Sam Doe", phone="+1 212 555 0199", email="sam@example.com")
    assert save_profile(db, me) == Changes(profile=True)
    assert load_profile(db).name == "Sam Doe"
    assert save_profile(db, me) == NOTHING, "the same values again change nothing"


def test_a_replan_with_new_settings_reports_the_plans_it_changed(db: Database) -> None:
    app_id = make_application(db)
    assert replan_everything(db, NOW, PlannerSettings()) == NOTHING, "same settings, same plan"
    later = PlannerSettings(business_start=PlannerSettings().business_start.replace(hour=11))
    changes = replan_everything(db, NOW, later)
    assert changes == ch.plans([app_id])
    assert not changes.cards
