"""CommerceClient against small in-process handlers: paths, scopes, paging, updates, config."""

import json
import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from commerce_sdk import (
    AdminToken,
    BearerToken,
    CommerceClient,
    CommerceError,
    ConfigurationError,
    Flavor,
    IMSCredentials,
    NotFoundError,
    OAuth1,
    SearchCriteria,
)
from commerce_sdk.models import Company, CreditMemo, Customer, Order

PAAS = "https://shop.example.com"
SAAS = "https://na1-sandbox.api.commerce.adobe.com/T1"


def paas(handler: Any, **kwargs: Any) -> CommerceClient:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    kwargs.setdefault("auth", BearerToken("t"))
    return CommerceClient(PAAS, http_client=http, **kwargs)


def ok(body: Any) -> Any:
    return lambda request: httpx.Response(200, json=body)


def query(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.url.query.decode(), keep_blank_values=True))


# -- flavors and paths -------------------------------------------------------------------------
def test_paas_paths_carry_the_store_code_and_no_store_header(cx_recorder, cx_fixture):
    rec = cx_recorder(ok(cx_fixture("order_configurable_b2b.json")))
    client = CommerceClient(
        PAAS + "/rest/default/V1/orders",
        auth=BearerToken("t"),
        store_code="us_en",
        http_client=rec.client(),
    )
    assert client.flavor is Flavor.PAAS
    order = client.orders.get(5)
    assert isinstance(order, Order)
    assert str(rec.requests[0].url) == "https://shop.example.com/rest/us_en/V1/orders/5"
    assert "Store" not in rec.requests[0].headers


def test_saas_paths_have_no_rest_prefix_and_send_the_store_header(cx_recorder, cx_fixture):
    rec = cx_recorder(ok(cx_fixture("order_configurable_b2b.json")))
    ims = IMSCredentials("id", "secret")
    ims._token, ims._expires_at = "tok", None  # skip the token fetch for this path test
    client = CommerceClient(SAAS, auth=ims, store_code="default", http_client=rec.client())
    assert client.flavor is Flavor.SAAS
    client.orders.get(5)
    request = rec.requests[0]
    assert str(request.url) == f"{SAAS}/V1/orders/5"
    assert request.headers["Store"] == "default"
    assert request.headers["x-api-key"] == "id"


@pytest.mark.parametrize(
    "auth",
    [OAuth1("k", "s", "t", "ts"), AdminToken("admin", "pw")],
    ids=["oauth1", "admin-token"],
)
def test_a_saas_client_refuses_non_ims_auth_at_construction(auth):
    with pytest.raises(ConfigurationError, match=r"SaaS.*only IMS"):
        CommerceClient(SAAS, auth=auth)


def test_a_saas_client_accepts_a_bearer_token_you_manage():
    client = CommerceClient(SAAS, auth=BearerToken("ims-access-token"))
    assert client.flavor is Flavor.SAAS


def test_the_flavor_can_be_overridden():
    client = CommerceClient(SAAS, auth=OAuth1("k", "s", "t", "ts"), flavor="paas")
    assert client.flavor is Flavor.PAAS
    assert client.endpoints.rest("orders") == f"{SAAS}/rest/all/V1/orders"
    with pytest.raises(ConfigurationError, match="flavor"):
        CommerceClient(PAAS, auth=BearerToken("t"), flavor="cloud")


def test_graphql_on_paas_sends_the_store_header():
    client = CommerceClient(PAAS, auth=BearerToken("t"), store_code="b2b")
    assert client.endpoints.graphql_url == f"{PAAS}/graphql"
    assert client._headers(graphql=True)["Store"] == "b2b"


def test_a_bad_store_code_or_auth_is_refused():
    with pytest.raises(ConfigurationError, match="store_code"):
        CommerceClient(PAAS, auth=BearerToken("t"), store_code="a/b")
    with pytest.raises(ConfigurationError, match="auth"):
        CommerceClient(PAAS, auth="token")  # type: ignore[arg-type]


