from datetime import timedelta

from bobby_core.model import ExerciseResult, ResultId, ResultStatus
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, next_id, stored_user


async def test_results_keep_fields_score_and_abandoned_step_oldest_first(
        uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    finished = ExerciseResult(
        id=ResultId(next_id("res")), user_id=user.id, flow_id="reflect", flow_version=1,
        status=ResultStatus.FINISHED, started_at=T0, ended_at=T0 + timedelta(minutes=9),
        fields={"event": "A hard day", "socratic_talk": [{"role": "user", "content": "hm"}]},
        feel_after=4)
    abandoned = ExerciseResult(
        id=ResultId(next_id("res")), user_id=user.id, flow_id="reflect", flow_version=2,
        status=ResultStatus.ABANDONED, started_at=T0, ended_at=T0,
        abandoned_at_step="belief")
    async with uow() as work:
        await work.results.add(finished)
        await work.results.add(ExerciseResult(
            id=ResultId(next_id("res")), user_id=other.id, flow_id="reflect", flow_version=1,
            status=ResultStatus.FINISHED, started_at=T0, ended_at=T0))
        await work.results.add(abandoned)
        await work.commit()
    async with uow() as work:
        assert await work.results.list_for_flows(user.id, {"reflect"}) == [finished, abandoned]


async def test_results_are_read_back_for_the_flows_asked_for(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)

    def result(flow_id: str) -> ExerciseResult:
        return ExerciseResult(id=ResultId(next_id("res")), user_id=user.id, flow_id=flow_id,
                              flow_version=1, status=ResultStatus.FINISHED, started_at=T0,
                              ended_at=T0, fields={"day": 1})

    journal, reflect, boundaries = result("journaling"), result("reflect"), result("boundaries")
    async with uow() as work:
        for row in (journal, reflect, boundaries):
            await work.results.add(row)
        await work.commit()
    async with uow() as work:
        found = await work.results.list_for_flows(user.id, {"journaling", "boundaries"})
    assert found == [journal, boundaries]
