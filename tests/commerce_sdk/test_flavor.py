import pytest

from commerce_sdk import ConfigurationError, Flavor, detect_flavor, normalize_base_url


@pytest.mark.parametrize(
    "url",
    [
        "https://na1.api.commerce.adobe.com/AbC123xyz",
        "https://na1-sandbox.api.commerce.adobe.com/AbC123xyz/",
        "https://api.commerce.adobe.com/tenant-1",
        "https://eu1.api.commerce.adobe.com/T1/V1/orders?searchCriteria=",
        "https://na1-sandbox.api.commerce.adobe.com/T1/graphql",
    ],
)
def test_saas_urls_are_detected_including_pasted_endpoint_urls(url):
    assert detect_flavor(url) is Flavor.SAAS


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example.com",
        "https://shop.example.com/rest/default/V1",
        "https://x.us-4.magentosite.cloud/rest/",
        "https://na1.api.commerce.adobe.com/",  # no tenant segment
        "https://na1.api.commerce.adobe.com/a/b",  # two segments
        "https://api.commerce.adobe.com.evil.example/T1",
    ],
)
def test_everything_else_is_paas(url):
    assert detect_flavor(url) is Flavor.PAAS


@pytest.mark.parametrize(
    ("pasted", "base"),
    [
        ("https://shop.example.com/rest/default/V1/orders?x=1", "https://shop.example.com"),
        ("https://shop.example.com/rest/V1/orders/5", "https://shop.example.com"),
        ("https://shop.example.com/magento/rest/all/V1/", "https://shop.example.com/magento"),
        ("https://shop.example.com/", "https://shop.example.com"),
        (
            "https://na1.api.commerce.adobe.com/T1/V1/orders",
            "https://na1.api.commerce.adobe.com/T1",
        ),
        ("http://localhost:8080/rest", "http://localhost:8080"),
    ],
)
def test_pasted_endpoint_urls_are_cut_back_to_the_instance_root(pasted, base):
    assert normalize_base_url(pasted) == base


@pytest.mark.parametrize("bad", ["", "shop.example.com", "ftp://shop.example.com", "https://"])
def test_a_url_without_scheme_or_host_is_a_configuration_error_naming_it(bad):
    with pytest.raises(ConfigurationError, match="base_url"):
        normalize_base_url(bad)
