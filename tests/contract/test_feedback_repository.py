from bobby_core.model import Feedback
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, next_id, stored_user


async def test_feedback_is_kept_per_user_oldest_first_for_the_export(uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    items = [Feedback(id=next_id("fb"), user_id=user.id, created_at=T0, kind="exercise",
                      text="Really helpful", flow_id="reflect"),
             Feedback(id=next_id("fb"), user_id=user.id, created_at=T0, kind="general",
                      text="x" * 5000)]
    async with uow() as work:
        await work.feedback.add(items[0])
        await work.feedback.add(Feedback(id=next_id("fb"), user_id=other.id, created_at=T0,
                                         kind="general", text="other"))
        await work.feedback.add(items[1])
        await work.commit()
    async with uow() as work:
        # Nothing in the product reads feedback back but the export (and the admin's list).
        rows = (await work.personal_data.rows_about(user.id))["feedback"]
    assert [(r["id"], r["kind"], r["text"], r["flow_id"]) for r in rows] == [
        (f.id, f.kind, f.text, f.flow_id) for f in items]