def test_credit_memo_get_uses_the_singular_path_and_list_the_plural(cx_recorder):
    memo = {"entity_id": 9, "order_id": 1, "grand_total": 5, "items": []}

    def route(request):
        if request.url.path.endswith("/creditmemo/9"):
            return httpx.Response(200, json=memo)
        return httpx.Response(200, json={"items": [memo], "total_count": 1})

    rec = cx_recorder(route)
    with paas(rec) as client:
        assert isinstance(client.credit_memos.get(9), CreditMemo)
        assert [m.entity_id for m in client.credit_memos.iter()] == [9]
    assert rec.requests[0].url.path == "/rest/all/V1/creditmemo/9"
    assert rec.requests[1].url.path == "/rest/all/V1/creditmemos"


def test_an_id_with_a_slash_is_refused_before_sending(cx_recorder):
    rec = cx_recorder(ok({}))
    with paas(rec) as client, pytest.raises(ValueError, match="contains '/'"):
        client.orders.get("12/3")
    assert rec.requests == []


def test_get_by_increment_id_searches_and_reports_a_miss(cx_recorder, cx_fixture):
    order = cx_fixture("order_configurable_b2b.json")
    answers = [{"items": [order], "total_count": 1}, {"items": [], "total_count": 0}]
    rec = cx_recorder(lambda request: httpx.Response(200, json=answers.pop(0)))
    with paas(rec) as client:
        found = client.orders.get_by_increment_id(order["increment_id"])
        assert found.increment_id == order["increment_id"]
        with pytest.raises(NotFoundError, match="increment_id '000000999'"):
            client.orders.get_by_increment_id("000000999")
    q = query(rec.requests[0])
    assert q["searchCriteria[filter_groups][0][filters][0][field]"] == "increment_id"
    assert q["searchCriteria[filter_groups][0][filters][0][value]"] == order["increment_id"]


# -- paging ----------------------------------------------------------------------------------
def orders(n: int) -> list[dict[str, Any]]:
    return [{"entity_id": i, "increment_id": f"{i:09d}", "items": []} for i in range(1, n + 1)]


def test_iter_stops_on_total_count_and_never_loops_on_the_last_page_clamp(cx_list):
    store = cx_list(orders(5))
    with paas(store.page) as client:
        got = [o.entity_id for o in client.orders.iter(page_size=2)]
    assert got == [1, 2, 3, 4, 5]
    assert store.pages_asked == [1, 2, 3]


def test_iter_stops_when_the_total_is_an_exact_multiple(cx_list):
    store = cx_list(orders(4))
    with paas(store.page) as client:
        assert len(list(client.orders.iter(page_size=2))) == 4
    assert store.pages_asked == [1, 2]


def test_iter_on_an_empty_collection_asks_once(cx_list):
    store = cx_list([])
    with paas(store.page) as client:
        assert list(client.orders.iter()) == []
    assert store.pages_asked == [1]


def test_iter_stops_on_a_short_page_even_if_total_count_says_more(cx_recorder):
    pages = [
        {"items": orders(3)[:2], "total_count": 10},
        {"items": orders(3)[2:], "total_count": 10},
    ]
    rec = cx_recorder(lambda request: httpx.Response(200, json=pages.pop(0)))
    with paas(rec) as client:
        assert [o.entity_id for o in client.orders.iter(page_size=2)] == [1, 2, 3]
    assert len(rec.requests) == 2


def test_iter_dedupes_rows_repeated_across_pages(cx_recorder):
    rows = orders(4)
    pages = [
        {"items": rows[0:2], "total_count": 4},
        {"items": [rows[1], rows[2]], "total_count": 4},  # row 2 shifted into page 2
    ]
    rec = cx_recorder(lambda request: httpx.Response(200, json=pages.pop(0)))
    with paas(rec) as client:
        assert [o.entity_id for o in client.orders.iter(page_size=2)] == [1, 2, 3]


def test_iter_is_lazy(cx_list):
    store = cx_list(orders(6))
    with paas(store.page) as client:
        iterator = client.orders.iter(page_size=2)
        next(iterator)
        assert store.pages_asked == [1]


