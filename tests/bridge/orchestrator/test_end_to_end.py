from collections import Counter

from bridge.stores import RecordState


def bills_by_number(bridge) -> Counter:
    return Counter(r["RECORDID"] for r in bridge.intacct.records("APBILL"))


def test_first_run_posts_every_ready_order_once(bridge) -> None:
    report = bridge.orchestrator.run_once()
    print(report.summary())
    assert not report.errors
    synced = bridge.store.find(stream="orders", states=[RecordState.SYNCED])
    assert synced
    numbers = bills_by_number(bridge)
    assert all(count == 1 for count in numbers.values())
    assert len(numbers) == len(synced)
