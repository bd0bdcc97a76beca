"""The cloud catalog matches PRODUCT §4, written out by hand here, and every value is sourced."""

from __future__ import annotations

import pytest

from cloudprep.core.catalog import TARGET_CLOUD_IDS, load_catalog

# id: (target, directory, login hosts, graph host, consent redirect for "contoso")
EXPECTED = {
    "commercial": (
        False,
        "entra-public",
        ("login.microsoftonline.com", "login.windows.net"),
        "graph.microsoft.com",
        "https://global.consent.azure-apim.net/redirect/contoso",
    ),
    "gcc": (
        True,
        "entra-public",
        ("login.microsoftonline.com", "login.windows.net"),
        "graph.microsoft.com",
        "https://global.consent.azure-apihub.us/redirect/contoso",
    ),
    "gcch": (
        True,
        "entra-usgov",
        ("login.microsoftonline.us",),
        "graph.microsoft.us",
        "https://global.consent.azure-apihub.us/redirect/contoso",
    ),
    "dod": (
        True,
        "entra-usgov",
        ("login.microsoftonline.us",),
        "dod-graph.microsoft.us",
        "https://global.consent.azure-apihub.us/redirect/contoso",
    ),
    "azgov": (
        True,
        "entra-usgov",
        ("login.microsoftonline.us",),
        "graph.microsoft.us",
        "https://global.consent.azure-apihub.us/redirect/contoso",
    ),
    "mooncake": (
        True,
        "entra-china",
        ("login.chinacloudapi.cn", "login.partner.microsoftonline.cn"),
        "microsoftgraph.chinacloudapi.cn",
        None,
    ),
}


@pytest.mark.parametrize("cloud_id", list(EXPECTED))
def test_catalog_matches_the_product_table(cloud_id: str) -> None:
    cloud = load_catalog().get(cloud_id)
    target, directory, logins, graph, redirect = EXPECTED[cloud_id]
    assert cloud.target is target
    assert cloud.directory == directory
    assert cloud.login_hosts.value == logins
    assert cloud.graph_host.value == graph
    assert cloud.redirect_for("contoso") == redirect


def test_targets_are_the_five_clouds_in_order() -> None:
    assert tuple(c.id for c in load_catalog().targets) == TARGET_CLOUD_IDS


def test_every_value_has_a_source_or_is_marked_unverified() -> None:
    for cloud in load_catalog().clouds:
        for value in (cloud.login_hosts, cloud.graph_host):
            assert value.verified, cloud.id
            assert all(s.url and s.url.startswith("https://") for s in value.sources)
        assert cloud.directory_sources
    mooncake = load_catalog().get("mooncake")
    assert not mooncake.consent_redirect.verified
    assert mooncake.notes_sources


def test_commercial_lists_legacy_and_regional_consent_redirects_as_known() -> None:
    known = load_catalog().commercial.known_consent_redirects.value
    assert "https://global.consent.azure-apim.net/redirect" in known
    assert "https://europe-001.consent.azure-apim.net/redirect" in known
    assert "https://msmanaged-na.consent.azure-apim.net/redirect" in known


def test_gcc_high_and_dod_carry_the_default_disabled_note() -> None:
    catalog = load_catalog()
    for cloud_id in ("gcch", "dod"):
        assert any("disabled by default" in n for n in catalog.get(cloud_id).notes)
    assert any("third-party" in n for n in catalog.get("mooncake").notes)


def test_unknown_cloud_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="gcch"):
        load_catalog().get("narnia")