def test_updated_since_sends_the_incremental_recipe(cx_list):
    store = cx_list([{"entity_id": 1, "order_id": 1, "items": []}])
    rec_query: list[dict[str, str]] = []

    def handler(request):
        rec_query.append(query(request))
        return store.page(request)

    since = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    with paas(handler) as client:
        list(client.invoices.iter(updated_since=since, page_size=50))
    q = rec_query[0]
    assert q["searchCriteria[filter_groups][0][filters][0][value]"] == "2024-05-01 12:00:00"
    assert q["searchCriteria[filter_groups][0][filters][0][condition_type]"] == "gteq"
    assert q["searchCriteria[sortOrders][0][field]"] == "updated_at"
    assert q["searchCriteria[sortOrders][1][field]"] == "entity_id"
    assert q["searchCriteria[pageSize]"] == "50"
    assert q["searchCriteria[currentPage]"] == "1"


def test_a_search_is_combined_with_paging(cx_list):
    store = cx_list(orders(3))
    seen: list[dict[str, str]] = []

    def handler(request):
        seen.append(query(request))
        return store.page(request)

    with paas(handler) as client:
        list(client.orders.iter(SearchCriteria().where("state", "processing"), page_size=2))
    assert seen[1]["searchCriteria[filter_groups][0][filters][0][value]"] == "processing"
    assert seen[1]["searchCriteria[currentPage]"] == "2"


# -- full-replace updates --------------------------------------------------------------------
def test_customer_update_keeps_every_field_and_merges_custom_attributes(cx_recorder, cx_fixture):
    current = cx_fixture("customer_with_company.json")

    def route(request):
        if request.method == "PUT":
            return httpx.Response(200, json=json.loads(request.content)["customer"])
        return httpx.Response(200, json=current)

    rec = cx_recorder(route)
    with paas(rec) as client:
        updated = client.customers.update(
            42,
            {
                "lastname": "López",
                "custom_attributes": [{"attribute_code": "vendor_code", "value": "V-200"}],
                "extension_attributes": {"company_attributes": {"job_title": "Head buyer"}},
            },
        )
    assert isinstance(updated, Customer)
    put = rec.requests[1]
    assert put.method == "PUT"
    assert put.url.path == "/rest/all/V1/customers/42"
    sent = rec.json_body(1)["customer"]
    assert sent["lastname"] == "López"
    assert sent["id"] == 42
    # untouched fields survive the full replace
    for key in ("email", "firstname", "group_id", "website_id", "addresses", "default_billing"):
        assert sent[key] == current[key]
    assert sent["custom_attributes"] == [
        {"attribute_code": "vendor_code", "value": "V-200"},
        {"attribute_code": "erp_sync", "value": "1"},
    ]
    company = sent["extension_attributes"]["company_attributes"]
    assert company["job_title"] == "Head buyer"
    assert company["company_id"] == 3
    assert sent["extension_attributes"]["is_subscribed"] is False


def test_company_update_with_a_function_sends_the_whole_company(cx_recorder, cx_fixture):
    current = cx_fixture("company.json")

    def route(request):
        if request.method == "PUT":
            return httpx.Response(200, json=json.loads(request.content)["company"])
        return httpx.Response(200, json=current)

    def change(record):
        record["telephone"] = "555-0000"
        return record

    rec = cx_recorder(route)
    with paas(rec) as client:
        company = client.companies.update(3, change)
    assert isinstance(company, Company)
    sent = rec.json_body(1)["company"]
    assert rec.requests[1].url.path == "/rest/all/V1/company/3"
    assert sent["telephone"] == "555-0000"
    for key in (
        "company_name",
        "company_email",
        "street",
        "city",
        "country_id",
        "region",
        "postcode",
        "customer_group_id",
        "super_user_id",
        "extension_attributes",
    ):
        assert sent[key] == current[key]


def test_update_refuses_changes_of_the_wrong_type(cx_recorder, cx_fixture):
    rec = cx_recorder(ok(cx_fixture("company.json")))
    with paas(rec) as client, pytest.raises(TypeError, match="mapping or a callable"):
        client.companies.update(3, ["telephone"])  # type: ignore[arg-type]


def test_customers_iter_uses_the_search_endpoint_and_dedupes_on_id(cx_list, cx_fixture):
    customer = cx_fixture("customer_with_company.json")
    store = cx_list([customer, dict(customer)], id_field="id")
    seen: list[str] = []

    def handler(request):
        seen.append(request.url.path)
        return store.page(request)

    with paas(handler) as client:
        assert [c.id for c in client.customers.iter()] == [42]
    assert seen == ["/rest/all/V1/customers/search"]


