"""CORS: the local stage answers the site under each of its names; deployed stages, their one origin."""

from __future__ import annotations

import pytest

from chalicelib.core.config import settings
from infra import stages
from tests.fixtures import post_json

LOCAL_ORIGINS = "http://127.0.0.1:8080,http://localhost:8080"


@pytest.fixture
def two_origins(monkeypatch):
    monkeypatch.setenv("SITE_ORIGIN", "http://127.0.0.1:8080")
    monkeypatch.setenv("SITE_ORIGINS", LOCAL_ORIGINS)
    settings.cache_clear()
    yield
    settings.cache_clear()


def test_each_allowed_origin_is_answered_with_itself(client, two_origins):
    for origin in ("http://localhost:8080", "http://127.0.0.1:8080"):
        response = client.http.get("/catalog", headers={"Origin": origin})
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == origin
        assert response.headers["Vary"] == "Origin"


def test_an_origin_not_on_the_list_gets_the_site_origin_never_a_wildcard(client, two_origins):
    for origin in ("http://evil.example", "http://localhost:8081", "null", "*"):
        response = client.http.get("/catalog", headers={"Origin": origin})
        assert response.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"
    assert client.http.get("/catalog").headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"


def test_errors_carry_the_requests_allowed_origin_too(client, two_origins):
    response = post_json(client, "/tickets", {"subject": ""}, {"Origin": "http://localhost:8080"})
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:8080"


def test_a_single_origin_stage_answers_exactly_it(client, monkeypatch):
    monkeypatch.setenv("SITE_ORIGIN", "https://support.example.com")
    monkeypatch.delenv("SITE_ORIGINS", raising=False)
    settings.cache_clear()
    try:
        response = client.http.get("/catalog", headers={"Origin": "http://localhost:8080"})
        assert response.headers["Access-Control-Allow-Origin"] == "https://support.example.com"
        assert "Vary" not in response.headers
    finally:
        settings.cache_clear()


@pytest.mark.parametrize("stage", stages.DEPLOYABLE)
def test_deployed_stages_keep_exactly_one_origin(stage):
    config = stages.stage_settings(stage)
    assert config.site_origins == (config.site_origin,)
    assert config.site_origin.startswith("https://")


def test_the_setting_reads_a_list_and_keeps_the_site_origin_first():
    from chalicelib.core.config import from_environment

    config = from_environment({"SITE_ORIGIN": "http://127.0.0.1:8080",
                               "SITE_ORIGINS": " http://localhost:8080/ ,http://127.0.0.1:8080,"})
    assert config.site_origins == ("http://127.0.0.1:8080", "http://localhost:8080")
