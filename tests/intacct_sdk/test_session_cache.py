import httpx

from intacct_sdk import IntacctClient
from intacct_sdk.testing import FakeIntacct


def test_a_session_handed_to_a_new_client_saves_a_login_and_stays_secret() -> None:
    fake = FakeIntacct()
    fake.add_gl_account("4000")
    with IntacctClient(**fake.credentials(), http_client=httpx.Client(transport=fake)) as first:
        before = first.session
        first.gl_accounts.exists_active(["4000"])
        session = first.session
    assert before is None
    assert session is not None
    assert session.session_id not in repr(session)
    logins = fake.counters.sessions_created
    with IntacctClient(
        **fake.credentials(),
        session_id=session.session_id,
        endpoint_url=session.endpoint,
        http_client=httpx.Client(transport=fake),
    ) as second:
        assert second.gl_accounts.exists_active(["4000"]) == {"4000": True}
    assert fake.counters.sessions_created == logins