def test_companies_iter_uses_get_company(cx_list, cx_fixture):
    store = cx_list([cx_fixture("company.json")], id_field="id")
    seen: list[str] = []

    def handler(request):
        seen.append(request.url.path)
        return store.page(request)

    with paas(handler) as client:
        assert [c.company_name for c in client.companies.iter()] == ["Acme Tools"]
    assert seen == ["/rest/all/V1/company"]


# -- from_env --------------------------------------------------------------------------------
OAUTH_ENV = {
    "COMMERCE_CONSUMER_KEY": "ck",
    "COMMERCE_CONSUMER_SECRET": "cs",
    "COMMERCE_ACCESS_TOKEN": "at",
    "COMMERCE_ACCESS_TOKEN_SECRET": "ats",
}
IMS_ENV = {"COMMERCE_IMS_CLIENT_ID": "cid", "COMMERCE_IMS_CLIENT_SECRET": "csec"}


def test_from_env_with_both_credential_sets_lets_the_flavor_decide():
    both = {**OAUTH_ENV, **IMS_ENV}
    paas_client = CommerceClient.from_env({"COMMERCE_BASE_URL": PAAS, **both})
    saas_client = CommerceClient.from_env({"COMMERCE_BASE_URL": SAAS, **both})
    assert isinstance(paas_client.auth, OAuth1)
    assert isinstance(saas_client.auth, IMSCredentials)


def test_from_env_reads_store_flavor_org_and_retries():
    client = CommerceClient.from_env(
        {
            "COMMERCE_BASE_URL": SAAS,
            "COMMERCE_FLAVOR": "PaaS",
            "COMMERCE_STORE_CODE": "de",
            "COMMERCE_IMS_ORG_ID": "O@AdobeOrg",
            "COMMERCE_MAX_RETRIES": "1",
            **IMS_ENV,
        }
    )
    assert client.flavor is Flavor.PAAS
    assert client.store_code == "de"
    assert isinstance(client.auth, IMSCredentials)
    assert client.auth.org_id == "O@AdobeOrg"


def test_from_env_on_saas_without_ims_names_the_missing_variables():
    with pytest.raises(ConfigurationError, match="COMMERCE_IMS_CLIENT_ID"):
        CommerceClient.from_env({"COMMERCE_BASE_URL": SAAS, **OAUTH_ENV})


def test_from_env_names_a_partly_set_group_and_a_missing_url():
    partial = {"COMMERCE_BASE_URL": PAAS, "COMMERCE_CONSUMER_KEY": "ck"}
    with pytest.raises(ConfigurationError, match="COMMERCE_ACCESS_TOKEN_SECRET"):
        CommerceClient.from_env(partial)
    with pytest.raises(ConfigurationError, match="COMMERCE_BASE_URL"):
        CommerceClient.from_env({})


def test_from_env_treats_unexpanded_placeholders_as_unset():
    env = {"COMMERCE_BASE_URL": PAAS, "COMMERCE_CONSUMER_KEY": "$COMMERCE_CONSUMER_KEY", **IMS_ENV}
    assert isinstance(CommerceClient.from_env(env).auth, IMSCredentials)


def test_from_env_admin_user_and_company_user():
    client = CommerceClient.from_env(
        {
            "COMMERCE_BASE_URL": PAAS,
            "COMMERCE_ADMIN_USERNAME": "admin",
            "COMMERCE_ADMIN_PASSWORD": "pw",
            "COMMERCE_COMPANY_USER_EMAIL": "buyer@acme.example",
            "COMMERCE_COMPANY_USER_PASSWORD": "pw2",
        }
    )
    assert isinstance(client.auth, AdminToken)
    assert client.company_user is not None
    assert client.company_user.email == "buyer@acme.example"
    assert "pw2" not in repr(client.company_user)


