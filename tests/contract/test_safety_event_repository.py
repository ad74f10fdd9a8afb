from bobby_core.model import LayerVerdict, SafetyEvent
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, next_id, stored_user


async def test_safety_events_are_kept_per_user_oldest_first_for_the_export(uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    events = [SafetyEvent(id=next_id("safe"), user_id=user.id, created_at=T0,
                          categories=("self-harm", "violence"), screener="offline",
                          flow_id="reflect", step_id="belief", verdicts=(
                              LayerVerdict(layer="offline-rules", flagged=True,
                                           categories=("self_harm",)),
                              LayerVerdict(layer="openai-moderation", flagged=True,
                                           categories=("violence",), score=0.71),
                              LayerVerdict(layer="model-risk-check", flagged=False, failed=True))),
              SafetyEvent(id=next_id("safe"), user_id=user.id, created_at=T0, categories=(),
                          screener="openai")]
    async with uow() as work:
        await work.safety_events.add(events[0])
        await work.safety_events.add(SafetyEvent(id=next_id("safe"), user_id=other.id,
                                                 created_at=T0, categories=(), screener="x"))
        await work.safety_events.add(events[1])
        await work.commit()
    async with uow() as work:
        # Nothing in the product reads an event back but the export (and the admin's counts).
        rows = (await work.personal_data.rows_about(user.id))["safety_events"]
    assert [(r["id"], r["categories"], r["screener"], r["flow_id"], r["step_id"]) for r in rows] == [
        (e.id, list(e.categories), e.screener, e.flow_id, e.step_id) for e in events]
    assert rows[0]["verdicts"] == [
        {"layer": "offline-rules", "flagged": True, "categories": ["self_harm"], "score": None,
         "failed": False},
        {"layer": "openai-moderation", "flagged": True, "categories": ["violence"], "score": 0.71,
         "failed": False},
        {"layer": "model-risk-check", "flagged": False, "categories": [], "score": None,
         "failed": True}]
    assert rows[1]["verdicts"] == []