# -- secrets stay out of logs and reprs ---------------------------------------------------------
def test_logs_and_reprs_never_carry_secrets_tokens_or_signatures(caplog, cx_list, cx_sleeps):
    store = cx_list(orders(3))
    calls = {"n": 0}

    def handler(request):
        calls["n"] += 1
        if calls["n"] == 1:
            return httpx.Response(503, json={"message": "busy"})
        return store.page(request)

    auth = OAuth1("ck-visible", "CONSUMER-SECRET", "ACCESS-TOKEN", "TOKEN-SECRET")
    http = httpx.Client(transport=httpx.MockTransport(handler))
    caplog.set_level(logging.DEBUG, logger="commerce_sdk")
    with CommerceClient(PAAS, auth=auth, http_client=http, sleep=cx_sleeps) as client:
        list(client.orders.iter(page_size=2))
        text = caplog.text + repr(client)
    assert "retrying GET /rest/all/V1/orders" in caplog.text
    for secret in ("CONSUMER-SECRET", "ACCESS-TOKEN", "TOKEN-SECRET", "oauth_signature"):
        assert secret not in text


def test_ims_tokens_never_reach_the_logs(caplog):
    def handler(request):
        if request.url.host == "ims-na1.adobelogin.com":
            return httpx.Response(200, json={"access_token": "JWT-SECRET", "expires_in": 99})
        return httpx.Response(401, json={"message": "The consumer isn't authorized."})

    caplog.set_level(logging.DEBUG)
    http = httpx.Client(transport=httpx.MockTransport(handler))
    auth = IMSCredentials("cid", "CLIENT-SECRET")
    with CommerceClient(SAAS, auth=auth, http_client=http) as client, pytest.raises(Exception):  # noqa: B017
        client.orders.get(1)
    assert "JWT-SECRET" not in caplog.text
    assert "CLIENT-SECRET" not in caplog.text


def test_iter_takes_the_page_size_of_the_search_when_none_is_given(cx_list):
    store = cx_list(orders(5))
    with paas(store.page) as client:
        assert len(list(client.orders.iter(SearchCriteria(page_size=4)))) == 5
    assert store.pages_asked == [1, 2]


def test_a_given_http_client_is_not_closed_but_an_owned_one_is():
    given = httpx.Client()
    with CommerceClient(PAAS, auth=BearerToken("t"), http_client=given):
        pass
    assert not given.is_closed
    owned = CommerceClient(PAAS, auth=BearerToken("t"))
    owned.close()
    assert owned._http.is_closed
    given.close()


def test_keyset_paging_filters_past_the_last_row_read(cx_recorder):
    rows = [
        {"entity_id": 5, "updated_at": "2024-05-01 10:00:00", "items": []},
        {"entity_id": 9, "updated_at": "2024-05-01 10:00:00", "items": []},
        {"entity_id": 2, "updated_at": "2024-05-01 11:00:00", "items": []},
    ]
    pages = [
        {"items": rows[:2], "total_count": 3},
        {"items": rows[2:], "total_count": 1},
    ]
    rec = cx_recorder(lambda request: httpx.Response(200, json=pages.pop(0)))
    since = datetime(2024, 5, 1, tzinfo=UTC)
    with paas(rec) as client:
        got = [
            o.entity_id for o in client.orders.iter(updated_since=since, page_size=2, keyset=True)
        ]
    assert got == [5, 9, 2]
    second = query(rec.requests[1])
    g = "searchCriteria[filter_groups]"
    assert second[f"{g}[1][filters][0][value]"] == "2024-05-01 10:00:00"
    assert second[f"{g}[1][filters][0][condition_type]"] == "gteq"
    assert second[f"{g}[2][filters][0][condition_type]"] == "gt"
    assert second[f"{g}[2][filters][1][field]"] == "entity_id"
    assert second[f"{g}[2][filters][1][value]"] == "9"
    assert second["searchCriteria[currentPage]"] == "1"


def test_keyset_paging_refuses_its_own_sort_orders_and_a_server_ignoring_the_filter(
    cx_recorder,
):
    rec = cx_recorder(
        lambda request: httpx.Response(200, json={"items": orders(2), "total_count": 10})
    )
    with paas(rec) as client:
        with pytest.raises(ValueError, match="sort orders"):
            list(client.orders.iter(SearchCriteria().order_by("x"), keyset=True))
        with pytest.raises(CommerceError, match="no progress"):
            list(client.orders.iter(page_size=2, keyset=True))
